#include "storage/store_reader.h"

#include "storage/message_rows.h"
#include "storage/storage_logging.h"
#include "storage/store_writer.h"

#include <QStringList>
#include <algorithm>
#include <limits>

namespace msgr::storage {
namespace {

#define MSGR_CHAT_QUERY                                                                            \
    "SELECT c.id, c.kind, c.title, c.member_ids, c.read_inbox_max_id, c.read_outbox_max_id, "      \
    "c.delivered_max_id, c.unread_count, c.last_local_id, c.last_date, "                           \
    "IFNULL(m.text, ''), IFNULL(m.sender_id, 0), IFNULL(m.server_id, 0), IFNULL(m.pending, 0) "    \
    "FROM chats c LEFT JOIN messages m ON m.local_id = c.last_local_id "

OutgoingState outgoingState(const ChatRecord &chat, qint64 serverId, bool pending,
                            qint64 selfUserId) {
    if (chat.lastMessageLocalId == 0)
        return OutgoingState::None;
    if (pending)
        return OutgoingState::Pending;
    if (selfUserId == 0 || chat.lastSenderId != selfUserId)
        return OutgoingState::None;
    if (serverId <= chat.readOutboxMaxId)
        return OutgoingState::Read;
    if (serverId <= chat.deliveredMaxId)
        return OutgoingState::Delivered;
    return OutgoingState::Sent;
}

ChatRecord chatFromRow(const sql::Statement &row, qint64 selfUserId) {
    ChatRecord c;
    c.id = row.int64(0);
    c.kind = row.text(1);
    c.title = row.text(2);
    const QStringList members = row.text(3).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &m : members) {
        bool ok = false;
        const qint64 id = m.toLongLong(&ok);
        if (ok && id > 0)
            c.memberIds.append(id);
        else // written by this client as ids joined by commas: a damaged row, not a member
            qCWarning(lcStorage) << "chat" << c.id << "has an unreadable member id" << m;
    }
    if (c.kind == QLatin1String("private")) {
        // The other member; yourself when the chat holds only you (Saved Messages).
        for (qint64 id : c.memberIds)
            if (id != selfUserId)
                c.peerUserId = id;
        if (c.peerUserId == 0 && c.memberIds.contains(selfUserId))
            c.peerUserId = selfUserId;
    }
    c.readInboxMaxId = row.int64(4);
    c.readOutboxMaxId = row.int64(5);
    c.deliveredMaxId = row.int64(6);
    c.unreadCount = static_cast<int>(row.int64(7));
    c.lastMessageLocalId = row.int64(8);
    c.lastDate = row.int64(9);
    c.lastText = row.text(10);
    c.lastSenderId = row.int64(11);
    c.lastState = outgoingState(c, row.int64(12), row.int64(13) != 0, selfUserId);
    return c;
}

} // namespace

std::optional<AccountState> StoreReader::loadAccount() {
    auto &stmt = m_db.cached("SELECT user_id, device_id, username, token, pts FROM account WHERE "
                             "id = 1 AND token != ''");
    if (!stmt.next())
        return std::nullopt;
    AccountState a;
    a.userId = stmt.int64(0);
    a.deviceId = stmt.int64(1);
    a.username = stmt.text(2);
    a.token = stmt.text(3);
    a.pts = stmt.int64(4);
    return a;
}

qint64 StoreReader::storedSelfUserId() {
    auto &stmt = m_db.cached("SELECT user_id FROM account WHERE id = 1");
    return stmt.next() ? stmt.int64(0) : 0;
}

QList<ChatRecord> StoreReader::loadChats(qint64 selfUserId) {
    QList<ChatRecord> out;
    auto &stmt = m_db.cached(MSGR_CHAT_QUERY "ORDER BY c.last_date DESC, c.id DESC");
    while (stmt.next())
        out.append(chatFromRow(stmt, selfUserId));
    return out;
}

std::optional<ChatRecord> StoreReader::loadChat(qint64 chatId, qint64 selfUserId) {
    auto &stmt = m_db.cached(MSGR_CHAT_QUERY "WHERE c.id = ?1");
    if (!stmt.bind(1, chatId).next())
        return std::nullopt;
    return chatFromRow(stmt, selfUserId);
}

std::optional<qint64> StoreReader::sortKeyOf(qint64 localId) {
    auto &stmt = m_db.cached("SELECT sort_key FROM messages WHERE local_id = ?1");
    if (!stmt.bind(1, localId).next())
        return std::nullopt;
    return stmt.int64(0);
}

