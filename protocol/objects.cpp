#include "protocol/objects.h"

#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <QCborArray>

namespace msgr::protocol {
namespace {
using L = QLatin1StringView;

template <typename T> std::optional<T> finish(const MapReader &r, T value, QString *error) {
    if (r.ok())
        return value;
    if (error)
        *error = r.error();
    return std::nullopt;
}
} // namespace

QCborMap User::toCbor() const {
    return QCborMap{{L("id"), id}, {L("username"), username}, {L("displayName"), displayName}};
}

std::optional<User> User::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    User u;
    u.id = r.requireInt(L("id"), 1);
    u.username = r.requireString(L("username"), 1, kMaxUsernameChars);
    u.displayName = r.stringOr(L("displayName"), {}, kMaxDisplayNameChars);
    return finish(r, u, error);
}

QCborMap Device::toCbor() const {
    return QCborMap{{L("id"), id},
                    {L("name"), name},
                    {L("createdAt"), createdAt},
                    {L("lastSeenAt"), lastSeenAt},
                    {L("current"), current}};
}

std::optional<Device> Device::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Device d;
    d.id = r.requireInt(L("id"), 1);
    d.name = r.requireString(L("name"), 0, kMaxDeviceNameChars);
    d.createdAt = r.intOr(L("createdAt"), 0);
    d.lastSeenAt = r.intOr(L("lastSeenAt"), 0);
    d.current = r.boolOr(L("current"), false);
    return finish(r, d, error);
}

QString chatKindName(ChatKind kind) {
    switch (kind) {
    case ChatKind::Private:
        return QStringLiteral("private");
    case ChatKind::Group:
        return QStringLiteral("group");
    case ChatKind::Channel:
        return QStringLiteral("channel");
    }
    return QStringLiteral("private");
}

