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

storage::MessageRecord toMessageRecord(const protocol::Message &message) {
    storage::MessageRecord r;
    r.serverId = message.id;
    r.chatId = message.chatId;
    r.senderId = message.senderId;
    r.date = message.date;
    r.text = message.text;
    r.randomId = message.randomId;
    return r;
}

storage::ChatInfo toChatInfo(const protocol::Chat &chat) {
    return storage::ChatInfo{chat.id, toChatKind(chat.kind), chat.title, chat.memberIds};
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