QList<MessageRecord> StoreReader::loadMessages(qint64 chatId, qint64 beforeLocalId, int limit) {
    limit = std::clamp(limit, 0, kMaxPageSize);
    qint64 before = std::numeric_limits<qint64>::max();
    if (beforeLocalId != 0) {
        const auto key = sortKeyOf(beforeLocalId);
        if (!key)
            return {};
        before = *key;
    }
    QList<MessageRecord> out;
    auto &stmt = m_db.cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                             "AND sort_key < ?2 ORDER BY sort_key DESC LIMIT ?3");
    stmt.bind(1, chatId).bind(2, before).bind(3, limit);
    while (stmt.next())
        out.append(messageRecordFromRow(stmt));
    std::reverse(out.begin(), out.end());
    return out;
}

QList<MessageRecord> StoreReader::loadMessagesAround(qint64 chatId, qint64 localId, int limit) {
    limit = std::clamp(limit, 0, kMaxPageSize);
    const auto key = sortKeyOf(localId);
    if (!key || limit == 0)
        return {};
    QList<MessageRecord> newer;
    auto &after = m_db.cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                              "AND sort_key > ?2 ORDER BY sort_key ASC LIMIT ?3");
    after.bind(1, chatId).bind(2, *key).bind(3, limit / 2);
    while (after.next())
        newer.append(messageRecordFromRow(after));
    // The target and older ones fill the rest, so a window near the newest end is still full.
    QList<MessageRecord> out;
    auto &upTo = m_db.cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                             "AND sort_key <= ?2 ORDER BY sort_key DESC LIMIT ?3");
    upTo.bind(1, chatId).bind(2, *key).bind(3, limit - newer.size());
    while (upTo.next())
        out.append(messageRecordFromRow(upTo));
    std::reverse(out.begin(), out.end());
    out.append(newer);
    return out;
}

QList<MessageRecord> StoreReader::loadOutbox() {
    QList<MessageRecord> out;
    auto &stmt = m_db.cached("SELECT " MSGR_MESSAGE_COLUMNS
                             " FROM messages WHERE pending != 0 ORDER BY local_id");
    while (stmt.next())
        out.append(messageRecordFromRow(stmt));
    return out;
}

QList<UserRecord> StoreReader::loadUsers(const QList<qint64> &ids) {
    QList<UserRecord> out;
    for (qint64 id : ids) {
        auto &stmt = m_db.cached("SELECT id, username, display_name FROM users WHERE id = ?1");
        if (stmt.bind(1, id).next())
            out.append(UserRecord{stmt.int64(0), stmt.text(1), stmt.text(2)});
    }
    return out;
}

QString StoreReader::ftsQueryFor(const QString &userText) {
    QStringList terms;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            terms.append(QLatin1Char('"') + word +
                         QStringLiteral("*\"")); // a quoted prefix: OR, NEAR stay words
        word.clear();
    };
    for (const QChar ch : userText.left(kMaxSearchQueryChars)) {
        if (ch.isLetterOrNumber())
            word.append(ch);
        else
            flush();
    }
    flush();
    return terms.join(QLatin1Char(' '));
}

QList<SearchHit> StoreReader::search(const QString &query, int limit) {
    limit = std::clamp(limit, 0, kMaxSearchResults);
    const QString match = ftsQueryFor(query);
    QList<SearchHit> out;
    if (match.isEmpty() || limit == 0)
        return out;
    auto &stmt = m_db.cached(
        "SELECT m.chat_id, m.local_id, IFNULL(m.server_id, 0), m.date, "
        "snippet(messages_fts, '', '', '\xE2\x80\xA6', -1, 12) "
        "FROM messages_fts JOIN messages m ON m.local_id = messages_fts.docid "
        // The newest hits BY DATE, not by local id: history fetched later (scrolling back) gets
        // higher local ids than newer messages, and a docid-ordered shortcut would let it push
        // newer matches out of the page. Sorting every hit costs ~0.85 s for very common words
        // in 1M messages; snippets are still built only for the rows returned.
        "WHERE messages_fts MATCH ?1 AND m.local_id IN ("
        " SELECT m2.local_id FROM messages_fts JOIN messages m2 ON m2.local_id = messages_fts.docid"
        " WHERE messages_fts MATCH ?1 ORDER BY m2.date DESC, m2.local_id DESC LIMIT ?2) "
        "ORDER BY m.date DESC, m.local_id DESC");
    stmt.bind(1, match).bind(2, limit);
    while (stmt.next())
        out.append(
            SearchHit{stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.text(4)});
    return out;
}

} // namespace msgr::storage