std::optional<ChatKind> chatKindFromName(const QString &name) {
    for (ChatKind k : {ChatKind::Private, ChatKind::Group, ChatKind::Channel}) {
        if (chatKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QCborMap Photo::toCbor() const {
    QCborMap map{{L("fileId"), fileId}};
    if (!thumbnail.isEmpty())
        map.insert(L("thumbnail"), thumbnail);
    return map;
}

namespace {
Photo readPhotoFields(MapReader &r) {
    Photo p;
    p.fileId = r.requireString(L("fileId"), kFileIdChars, kFileIdChars);
    if (r.ok() && !isFileId(p.fileId))
        r.fail(ErrorCode::BadRequest,
               QStringLiteral("field 'fileId' must be %1 lowercase hex digits").arg(kFileIdChars));
    p.thumbnail = r.bytesOr(L("thumbnail"), kMaxThumbnailBytes);
    return p;
}
} // namespace

std::optional<Photo> Photo::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Photo p = readPhotoFields(r);
    return finish(r, p, error);
}

std::optional<Photo> readPhoto(MapReader &r, QLatin1StringView key) {
    if (!r.has(key))
        return std::nullopt;
    const QCborMap map = r.requireMap(key);
    if (!r.ok())
        return std::nullopt;
    MapReader inner(map);
    Photo p = readPhotoFields(inner);
    if (!inner.ok()) {
        r.fail(inner.errorCode(), QStringLiteral("%1: %2").arg(key, inner.error()));
        return std::nullopt;
    }
    return p;
}

QCborMap Chat::toCbor() const {
    QCborArray members;
    for (qint64 m : memberIds)
        members.append(m);
    QCborMap map{{L("id"), id},
                 {L("kind"), chatKindName(kind)},
                 {L("title"), title},
                 {L("memberIds"), members},
                 {L("createdAt"), createdAt}};
    // Only groups have roles; a private chat's frame stays as it was.
    if (ownerId != 0)
        map.insert(L("ownerId"), ownerId);
    if (!adminIds.isEmpty()) {
        QCborArray admins;
        for (qint64 a : adminIds)
            admins.append(a);
        map.insert(L("adminIds"), admins);
    }
    if (pinnedMessageId != 0)
        map.insert(L("pinnedMessageId"), pinnedMessageId);
    if (migratedTo != 0)
        map.insert(L("migratedTo"), migratedTo);
    if (!photo.isNone())
        map.insert(L("photo"), photo.toCbor());
    return map;
}

std::optional<Chat> Chat::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Chat c;
    c.id = r.requireInt(L("id"), 1);
    const QString kindName = r.requireString(L("kind"), 1, 16);
    c.title = r.stringOr(L("title"), {}, 256);
    // Empty: the group its last member left (that member's answer and chatChanged, §5 Groups).
    c.memberIds = r.requireIntArray(L("memberIds"), 0, 200'000);
    c.createdAt = r.intOr(L("createdAt"), 0);
    c.ownerId = r.intOr(L("ownerId"), 0, 0);
    if (r.has(L("adminIds")))
        c.adminIds = r.requireIntArray(L("adminIds"), 0, kMaxGroupMembers);
    c.pinnedMessageId = r.intOr(L("pinnedMessageId"), 0, 0);
    c.migratedTo = r.intOr(L("migratedTo"), 0, 0);
    c.photo = readPhoto(r, L("photo")).value_or(Photo{});
    if (r.ok()) {
        const auto kind = chatKindFromName(kindName);
        if (!kind) {
            if (error)
                *error = QStringLiteral("unknown chat kind '%1'").arg(kindName);
            return std::nullopt;
        }
        c.kind = *kind;
    }
    return finish(r, c, error);
}

QString attachmentKindName(AttachmentKind kind) {
    switch (kind) {
    case AttachmentKind::Photo:
        return QStringLiteral("photo");
    case AttachmentKind::Video:
        return QStringLiteral("video");
    case AttachmentKind::Voice:
        return QStringLiteral("voice");
    case AttachmentKind::Audio:
        return QStringLiteral("audio");
    case AttachmentKind::File:
        return QStringLiteral("file");
    }
    return QStringLiteral("file");
}

std::optional<AttachmentKind> attachmentKindFromName(const QString &name) {
    for (AttachmentKind k : {AttachmentKind::Photo, AttachmentKind::Video, AttachmentKind::Voice,
                             AttachmentKind::Audio, AttachmentKind::File}) {
        if (attachmentKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QString actionKindName(ActionKind kind) {
    switch (kind) {
    case ActionKind::GroupCreated:
        return QStringLiteral("groupCreated");
    case ActionKind::TitleChanged:
        return QStringLiteral("titleChanged");
    case ActionKind::MembersAdded:
        return QStringLiteral("membersAdded");
    case ActionKind::MemberRemoved:
        return QStringLiteral("memberRemoved");
    case ActionKind::MemberLeft:
        return QStringLiteral("memberLeft");
    case ActionKind::UpgradedTo:
        return QStringLiteral("upgradedTo");
    case ActionKind::PhotoChanged:
        return QStringLiteral("photoChanged");
    case ActionKind::PhotoRemoved:
        return QStringLiteral("photoRemoved");
    }
    return QStringLiteral("groupCreated");
}

std::optional<ActionKind> actionKindFromName(const QString &name) {
    for (ActionKind k :
         {ActionKind::GroupCreated, ActionKind::TitleChanged, ActionKind::MembersAdded,
          ActionKind::MemberRemoved, ActionKind::MemberLeft, ActionKind::UpgradedTo,
          ActionKind::PhotoChanged, ActionKind::PhotoRemoved}) {
        if (actionKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

bool isFileId(QStringView id) {
    if (id.size() != kFileIdChars)
        return false;
    for (const QChar c : id) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

QCborMap Attachment::toCbor() const {
    QCborMap m{{L("fileId"), fileId},
               {L("kind"), attachmentKindName(kind)},
               {L("size"), size},
               {L("mime"), mime},
               {L("name"), name}};
    if (width)
        m.insert(L("width"), *width);
    if (height)
        m.insert(L("height"), *height);
    if (durationMs)
        m.insert(L("durationMs"), *durationMs);
    if (!thumbnail.isEmpty())
        m.insert(L("thumbnail"), thumbnail);
    if (!waveform.isEmpty())
        m.insert(L("waveform"), waveform);
    return m;
}

namespace {
//! One attachment's fields, violations recorded in `r`.
Attachment readAttachment(MapReader &r) {
    Attachment a;
    a.fileId = r.requireString(L("fileId"), kFileIdChars, kFileIdChars);
    if (r.ok() && !isFileId(a.fileId))
        r.fail(ErrorCode::BadRequest,
               QStringLiteral("field 'fileId' must be %1 lowercase hex digits").arg(kFileIdChars));
    const QString kindName = r.requireString(L("kind"), 1, 16);
    if (r.ok()) {
        if (const auto kind = attachmentKindFromName(kindName))
            a.kind = *kind;
        else
            r.fail(ErrorCode::BadRequest, QStringLiteral("unknown attachment kind"));
    }
    a.size = r.requireInt(L("size"), 0, kMaxFileBytes);
    a.mime = r.stringOr(L("mime"), {}, kMaxMimeChars);
    a.name = r.stringOr(L("name"), {}, kMaxAttachmentNameChars);
    if (r.has(L("width")))
        a.width = int(r.requireInt(L("width"), 1, kMaxMediaDimension));
    if (r.has(L("height")))
        a.height = int(r.requireInt(L("height"), 1, kMaxMediaDimension));
    if (r.has(L("durationMs")))
        a.durationMs = r.requireInt(L("durationMs"), 0, kMaxMediaDurationMs);
    a.thumbnail = r.bytesOr(L("thumbnail"), kMaxThumbnailBytes);
    a.waveform = r.bytesOr(L("waveform"), kMaxWaveformBytes);
    return a;
}
} // namespace

std::optional<Attachment> Attachment::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Attachment a = readAttachment(r);
    return finish(r, a, error);
}

QList<Attachment> readAttachments(MapReader &r) {
    if (!r.has(L("attachments")))
        return {};
    const QCborArray array = r.requireArray(L("attachments"), kMaxAttachments);
    QList<Attachment> out;
    if (!r.ok())
        return out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QCborValue item = array.at(i);
        if (!item.isMap()) {
            r.fail(ErrorCode::BadRequest, QStringLiteral("attachment %1 must be a map").arg(i));
            return {};
        }
        MapReader inner(item.toMap());
        Attachment a = readAttachment(inner);
        if (!inner.ok()) {
            r.fail(inner.errorCode(),
                   QStringLiteral("attachment %1: %2").arg(i).arg(inner.error()));
            return {};
        }
        out.append(std::move(a));
    }
    return out;
}

void insertAttachments(QCborMap &map, const QList<Attachment> &attachments) {
    if (attachments.isEmpty())
        return;
    QCborArray list;
    for (const Attachment &a : attachments)
        list.append(a.toCbor());
    map.insert(L("attachments"), list);
}

QCborMap MessageAction::toCbor() const {
    QCborMap map{{L("type"), actionKindName(kind)}};
    if (!userIds.isEmpty()) {
        QCborArray users;
        for (qint64 u : userIds)
            users.append(u);
        map.insert(L("userIds"), users);
    }
    if (!title.isEmpty())
        map.insert(L("title"), title);
    if (chatId != 0)
        map.insert(L("chatId"), chatId);
    if (!photo.isNone())
        map.insert(L("photo"), photo.toCbor());
    return map;
}

std::optional<MessageAction> MessageAction::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    MessageAction a;
    const QString typeName = r.requireString(L("type"), 1, 32);
    if (r.has(L("userIds")))
        a.userIds = r.requireIntArray(L("userIds"), 0, kMaxGroupMembers);
    a.title = r.stringOr(L("title"), {}, kMaxGroupTitleChars);
    a.chatId = r.intOr(L("chatId"), 0, 0);
    a.photo = readPhoto(r, L("photo")).value_or(Photo{});
    if (r.ok()) {
        const auto kind = actionKindFromName(typeName);
        if (!kind) {
            if (error)
                *error = QStringLiteral("unknown action '%1'").arg(typeName);
            return std::nullopt;
        }
        a.kind = *kind;
    }
    return finish(r, a, error);
}

QCborMap ReplyTo::toCbor() const {
    return {{L("messageId"), messageId}, {L("senderId"), senderId}, {L("excerpt"), excerpt}};
}

std::optional<ReplyTo> ReplyTo::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ReplyTo t;
    t.messageId = r.requireInt(L("messageId"), 1);
    t.senderId = r.requireInt(L("senderId"), 1);
    t.excerpt = r.stringOr(L("excerpt"), {}, kMaxReplyExcerptChars);
    return finish(r, t, error);
}

QCborMap ForwardedFrom::toCbor() const {
    QCborMap map{{L("senderId"), senderId}, {L("date"), date}};
    if (!senderName.isEmpty())
        map.insert(L("senderName"), senderName);
    return map;
}

std::optional<ForwardedFrom> ForwardedFrom::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ForwardedFrom f;
    f.senderId = r.requireInt(L("senderId"), 1);
    f.senderName = r.stringOr(L("senderName"), {}, kMaxDisplayNameChars);
    f.date = r.requireInt(L("date"), 0);
    return finish(r, f, error);
}

QCborMap Message::toCbor() const {
    QCborMap map{{L("id"), id},     {L("chatId"), chatId}, {L("senderId"), senderId},
                 {L("date"), date}, {L("text"), text},     {L("randomId"), randomId}};
    if (action)
        map.insert(L("action"), action->toCbor());
    if (editedAt > 0) // absent when never edited, so other frames stay as they were
        map.insert(L("editedAt"), editedAt);
    if (replyTo) // absent unless a reply, so other frames stay as they were
        map.insert(L("replyTo"), replyTo->toCbor());
    if (forwardedFrom)
        map.insert(L("forwardedFrom"), forwardedFrom->toCbor());
    if (commentCount > 0) // §22: absent on everything but a channel post with comments
        map.insert(L("commentCount"), commentCount);
    insertAttachments(map, attachments);
    return map;
}

std::optional<Message> Message::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Message m;
    m.id = r.requireInt(L("id"), 1);
    m.chatId = r.requireInt(L("chatId"), 1);
    m.senderId = r.requireInt(L("senderId"), 1);
    m.date = r.requireInt(L("date"), 0);
    m.text = r.requireString(L("text"), 0, kMaxTextChars);
    m.randomId = r.intOr(L("randomId"), 0);
    m.editedAt = r.intOr(L("editedAt"), 0, 0);
    m.commentCount = r.intOr(L("commentCount"), 0, 0);
    m.attachments = readAttachments(r);
    QCborMap actionMap, replyMap, forwardMap;
    if (r.has(L("action")))
        actionMap = r.requireMap(L("action"));
    if (r.has(L("replyTo")))
        replyMap = r.requireMap(L("replyTo"));
    if (r.has(L("forwardedFrom")))
        forwardMap = r.requireMap(L("forwardedFrom"));
    if (!r.ok())
        return finish(r, m, error);
    if (r.has(L("action"))) {
        m.action = MessageAction::fromCbor(actionMap, error);
        if (!m.action)
            return std::nullopt;
    }
    if (r.has(L("replyTo"))) {
        m.replyTo = ReplyTo::fromCbor(replyMap, error);
        if (!m.replyTo)
            return std::nullopt;
    }
    if (r.has(L("forwardedFrom"))) {
        m.forwardedFrom = ForwardedFrom::fromCbor(forwardMap, error);
        if (!m.forwardedFrom)
            return std::nullopt;
    }
    return m;
}

QCborMap ChatSummary::toCbor() const {
    QCborMap m{{L("chat"), chat.toCbor()},
               {L("unreadCount"), unreadCount},
               {L("readInboxMaxId"), readInboxMaxId},
               {L("readOutboxMaxId"), readOutboxMaxId},
               {L("deliveredMaxId"), deliveredMaxId}};
    if (lastMessage)
        m.insert(L("lastMessage"), lastMessage->toCbor());
    return m;
}

std::optional<ChatSummary> ChatSummary::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ChatSummary s;
    const QCborMap chatMap = r.requireMap(L("chat"));
    s.unreadCount = r.intOr(L("unreadCount"), 0, 0);
    s.readInboxMaxId = r.intOr(L("readInboxMaxId"), 0, 0);
    s.readOutboxMaxId = r.intOr(L("readOutboxMaxId"), 0, 0);
    s.deliveredMaxId = r.intOr(L("deliveredMaxId"), 0, 0);
    QCborMap lastMap;
    if (r.has(L("lastMessage")))
        lastMap = r.requireMap(L("lastMessage"));
    if (!r.ok())
        return finish(r, s, error);
    const auto chat = Chat::fromCbor(chatMap, error);
    if (!chat)
        return std::nullopt;
    s.chat = *chat;
    if (!lastMap.isEmpty()) {
        s.lastMessage = Message::fromCbor(lastMap, error);
        if (!s.lastMessage)
            return std::nullopt;
    }
    return s;
}

} // namespace msgr::protocol
