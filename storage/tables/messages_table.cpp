#include "storage/tables/messages_table.h"

#include "storage/message_order.h"

#include <QStringList>
#include <algorithm>
#include <limits>

namespace msgr::storage {
namespace {

//! The column list recordFromRow() reads, in its order.
#define MSGR_MESSAGE_COLUMNS                                                                       \
    "local_id, IFNULL(server_id, 0), chat_id, sender_id, date, text, IFNULL(random_id, 0), "       \
    "pending, failed, sort_key"

MessageRecord recordFromRow(const sql::Statement &row) {
    MessageRecord r;
    r.localId = row.int64(0);
    r.serverId = row.int64(1);
    r.chatId = row.int64(2);
    r.senderId = row.int64(3);
    r.date = row.int64(4);
    r.text = row.text(5);
    r.randomId = row.int64(6);
    r.pending = row.int64(7) != 0;
    r.failed = row.int64(8) != 0;
    r.sortKey = row.int64(9);
    return r;
}

std::optional<qint64> sortKeyOfRow(ReadTransaction &tx, qint64 localId) {
    auto &stmt = tx.db().cached("SELECT sort_key FROM messages WHERE local_id = ?1");
    if (!stmt.bind(1, localId).next())
        return std::nullopt;
    return stmt.int64(0);
}

} // namespace

std::optional<qint64> MessagesTable::findSent(ReadTransaction &tx, qint64 chatId, qint64 serverId) {
    auto &stmt =
        tx.db().cached("SELECT local_id FROM messages WHERE chat_id = ?1 AND server_id = ?2");
    if (stmt.bind(1, chatId).bind(2, serverId).next())
        return stmt.int64(0);
    return std::nullopt;
}

std::optional<MessageRecord> MessagesTable::findByRandomId(ReadTransaction &tx, qint64 randomId) {
    if (randomId == 0)
        return std::nullopt;
    auto &stmt =
        tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE random_id = ?1");
    if (stmt.bind(1, randomId).next())
        return recordFromRow(stmt);
    return std::nullopt;
}

MessageRecord MessagesTable::insertSent(WriteTransaction &tx, MessageRecord record) {
    record.pending = false;
    record.failed = false;
    record.sortKey = sentSortKey(record.serverId);
    auto &insert = tx.db().cached(
        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, random_id, pending, "
        "sort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)");
    tx.must(insert.bind(1, record.serverId)
                .bind(2, record.chatId)
                .bind(3, record.senderId)
                .bind(4, record.date)
                .bind(5, record.text)
                .bindIdOrNull(6, record.randomId)
                .bind(7, record.sortKey)
                .run(),
            "insert message");
    record.localId = tx.db().lastInsertRowId();
    tx.queueForIndex(record.localId, record.text);
    tx.noteMessageInserted(record);
    return record;
}

MessageRecord MessagesTable::adoptPending(WriteTransaction &tx, qint64 localId,
                                          MessageRecord sent) {
    // The update trigger removes the old text from the index: queued texts must be in it first.
    tx.indexQueuedTexts();
    sent.localId = localId;
    sent.pending = false;
    sent.failed = false;
    sent.sortKey = sentSortKey(sent.serverId);
    auto &stmt = tx.db().cached(
        "UPDATE messages SET server_id = ?1, chat_id = ?2, sender_id = ?3, date = ?4, "
        "text = ?5, pending = 0, failed = 0, sort_key = ?6 WHERE local_id = ?7");
    tx.must(stmt.bind(1, sent.serverId)
                .bind(2, sent.chatId)
                .bind(3, sent.senderId)
                .bind(4, sent.date)
                .bind(5, sent.text)
                .bind(6, sent.sortKey)
                .bind(7, localId)
                .run(),
            "mark pending as sent");
    tx.noteMessageUpdated(sent);
    return sent;
}

MessageRecord MessagesTable::insertPending(WriteTransaction &tx, qint64 chatId, qint64 senderId,
                                           const QString &text, qint64 randomId, qint64 date) {
    if (auto existing = findByRandomId(tx, randomId))
        return *existing; // enqueued before: one row per random id
    MessageRecord record;
    // The row id is chosen here so the sort key (which needs it) is written in the same INSERT.
    record.localId = tx.db().queryInt("SELECT IFNULL(max(local_id), 0) + 1 FROM messages;", -1);
    tx.must(record.localId > 0, "choose local id");
    record.chatId = chatId;
    record.senderId = senderId;
    record.date = date;
    record.text = text;
    record.randomId = randomId;
    record.pending = true;
    record.sortKey = pendingSortKey(record.localId);
    auto &insert = tx.db().cached(
        "INSERT INTO messages(local_id, server_id, chat_id, sender_id, date, text, random_id, "
        "pending, sort_key) VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, 1, ?7)");
    tx.must(insert.bind(1, record.localId)
                .bind(2, chatId)
                .bind(3, senderId)
                .bind(4, date)
                .bind(5, text)
                .bindIdOrNull(6, randomId)
                .bind(7, record.sortKey)
                .run(),
            "insert pending");
    tx.queueForIndex(record.localId, text);
    tx.noteMessageInserted(record);
    return record;
}

void MessagesTable::markFailed(WriteTransaction &tx, qint64 localId) {
    tx.must(tx.db()
                .cached("UPDATE messages SET failed = 1 WHERE local_id = ?1 AND pending != 0")
                .bind(1, localId)
                .run(),
            "mark failed");
    if (tx.db().changes() == 0)
        return;
    // The chat list shows the state of its last message: that row changes too.
    auto &chat = tx.db().cached("SELECT chat_id FROM messages WHERE local_id = ?1");
    if (chat.bind(1, localId).next())
        tx.noteChatChanged(chat.int64(0));
}

QList<MessageRecord> MessagesTable::page(ReadTransaction &tx, qint64 chatId, qint64 beforeLocalId,
                                         int limit) {
    limit = std::clamp(limit, 0, kMaxPageSize);
    qint64 before = std::numeric_limits<qint64>::max();
    if (beforeLocalId != 0) {
        const auto key = sortKeyOfRow(tx, beforeLocalId);
        if (!key)
            return {};
        before = *key;
    }
    QList<MessageRecord> out;
    auto &stmt = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                                "AND sort_key < ?2 ORDER BY sort_key DESC LIMIT ?3");
    stmt.bind(1, chatId).bind(2, before).bind(3, limit);
    while (stmt.next())
        out.append(recordFromRow(stmt));
    std::reverse(out.begin(), out.end());
    return out;
}

