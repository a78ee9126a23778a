#include "server/domain/chats.h"

#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include <algorithm>
#include <numeric>

namespace msgr::server::domain {

namespace {

//! "minId:maxId": the one key of the private chat of two users, whoever opens it.
QString privatePairKey(qint64 a, qint64 b) {
    return QStringLiteral("%1:%2").arg(std::min(a, b)).arg(std::max(a, b));
}

} // namespace

protocol::Chat Chats::chatOf(const ChatRecord &record, const QList<MemberRecord> &members) {
    protocol::Chat chat{record.id, record.kind, record.title, {}, record.createdAt};
    chat.pinnedMessageId = record.pinnedMessageId;
    chat.photo = record.photo; // §24
    chat.memberIds.reserve(members.size());
    for (const MemberRecord &m : members) {
        chat.memberIds.append(m.userId);
        if (m.role == MemberRole::Owner)
            chat.ownerId = m.userId;
        else if (m.role == MemberRole::Admin)
            chat.adminIds.append(m.userId);
    }
    return chat;
}

std::optional<protocol::Chat> Chats::chat(RecordReader &records, qint64 chatId) {
    const std::optional<ChatRecord> record = records.chat(chatId);
    if (!record)
        return std::nullopt;
    protocol::Chat chat = chatOf(*record, records.members(chatId));
    if (record->kind == protocol::ChatKind::Group)
        chat.migratedTo = records.groupMigratedTo(chatId).value_or(0); // §23
    return chat;
}

void Chats::openPrivateChat(qint64 callerId, qint64 peerId, qint64 now,
                            std::function<void(StoreResult<OpenedChat>)> done) {
    writeUnit<OpenedChat>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<OpenedChat> {
            if (!records.user(peerId) || !records.user(callerId))
                return StoreError::NotFound;
            const QString key = privatePairKey(callerId, peerId);
            OpenedChat opened;
            if (const std::optional<qint64> existing = records.chatByUniqueKey(key)) {
                auto found = chat(records, *existing);
                if (!found)
                    return StoreError::Internal;
                opened.chat = std::move(*found);
                opened.callerPts = UpdateLog::currentPts(records, callerId);
                return opened;
            }
            const qint64 chatId =
                records.insertChat(protocol::ChatKind::Private, QString(), now, key);
            // Talking to oneself ("Saved Messages") is a chat with one member.
            QList<qint64> members{std::min(callerId, peerId)};
            if (peerId != callerId)
                members.append(std::max(callerId, peerId));
            for (const qint64 member : members)
                records.insertMember(chatId, member, now, MemberRole::Member);
            opened.chat =
                protocol::Chat{chatId, protocol::ChatKind::Private, QString(), members, now};
            opened.created = true;
            for (const qint64 member : members) {
                opened.updates.append(
                    UpdateLog::append(records, member, protocol::NewChatUpdate{opened.chat}));
                if (member == callerId)
                    opened.callerPts = opened.updates.last().logged.pts;
            }
            return opened;
        },
        std::move(done));
}

StoreResult<QList<qint64>> Chats::typingAudience(qint64 callerId, qint64 chatId) {
    return readUnit<QList<qint64>>(
        m_store, [&](RecordReader &records) -> StoreResult<QList<qint64>> {
            if (!visibility::membership(records, chatId, callerId))
                return StoreError::NotFound;
            const std::optional<ChatRecord> chat = records.chat(chatId);
            if (!chat)
                return StoreError::NotFound;
            QList<qint64> audience; // at most kMaxGroupMembers - 1: a bounded fan-out
            if (chat->kind == protocol::ChatKind::Channel)
                return audience; // subscribers are not told who of the admins writes
            for (const MemberRecord &m : records.members(chatId)) {
                if (m.userId == callerId)
                    continue;
                // As for a message (USER_BLOCKED): nothing crosses a block in a private chat.
                if (chat->kind == protocol::ChatKind::Private &&
                    (records.isBlocked(m.userId, callerId) ||
                     records.isBlocked(callerId, m.userId)))
                    continue;
                audience.append(m.userId);
            }
            return audience;
        });
}

StoreResult<QList<protocol::ChatSummary>> Chats::chats(qint64 userId) {
    return readUnit<QList<protocol::ChatSummary>>(m_store, [&](RecordReader &records) {
        struct Row {
            protocol::ChatSummary summary;
            qint64 activity = 0; // date of the last message, else of the chat's creation
            qint64 lastId = 0;
        };
        QList<Row> entries;
        for (const MemberRecord &own : records.membershipsOf(userId)) {
            Row row;
            protocol::ChatSummary &summary = row.summary;
            const QList<MemberRecord> members = records.members(own.chatId);
            summary.readInboxMaxId = own.readInboxMaxId;
            // What the others did with this user's messages: the furthest of them.
            for (const MemberRecord &other : members) {
                if (other.userId == userId)
                    continue;
                summary.readOutboxMaxId = std::max(summary.readOutboxMaxId, other.readInboxMaxId);
                summary.deliveredMaxId = std::max(summary.deliveredMaxId, other.deliveredMaxId);
            }
            if (const std::optional<ChatRecord> record = records.chat(own.chatId))
                summary.chat = chatOf(*record, members);
            else
                summary.chat.id = own.chatId;
            row.activity = summary.chat.createdAt;
            if (auto last = records.lastMessageFor(userId, own.chatId)) {
                row.lastId = last->id;
                row.activity = last->date;
                summary.lastMessage = visibility::forViewer(std::move(*last), userId);
            }
            // A member's own messages are never unread.
            summary.unreadCount =
                records.countMessagesAfter(own.chatId, own.readInboxMaxId, userId);
            entries.append(std::move(row));
        }
        // Sort positions rather than rows: moving std::optional<Message> around in std::sort
        // trips GCC 12's -Wmaybe-uninitialized.
        QList<qsizetype> order(entries.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&entries](qsizetype x, qsizetype y) {
            const Row &a = entries.at(x);
            const Row &b = entries.at(y);
            if (a.activity != b.activity)
                return a.activity > b.activity;
            if (a.lastId != b.lastId)
                return a.lastId > b.lastId;
            return a.summary.chat.id > b.summary.chat.id;
        });
        QList<protocol::ChatSummary> list;
        list.reserve(entries.size());
        for (const qsizetype index : order)
            list.append(entries.at(index).summary);
        return list;
    });
}

} // namespace msgr::server::domain
