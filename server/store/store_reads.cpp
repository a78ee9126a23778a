#include "server/store/store_reads.h"

#include "server/store/store_rows.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace msgr::server::reads {

namespace {

protocol::User userFromRow(const sqlite::Statement &row) {
    return protocol::User{row.int64(0), row.text(1), row.text(2)};
}

QString escapeLike(const QString &text) {
    QString escaped;
    escaped.reserve(text.size() + 4);
    for (const QChar c : text) {
        if (c == u'\\' || c == u'%' || c == u'_')
            escaped.append(u'\\');
        escaped.append(c);
    }
    return escaped;
}

} // namespace

std::optional<Account> account(sqlite::Connection &db, const QString &username) {
    sqlite::Statement s = db.prepare(
        "SELECT id, username, display_name, password_hash FROM users WHERE username = ?");
    s.bind(1, username);
    if (!s.step())
        return std::nullopt;
    return Account{userFromRow(s), s.blob(3)};
}

std::optional<SessionRef> sessionByTokenHash(sqlite::Connection &db, const QByteArray &tokenHash) {
    sqlite::Statement s = db.prepare("SELECT user_id, id, last_seen_at FROM devices WHERE "
                                     "token_hash = ? AND revoked_at IS NULL");
    s.bind(1, tokenHash);
    if (!s.step())
        return std::nullopt;
    return SessionRef{s.int64(0), s.int64(1), s.int64(2)};
}

QList<protocol::Device> devices(sqlite::Connection &db, qint64 userId) {
    sqlite::Statement s = db.prepare("SELECT id, name, created_at, last_seen_at FROM devices "
                                     "WHERE user_id = ? AND revoked_at IS NULL ORDER BY id");
    s.bind(1, userId);
    QList<protocol::Device> list;
    while (s.step())
        list.append(protocol::Device{s.int64(0), s.text(1), s.int64(2), s.int64(3), false});
    return list;
}

QList<protocol::User> searchUsers(sqlite::Connection &db, const QString &prefix, int limit) {
    if (limit <= 0 || prefix.isEmpty())
        return {};
    sqlite::Statement s = db.prepare("SELECT id, username, display_name FROM users "
                                     "WHERE username LIKE ? ESCAPE '\\' ORDER BY username LIMIT ?");
    s.bind(1, escapeLike(prefix) + u'%').bind(2, static_cast<qint64>(limit));
    QList<protocol::User> list;
    while (s.step())
        list.append(userFromRow(s));
    return list;
}

QList<protocol::User> users(sqlite::Connection &db, const QList<qint64> &ids) {
    QList<protocol::User> list;
    for (const qint64 id : ids) {
        sqlite::Statement s =
            db.prepare("SELECT id, username, display_name FROM users WHERE id = ?");
        s.bind(1, id);
        if (s.step())
            list.append(userFromRow(s));
    }
    return list;
}

QList<protocol::ChatSummary> chats(sqlite::Connection &db, qint64 userId) {
    sqlite::Transaction snapshot(db, sqlite::Transaction::Kind::Deferred);
    struct Row {
        protocol::ChatSummary summary;
        qint64 activity = 0; // date of the last message, else of the chat's creation
        qint64 lastId = 0;
    };
    QList<Row> entries;
    {
        sqlite::Statement s =
            db.prepare("SELECT m.chat_id, m.read_inbox_max_id,"
                       " (SELECT coalesce(max(o.read_inbox_max_id), 0) FROM chat_members o"
                       "   WHERE o.chat_id = m.chat_id AND o.user_id <> m.user_id),"
                       " (SELECT coalesce(max(o.delivered_max_id), 0) FROM chat_members o"
                       "   WHERE o.chat_id = m.chat_id AND o.user_id <> m.user_id)"
                       " FROM chat_members m WHERE m.user_id = ?");
        s.bind(1, userId);
        while (s.step()) {
            Row row;
            row.summary.chat.id = s.int64(0);
            row.summary.readInboxMaxId = s.int64(1);
            row.summary.readOutboxMaxId = s.int64(2);
            row.summary.deliveredMaxId = s.int64(3);
            entries.append(row);
        }
    }
    for (Row &row : entries) {
        protocol::ChatSummary &summary = row.summary;
        if (auto chat = rows::chat(db, summary.chat.id))
            summary.chat = std::move(*chat);
        row.activity = summary.chat.createdAt;
        row.lastId = rows::lastMessageId(db, summary.chat.id);
        if (row.lastId > 0) {
            if (auto last = rows::message(db, row.lastId)) {
                row.activity = last->date;
                summary.lastMessage = rows::forViewer(std::move(*last), userId);
            }
        }
        sqlite::Statement unread = db.prepare("SELECT count(*) FROM messages "
                                              "WHERE chat_id = ? AND id > ? AND sender_id <> ?");
        unread.bind(1, summary.chat.id).bind(2, summary.readInboxMaxId).bind(3, userId);
        summary.unreadCount = unread.step() ? unread.int64(0) : 0;
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
}

StoreResult<HistoryPage> history(sqlite::Connection &db, qint64 userId, qint64 chatId,
                                 qint64 beforeId, int limit) {
    if (!rows::isMember(db, chatId, userId))
        return StoreError::NotFound; // or no such chat: alike (store.h)
    HistoryPage page;
    if (limit <= 0)
        return page;
    // One row past the page says whether older messages remain.
    sqlite::Statement s =
        db.prepare("SELECT id, chat_id, sender_id, date, text, random_id FROM messages "
                   "WHERE chat_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    s.bind(1, chatId)
        .bind(2, beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max())
        .bind(3, static_cast<qint64>(limit) + 1);
    while (s.step()) {
        if (page.messages.size() == limit) {
            page.more = true;
            break;
        }
        page.messages.append(rows::forViewer(rows::messageFromRow(s), userId));
    }
    std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

} // namespace msgr::server::reads