QList<MessageRecord> MessagesTable::around(ReadTransaction &tx, qint64 chatId, qint64 localId,
                                           int limit) {
    limit = std::clamp(limit, 0, kMaxPageSize);
    const auto key = sortKeyOfRow(tx, localId);
    if (!key || limit == 0)
        return {};
    QList<MessageRecord> newer;
    auto &after = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                                 "AND sort_key > ?2 ORDER BY sort_key ASC LIMIT ?3");
    after.bind(1, chatId).bind(2, *key).bind(3, limit / 2);
    while (after.next())
        newer.append(recordFromRow(after));
    // The target and older ones fill the rest, so a window near the newest end is still full.
    QList<MessageRecord> out;
    auto &upTo = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                                "AND sort_key <= ?2 ORDER BY sort_key DESC LIMIT ?3");
    upTo.bind(1, chatId).bind(2, *key).bind(3, limit - newer.size());
    while (upTo.next())
        out.append(recordFromRow(upTo));
    std::reverse(out.begin(), out.end());
    out.append(newer);
    return out;
}

QList<MessageRecord> MessagesTable::outbox(ReadTransaction &tx) {
    QList<MessageRecord> out;
    auto &stmt = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS
                                " FROM messages WHERE pending != 0 ORDER BY local_id");
    while (stmt.next())
        out.append(recordFromRow(stmt));
    return out;
}

QList<qint64> MessagesTable::failed(ReadTransaction &tx, qint64 chatId) {
    QList<qint64> out;
    auto &stmt = tx.db().cached("SELECT local_id FROM messages WHERE failed != 0 "
                                "AND (?1 = 0 OR chat_id = ?1) ORDER BY local_id");
    stmt.bind(1, chatId);
    while (stmt.next())
        out.append(stmt.int64(0));
    return out;
}

QString MessagesTable::ftsQueryFor(const QString &userText) {
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

QList<SearchHit> MessagesTable::search(ReadTransaction &tx, const QString &query, int limit) {
    limit = std::clamp(limit, 0, kMaxSearchResults);
    const QString match = ftsQueryFor(query);
    QList<SearchHit> out;
    if (match.isEmpty() || limit == 0)
        return out;
    auto &stmt = tx.db().cached(
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
