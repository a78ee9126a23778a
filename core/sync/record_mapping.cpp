#include "core/sync/record_mapping.h"

namespace msgr::core {

storage::ChatKind toChatKind(protocol::ChatKind kind) {
    switch (kind) {
    case protocol::ChatKind::Private:
        return storage::ChatKind::Private;
    case protocol::ChatKind::Group:
        return storage::ChatKind::Group;
    case protocol::ChatKind::Channel:
        return storage::ChatKind::Channel;
    }
    return storage::ChatKind::Private;
}

protocol::ChatKind toProtocolChatKind(storage::ChatKind kind) {
    switch (kind) {
    case storage::ChatKind::Private:
        return protocol::ChatKind::Private;
    case storage::ChatKind::Group:
        return protocol::ChatKind::Group;
    case storage::ChatKind::Channel:
        return protocol::ChatKind::Channel;
    }
    return protocol::ChatKind::Private;
}

storage::ActionKind toActionKind(protocol::ActionKind kind) {
    switch (kind) {
    case protocol::ActionKind::GroupCreated:
        return storage::ActionKind::GroupCreated;
    case protocol::ActionKind::TitleChanged:
        return storage::ActionKind::TitleChanged;
    case protocol::ActionKind::MembersAdded:
        return storage::ActionKind::MembersAdded;
    case protocol::ActionKind::MemberRemoved:
        return storage::ActionKind::MemberRemoved;
    case protocol::ActionKind::MemberLeft:
        return storage::ActionKind::MemberLeft;
    case protocol::ActionKind::UpgradedTo:
        return storage::ActionKind::UpgradedTo;
    case protocol::ActionKind::PhotoChanged:
        return storage::ActionKind::PhotoChanged;
    case protocol::ActionKind::PhotoRemoved:
        return storage::ActionKind::PhotoRemoved;
    }
    return storage::ActionKind::None;
}

storage::MessageRecord toMessageRecord(const protocol::Message &message) {
    storage::MessageRecord r;
    r.serverId = message.id;
    r.chatId = message.chatId;
    r.senderId = message.senderId;
    r.date = message.date;
    r.text = message.text;
    r.randomId = message.randomId;
    r.editedAt = message.editedAt;
    if (message.replyTo) {
        r.replyToId = message.replyTo->messageId;
        r.replySenderId = message.replyTo->senderId;
        r.replyExcerpt = message.replyTo->excerpt;
    }
    if (message.action) {
        r.actionKind = toActionKind(message.action->kind);
        r.actionUserIds = message.action->userIds;
        // The supergroup an upgraded group points to, in the ids column (no schema change).
        if (message.action->kind == protocol::ActionKind::UpgradedTo)
            r.actionUserIds = {message.action->chatId};
        r.actionTitle = message.action->title;
        // The group's new photo (§24), in the title column (no schema change).
        if (message.action->kind == protocol::ActionKind::PhotoChanged)
            r.actionTitle = message.action->photo.fileId;
    }
    if (message.forwardedFrom) {
        r.forwardSenderId = message.forwardedFrom->senderId;
        r.forwardSenderName = message.forwardedFrom->senderName;
        r.forwardDate = message.forwardedFrom->date;
    }
    r.attachments.reserve(message.attachments.size());
    for (const protocol::Attachment &a : message.attachments)
        r.attachments.append(toAttachmentRecord(a));
    return r;
}

storage::AttachmentKind toAttachmentKind(protocol::AttachmentKind kind) {
    switch (kind) {
    case protocol::AttachmentKind::Photo:
        return storage::AttachmentKind::Photo;
    case protocol::AttachmentKind::Video:
        return storage::AttachmentKind::Video;
    case protocol::AttachmentKind::Voice:
        return storage::AttachmentKind::Voice;
    case protocol::AttachmentKind::Audio:
        return storage::AttachmentKind::Audio;
    case protocol::AttachmentKind::File:
        break;
    }
    return storage::AttachmentKind::File;
}

protocol::AttachmentKind toProtocolAttachmentKind(storage::AttachmentKind kind) {
    switch (kind) {
    case storage::AttachmentKind::Photo:
        return protocol::AttachmentKind::Photo;
    case storage::AttachmentKind::Video:
        return protocol::AttachmentKind::Video;
    case storage::AttachmentKind::Voice:
        return protocol::AttachmentKind::Voice;
    case storage::AttachmentKind::Audio:
        return protocol::AttachmentKind::Audio;
    case storage::AttachmentKind::File:
        break;
    }
    return protocol::AttachmentKind::File;
}

storage::AttachmentRecord toAttachmentRecord(const protocol::Attachment &attachment) {
    storage::AttachmentRecord r;
    r.fileId = attachment.fileId;
    r.kind = toAttachmentKind(attachment.kind);
    r.size = attachment.size;
    r.mime = attachment.mime;
    r.name = attachment.name;
    r.width = attachment.width.value_or(0);
    r.height = attachment.height.value_or(0);
    r.durationMs = attachment.durationMs.value_or(-1);
    r.thumbnail = attachment.thumbnail;
    r.waveform = attachment.waveform;
    return r;
}

protocol::Attachment toProtocolAttachment(const storage::AttachmentRecord &attachment) {
    protocol::Attachment a;
    a.fileId = attachment.fileId;
    a.kind = toProtocolAttachmentKind(attachment.kind);
    a.size = attachment.size;
    a.mime = attachment.mime;
    a.name = attachment.name;
    if (attachment.width > 0 && attachment.height > 0) {
        a.width = attachment.width;
        a.height = attachment.height;
    }
    if (attachment.durationMs >= 0)
        a.durationMs = attachment.durationMs;
    a.thumbnail = attachment.thumbnail;
    a.waveform = attachment.waveform;
    return a;
}

storage::ChatInfo toChatInfo(const protocol::Chat &chat) {
    return storage::ChatInfo{chat.id,        toChatKind(chat.kind),    chat.title,
                             chat.memberIds, chat.pinnedMessageId,     chat.ownerId,
                             chat.adminIds,  toPhotoRecord(chat.photo)};
}

storage::PhotoRecord toPhotoRecord(const protocol::Photo &photo) {
    return storage::PhotoRecord{photo.fileId, photo.thumbnail};
}

storage::ChatMarks toChatMarks(const protocol::ChatSummary &summary) {
    return storage::ChatMarks{static_cast<int>(summary.unreadCount), summary.readInboxMaxId,
                              summary.readOutboxMaxId, summary.deliveredMaxId};
}

storage::UserRecord toUserRecord(const protocol::User &user) {
    return storage::UserRecord{user.id, user.username, user.displayName};
}

QList<storage::UserRecord> toUserRecords(const QList<protocol::User> &users) {
    QList<storage::UserRecord> out;
    out.reserve(users.size());
    for (const protocol::User &u : users)
        out.append(toUserRecord(u));
    return out;
}

} // namespace msgr::core
