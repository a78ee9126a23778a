#include "cli/message_format.h"

#include "core/groups/service_message_text.h"
#include "protocol/objects.h"
#include "storage/secret_chat_id.h"

#include <QDateTime>
#include <QJsonArray>

namespace msgr::cli {
namespace {

QString isoDate(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

//! A text on one line: backslashes doubled, line breaks as \n.
QString escaped(QString text) {
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('\r'), QLatin1String("\\r"));
    text.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return text;
}

QJsonValue usernameOf(const UserIndex &users, qint64 id) {
    const auto it = users.constFind(id);
    return it == users.constEnd() ? QJsonValue(QJsonValue::Null) : QJsonValue(it->username);
}

QString handleOf(const UserIndex &users, qint64 id) {
    const auto it = users.constFind(id);
    return it == users.constEnd() ? QStringLiteral("user%1").arg(id)
                                  : QStringLiteral("@%1").arg(it->username);
}

//! A service message in words, members by their @username (as the lines name senders).
QString serviceText(const storage::MessageRecord &m, const UserIndex &users) {
    return core::groups::serviceMessageText(m, [&users](qint64 id) { return handleOf(users, id); });
}

QString stateOf(const storage::MessageRecord &m) {
    if (m.failure != storage::SendFailure::None)
        return QStringLiteral("failed");
    return m.pending ? QStringLiteral("pending") : QStringLiteral("sent");
}

QString kindOf(storage::ChatKind kind) {
    switch (kind) {
    case storage::ChatKind::Private:
        return QStringLiteral("private");
    case storage::ChatKind::Group:
        return QStringLiteral("group");
    case storage::ChatKind::Channel:
        return QStringLiteral("channel");
    }
    return QStringLiteral("unknown");
}

} // namespace

UserIndex indexUsers(const QList<storage::UserRecord> &users) {
    UserIndex index;
    for (const storage::UserRecord &u : users)
        index.insert(u.id, u);
    return index;
}

namespace {
QJsonObject messageFields(const storage::MessageRecord &m, const UserIndex &users, qint64 selfId) {
    const auto sender = users.constFind(m.senderId);
    QJsonObject fields{
        {QStringLiteral("chatId"), m.chatId},
        {QStringLiteral("id"), m.serverId},
        {QStringLiteral("localId"), m.localId},
        {QStringLiteral("date"), m.date},
        {QStringLiteral("senderId"), m.senderId},
        {QStringLiteral("sender"), usernameOf(users, m.senderId)},
        {QStringLiteral("senderName"), sender == users.constEnd()
                                           ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(sender->displayName)},
        {QStringLiteral("outgoing"), m.senderId == selfId},
        {QStringLiteral("text"), m.text},
        {QStringLiteral("state"), stateOf(m)},
        {QStringLiteral("secret"), storage::isSecretChatId(m.chatId)},
    };
    // A group's service message: what changed, in words (present only on those).
    if (m.isService())
        fields.insert(QStringLiteral("service"), serviceText(m, users));
    // docs/protocol.md §19: present only on replies and forwarded copies.
    if (m.replyToId != 0) {
        fields.insert(QStringLiteral("replyToId"), m.replyToId);
        fields.insert(QStringLiteral("replyExcerpt"), m.replyExcerpt);
    }
    if (m.forwardSenderId != 0) {
        fields.insert(QStringLiteral("forwardedFromId"), m.forwardSenderId);
        fields.insert(QStringLiteral("forwardedFromName"), m.forwardSenderName);
    }
    return fields;
}
} // namespace

QJsonObject messageJson(const storage::MessageRecord &m, const UserIndex &users, qint64 selfId) {
    QJsonObject out = messageFields(m, users, selfId);
    if (!m.attachments.isEmpty()) {
        // What a script needs to fetch each file: `download <fileId> <path>` (a secret chat's
        // file is opened with its key from the profile, §12.8).
        QJsonArray files;
        for (const storage::AttachmentRecord &a : m.attachments) {
            QJsonObject file{{QStringLiteral("fileId"), a.fileId},
                             {QStringLiteral("name"), a.name},
                             {QStringLiteral("mime"), a.mime},
                             {QStringLiteral("size"), a.size},
                             {QStringLiteral("kind"),
                              protocol::attachmentKindName(protocol::AttachmentKind(int(a.kind)))}};
            if (a.durationMs >= 0) // voice, audio, video: its length and a voice's levels
                file.insert(QStringLiteral("durationMs"), a.durationMs);
            if (!a.waveform.isEmpty())
                file.insert(QStringLiteral("waveform"), QString::fromLatin1(a.waveform.toHex()));
            files.append(file);
        }
        out.insert(QStringLiteral("attachments"), files);
    }
    return out;
}

QString messageLine(const storage::MessageRecord &m, const UserIndex &users, qint64 selfId) {
    QString line =
        QStringLiteral("%1 #%2 %3%4: %5")
            .arg(isoDate(m.date))
            .arg(m.chatId)
            .arg(m.senderId == selfId ? QStringLiteral("me") : handleOf(users, m.senderId),
                 m.pending || m.failure != storage::SendFailure::None
                     ? QStringLiteral(" [%1]").arg(stateOf(m))
                     : QString(),
                 escaped(m.isService() ? QStringLiteral("[%1]").arg(serviceText(m, users))
                                       : m.text));
    for (const storage::AttachmentRecord &a : m.attachments)
        line +=
            QStringLiteral(" [file %1 %2, %3 bytes]").arg(a.fileId, escaped(a.name)).arg(a.size);
    return line;
}

QJsonObject chatJson(const storage::ChatRecord &c, const UserIndex &users) {
    return {
        {QStringLiteral("id"), c.id},
        {QStringLiteral("kind"), kindOf(c.kind)},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("peerUserId"), c.peerUserId},
        {QStringLiteral("peer"),
         c.peerUserId ? usernameOf(users, c.peerUserId) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("unread"), c.unreadCount},
        {QStringLiteral("pinned"), c.pinnedPosition >= 0},
        {QStringLiteral("pinnedMessageId"), c.pinnedMessageId},
        {QStringLiteral("lastDate"), c.lastDate},
        {QStringLiteral("lastText"), c.lastText},
        {QStringLiteral("secret"), storage::isSecretChatId(c.id)},
    };
}

QString chatLine(const storage::ChatRecord &c, const UserIndex &users) {
    QString name = c.title;
    if (c.kind == storage::ChatKind::Private && c.peerUserId) {
        const auto peer = users.constFind(c.peerUserId);
        name = handleOf(users, c.peerUserId);
        if (peer != users.constEnd() && !peer->displayName.isEmpty())
            name += QStringLiteral(" (%1)").arg(peer->displayName);
    }
    return QStringLiteral("%1\t%2\t%3 unread\t%4")
        .arg(c.id)
        .arg(name)
        .arg(c.unreadCount)
        .arg(escaped(c.lastText));
}

} // namespace msgr::cli
