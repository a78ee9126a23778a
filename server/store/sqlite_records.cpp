#include "server/store/sqlite_records.h"

#include "protocol/map_reader.h"
#include "server/store/sqlite_message_rows.h"
#include "server/store/sqlite_schema.h"

#include <QCborMap>
#include <QCborValue>

#include <algorithm>
#include <array>
#include <string>

namespace msgr::server::sqlite {

namespace {

protocol::User userFromRow(const Statement &row) {
    return protocol::User{row.int64(0), row.text(1), row.text(2)};
}

//! Columns id, chat_id, sender_id, date, text, random_id, attachments, action, edited_at, then
//! the reply's and the forward's (schema 14).
constexpr const char *kMessageColumns =
    "id, chat_id, sender_id, date, text, random_id, attachments, action, edited_at, "
    "reply_to_id, reply_sender_id, reply_excerpt, forward_sender_id, forward_sender_name, "
    "forward_date";

//! A service message's action as stored: the CBOR of MessageAction::toCbor().
QByteArray actionToBlob(const protocol::MessageAction &action) {
    return QCborValue(action.toCbor()).toCbor();
}

//! The attachments column: NULL, or the CBOR array of the wire form. A value that does not
//! decode is damage: a failure, never a message silently without its files.
QList<protocol::Attachment> attachmentsFromColumn(const Statement &row, int column) {
    if (row.isNull(column))
        return {};
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(row.blob(column), &parseError);
    if (parseError.error != QCborError::NoError || !value.isArray())
        throw Error(0, "a message's attachments are not a CBOR array");
    const QCborMap wrapper{{QLatin1StringView("attachments"), value}};
    protocol::MapReader reader(wrapper);
    QList<protocol::Attachment> attachments = protocol::readAttachments(reader);
    if (!reader.ok())
        throw Error(0, "a message's attachments are damaged: " + reader.error().toStdString());
    return attachments;
}

} // namespace

protocol::Message messageFromRow(const Statement &row) {
    protocol::Message m;
    m.id = row.int64(0);
    m.chatId = row.int64(1);
    m.senderId = row.int64(2);
    m.date = row.int64(3);
    m.text = row.text(4);
    m.randomId = row.int64(5);
    m.attachments = attachmentsFromColumn(row, 6);
    if (!row.isNull(7)) {
        QCborParserError parseError;
        const QCborValue value = QCborValue::fromCbor(row.blob(7), &parseError);
        std::optional<protocol::MessageAction> action;
        if (parseError.error == QCborError::NoError && value.isMap())
            action = protocol::MessageAction::fromCbor(value.toMap());
        if (!action) // a damaged row is a failed read, never a message without its meaning
            throw Error(0, "message " + std::to_string(m.id) + " has an unreadable action");
        m.action = std::move(action);
    }
    m.editedAt = row.int64(8);
    if (!row.isNull(9))
        m.replyTo = protocol::ReplyTo{row.int64(9), row.int64(10), row.text(11)};
    if (!row.isNull(12))
        m.forwardedFrom = protocol::ForwardedFrom{row.int64(12), row.text(13), row.int64(14)};
    return m;
}

QByteArray messageQuery(const char *tail) {
    return QByteArray("SELECT ") + kMessageColumns + " FROM messages " + tail;
}

namespace {

//! Columns chat_id, user_id, read_inbox_max_id, delivered_max_id, joined_at, role.
constexpr const char *kMemberColumns =
    "chat_id, user_id, read_inbox_max_id, delivered_max_id, joined_at, role";

MemberRecord memberFromRow(const Statement &row) {
    const qint64 role = row.int64(5);
    if (role < 0 || role > static_cast<qint64>(MemberRole::Owner))
        throw Error(0, "a member row has an unknown role");
    return MemberRecord{row.int64(0), row.int64(1), row.int64(2),
                        row.int64(3), row.int64(4), static_cast<MemberRole>(role)};
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

QByteArray memberQuery(const char *tail) {
    return QByteArray("SELECT ") + kMemberColumns + " FROM chat_members " + tail;
}

} // namespace

WriteContext &Records::writing() {
    if (!m_context)
        throw Error(0, "a write on a read-only unit");
    return *m_context;
}

// ---- users and devices

std::optional<Account> Records::accountByUsername(const QString &username) {
    Statement s = m_db.prepare(
        "SELECT id, username, display_name, password_hash FROM users WHERE username = ?");
    s.bind(1, username);
    if (!s.step())
        return std::nullopt;
    return Account{userFromRow(s), s.blob(3)};
}

std::optional<protocol::User> Records::user(qint64 userId) {
    Statement s = m_db.prepare("SELECT id, username, display_name FROM users WHERE id = ?");
    s.bind(1, userId);
    if (!s.step())
        return std::nullopt;
    return userFromRow(s);
}

QList<protocol::User> Records::usersByUsernamePrefix(const QString &prefix, int limit) {
    Statement s = m_db.prepare("SELECT id, username, display_name FROM users "
                               "WHERE username LIKE ? ESCAPE '\\' ORDER BY username LIMIT ?");
    s.bind(1, escapeLike(prefix) + u'%').bind(2, static_cast<qint64>(limit));
    QList<protocol::User> list;
    while (s.step())
        list.append(userFromRow(s));
    return list;
}

std::optional<SessionRef> Records::liveDeviceByTokenHash(const QByteArray &tokenHash) {
    Statement s = m_db.prepare("SELECT user_id, id, last_seen_at FROM devices WHERE "
                               "token_hash = ? AND revoked_at IS NULL");
    s.bind(1, tokenHash);
    if (!s.step())
        return std::nullopt;
    return SessionRef{s.int64(0), s.int64(1), s.int64(2)};
}

QList<protocol::Device> Records::liveDevices(qint64 userId) {
    Statement s = m_db.prepare("SELECT id, name, created_at, last_seen_at FROM devices "
                               "WHERE user_id = ? AND revoked_at IS NULL ORDER BY id");
    s.bind(1, userId);
    QList<protocol::Device> list;
    while (s.step())
        list.append(protocol::Device{s.int64(0), s.text(1), s.int64(2), s.int64(3), false});
    return list;
}

// ---- chats and members

std::optional<ChatRecord> Records::chat(qint64 chatId) {
    // The current photo (§24, schema 20) comes with the row: one lookup on its unique index.
    Statement s = m_db.prepare(
        "SELECT c.kind, c.title, c.created_at, c.pinned_message_id, p.file_id, p.thumbnail "
        "FROM chats c LEFT JOIN photos p ON p.subject_kind = 1 AND p.subject_id = c.id AND "
        "p.current = 1 WHERE c.id = ?");
    s.bind(1, chatId);
    if (!s.step())
        return std::nullopt;
    const auto kind = chatKindFromCode(s.int64(0));
    if (!kind)
        throw Error(0, "chat " + std::to_string(chatId) + " has an unknown kind");
    ChatRecord record{chatId, *kind, s.text(1), s.int64(2), s.int64(3)};
    if (!s.isNull(4))
        record.photo = protocol::Photo{s.text(4), s.blob(5)};
    return record;
}

std::optional<qint64> Records::chatByUniqueKey(const QString &key) {
    Statement s = m_db.prepare("SELECT id FROM chats WHERE unique_key = ?");
    s.bind(1, key);
    if (!s.step())
        return std::nullopt;
    return s.int64(0);
}

std::optional<MemberRecord> Records::member(qint64 chatId, qint64 userId) {
    static const QByteArray sql = memberQuery("WHERE chat_id = ? AND user_id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId).bind(2, userId);
    if (!s.step())
        return std::nullopt;
    return memberFromRow(s);
}

QList<MemberRecord> Records::members(qint64 chatId) {
    static const QByteArray sql = memberQuery("WHERE chat_id = ? ORDER BY user_id");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId);
    QList<MemberRecord> list;
    while (s.step())
        list.append(memberFromRow(s));
    return list;
}

QList<MemberRecord> Records::membershipsOf(qint64 userId) {
    static const QByteArray sql = memberQuery("WHERE user_id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, userId);
    QList<MemberRecord> list;
    while (s.step())
        list.append(memberFromRow(s));
    return list;
}

std::optional<ChatRoster> Records::chatRoster(qint64 chatId) {
    if (m_context) {
        if (const ChatRoster *cached = m_context->memory.facts.roster(chatId))
            return *cached;
    }
    Statement chatRow = m_db.prepare("SELECT kind FROM chats WHERE id = ?");
    chatRow.bind(1, chatId);
    if (!chatRow.step())
        return std::nullopt;
    const auto kind = chatKindFromCode(chatRow.int64(0));
    if (!kind)
        throw Error(0, "chat " + std::to_string(chatId) + " has an unknown kind");
    ChatRoster roster;
    roster.kind = *kind;
    if (roster.kind == protocol::ChatKind::Channel) {
        Statement channelRow = m_db.prepare("SELECT megagroup FROM channels WHERE chat_id = ?");
        channelRow.bind(1, chatId);
        roster.megagroup = channelRow.step() && channelRow.int64(0) != 0;
    }
    roster.migratedTo = groupMigratedTo(chatId);
    Statement memberRows =
        m_db.prepare("SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id");
    memberRows.bind(1, chatId);
    while (memberRows.step())
        roster.memberIds.append(memberRows.int64(0));
    if (m_context)
        m_context->memory.facts.putRoster(chatId, roster);
    return roster;
}

// ---- messages

std::optional<protocol::Message> Records::messageBySender(qint64 senderId, qint64 randomId) {
    static const QByteArray sql = messageQuery("WHERE sender_id = ? AND random_id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, senderId).bind(2, randomId);
    if (!s.step())
        return std::nullopt;
    return messageFromRow(s);
}

std::optional<protocol::Message> Records::lastMessage(qint64 chatId) {
    static const QByteArray sql = messageQuery("WHERE chat_id = ? ORDER BY id DESC LIMIT 1");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId);
    if (!s.step())
        return std::nullopt;
    return messageFromRow(s);
}

QList<protocol::Message> Records::messagesBefore(qint64 chatId, qint64 beforeId, int limit) {
    static const QByteArray sql =
        messageQuery("WHERE chat_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId).bind(2, beforeId).bind(3, static_cast<qint64>(limit));
    QList<protocol::Message> list;
    while (s.step())
        list.append(messageFromRow(s));
    return list;
}

QList<qint64> Records::sendersBetween(qint64 chatId, qint64 afterId, qint64 upToId) {
    Statement s = m_db.prepare("SELECT DISTINCT sender_id FROM messages "
                               "WHERE chat_id = ? AND id > ? AND id <= ?");
    s.bind(1, chatId).bind(2, afterId).bind(3, upToId);
    QList<qint64> senders;
    while (s.step())
        senders.append(s.int64(0));
    return senders;
}

qint64 Records::countMessagesAfter(qint64 chatId, qint64 afterId, qint64 notFrom) {
    // notFrom is the reader whose unread count this is: what they deleted for themselves
    // (schema 10) does not count.
    Statement s = m_db.prepare(
        "SELECT count(*) FROM messages m WHERE m.chat_id = ? AND m.id > ? AND m.sender_id <> ? "
        "AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ? "
        "AND h.chat_id = m.chat_id AND h.message_id = m.id)");
    s.bind(1, chatId).bind(2, afterId).bind(3, notFrom).bind(4, notFrom);
    return s.step() ? s.int64(0) : 0;
}

// ---- update logs

namespace {
//! The user's stored log state, nullopt without a log.
std::optional<LogState> storedLogState(Connection &db, qint64 userId) {
    Statement s = db.prepare("SELECT pts, oldest_pts FROM user_state WHERE user_id = ?");
    s.bind(1, userId);
    if (!s.step())
        return std::nullopt;
    return LogState{s.int64(0), s.int64(1)};
}
} // namespace

LogState Records::logState(qint64 userId) {
    // The writer's memory is ahead of user_state until the batch's end (flushCounters).
    if (m_context) {
        if (const LogState *cached = m_context->memory.logs.find(userId))
            return *cached;
    }
    return storedLogState(m_db, userId).value_or(LogState{});
}

QList<LogEntry> Records::logEntriesAfter(qint64 userId, qint64 sincePts, int limit) {
    Statement s = m_db.prepare(
        "SELECT pts, body FROM user_updates WHERE user_id = ? AND pts > ? ORDER BY pts LIMIT ?");
    s.bind(1, userId).bind(2, sincePts).bind(3, static_cast<qint64>(limit));
    QList<LogEntry> list;
    while (s.step())
        list.append(LogEntry{s.int64(0), s.blob(1)});
    return list;
}

// ---- writes

qint64 Records::insertUser(const QString &username, const QString &displayName,
                           const QByteArray &passwordHash, qint64 now) {
    writing()
        .db
        .prepare("INSERT INTO users (username, display_name, password_hash, created_at) "
                 "VALUES (?, ?, ?, ?)")
        .bind(1, username)
        .bind(2, displayName)
        .bind(3, passwordHash)
        .bind(4, now)
        .run();
    return m_db.lastInsertId();
}

qint64 Records::insertDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                             qint64 now) {
    writing()
        .db
        .prepare("INSERT INTO devices (user_id, name, token_hash, created_at, last_seen_at) "
                 "VALUES (?, ?, ?, ?, ?)")
        .bind(1, userId)
        .bind(2, name)
        .bind(3, tokenHash)
        .bind(4, now)
        .bind(5, now)
        .run();
    return m_db.lastInsertId();
}

bool Records::revokeDevice(qint64 userId, qint64 deviceId, qint64 now) {
    writing()
        .db
        .prepare("UPDATE devices SET revoked_at = ? "
                 "WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
        .bind(1, now)
        .bind(2, deviceId)
        .bind(3, userId)
        .run();
    return m_db.changes() > 0;
}

qint64 Records::insertChat(protocol::ChatKind kind, const QString &title, qint64 now,
                           const QString &uniqueKey) {
    Statement s = writing().db.prepare(
        "INSERT INTO chats (kind, title, created_at, unique_key) VALUES (?, ?, ?, ?)");
    s.bind(1, chatKindCode(kind)).bind(2, title).bind(3, now);
    if (uniqueKey.isEmpty())
        s.bindNull(4);
    else
        s.bind(4, uniqueKey);
    s.run();
    const qint64 chatId = m_db.lastInsertId();
    m_context->memory.facts.forgetRoster(chatId); // an id that was once another chat's
    return chatId;
}

void Records::insertMember(qint64 chatId, qint64 userId, qint64 now, MemberRole role) {
    writing().memory.facts.forgetRoster(chatId);
    m_db.prepare("INSERT INTO chat_members (chat_id, user_id, joined_at, role) VALUES (?, ?, ?, ?)")
        .bind(1, chatId)
        .bind(2, userId)
        .bind(3, now)
        .bind(4, static_cast<qint64>(role))
        .run();
}

bool Records::deleteMember(qint64 chatId, qint64 userId) {
    writing().memory.facts.forgetRoster(chatId);
    m_db.prepare("DELETE FROM chat_members WHERE chat_id = ? AND user_id = ?")
        .bind(1, chatId)
        .bind(2, userId)
        .run();
    return m_db.changes() > 0;
}

void Records::setMemberRole(qint64 chatId, qint64 userId, MemberRole role) {
    writing()
        .db.prepare("UPDATE chat_members SET role = ? WHERE chat_id = ? AND user_id = ?")
        .bind(1, static_cast<qint64>(role))
        .bind(2, chatId)
        .bind(3, userId)
        .run();
}

void Records::setChatTitle(qint64 chatId, const QString &title) {
    writing()
        .db.prepare("UPDATE chats SET title = ? WHERE id = ?")
        .bind(1, title)
        .bind(2, chatId)
        .run();
}

void Records::setReadInboxMaxId(qint64 chatId, qint64 userId, qint64 maxId) {
    writing()
        .db
        .prepare("UPDATE chat_members SET read_inbox_max_id = ? WHERE chat_id = ? AND user_id = ?")
        .bind(1, maxId)
        .bind(2, chatId)
        .bind(3, userId)
        .run();
}

void Records::setDeliveredMaxId(qint64 chatId, qint64 userId, qint64 maxId) {
    writing()
        .db
        .prepare("UPDATE chat_members SET delivered_max_id = ? WHERE chat_id = ? AND user_id = ?")
        .bind(1, maxId)
        .bind(2, chatId)
        .bind(3, userId)
        .run();
}

qint64 Records::insertMessage(const protocol::Message &message) {
    return *storeMessage(message, false);
}

std::optional<qint64> Records::insertMessageOnce(const protocol::Message &message) {
    return storeMessage(message, true);
}

std::optional<qint64> Records::storeMessage(const protocol::Message &message, bool unlessSent) {
    WriteContext &context = writing();
    Connection &db = context.db;
    // One sequence for all chats for now (ids stay global, as clients expect); the key
    // (chat_id, id) lets a channel take a sequence of its own later. Handed out from the
    // writer's memory and stored once per batch (flushCounters).
    std::optional<qint64> last = context.memory.logs.lastMessageId();
    if (!last) {
        Statement stored = db.prepare("SELECT last FROM sequences WHERE name = 'message'");
        if (!stored.step())
            throw Error(0, "no message id sequence");
        last = stored.int64(0);
    }
    const qint64 id = *last + 1;
    const bool idsMovedBefore = context.messageIdsMoved;
    context.memory.logs.setLastMessageId(id);
    context.messageIdsMoved = true;
    // The unique (sender_id, random_id) index is the idempotency check: a resend costs no
    // lookup of its own before the insert (messages.send).
    Statement insert =
        unlessSent
            ? db.prepare("INSERT INTO messages (chat_id, id, sender_id, date, text, random_id, "
                         "attachments, action, reply_to_id, reply_sender_id, reply_excerpt, "
                         "forward_sender_id, forward_sender_name, forward_date) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (sender_id, random_id) DO NOTHING")
            : db.prepare("INSERT INTO messages (chat_id, id, sender_id, date, text, random_id, "
                         "attachments, action, reply_to_id, reply_sender_id, reply_excerpt, "
                         "forward_sender_id, forward_sender_name, forward_date) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, message.chatId)
        .bind(2, id)
        .bind(3, message.senderId)
        .bind(4, message.date)
        .bind(5, message.text)
        .bind(6, message.randomId);
    if (message.attachments.isEmpty()) {
        insert.bindNull(7);
    } else {
        QCborMap wire;
        protocol::insertAttachments(wire, message.attachments);
        insert.bind(7, wire.value(QLatin1StringView("attachments")).toCbor());
    }
    if (message.action)
        insert.bind(8, actionToBlob(*message.action));
    else
        insert.bindNull(8);
    if (message.replyTo) {
        insert.bind(9, message.replyTo->messageId)
            .bind(10, message.replyTo->senderId)
            .bind(11, message.replyTo->excerpt);
    } else {
        insert.bindNull(9).bindNull(10).bind(11, QString());
    }
    if (message.forwardedFrom) {
        insert.bind(12, message.forwardedFrom->senderId)
            .bind(13, message.forwardedFrom->senderName)
            .bind(14, message.forwardedFrom->date);
    } else {
        insert.bindNull(12).bind(13, QString()).bind(14, qint64(0));
    }
    insert.run();
    if (unlessSent && db.changes() == 0) {
        // Already sent: the id goes back, so the sequence has no gap.
        context.memory.logs.setLastMessageId(*last);
        context.messageIdsMoved = idsMovedBefore;
        return std::nullopt;
    }
    // The links that let the chat's members fetch the files, in the message's own unit. The
    // same file twice in one message is one link.
    for (const protocol::Attachment &attachment : message.attachments) {
        db.prepare("INSERT OR IGNORE INTO message_files (file_id, chat_id, message_id) "
                   "VALUES (?, ?, ?)")
            .bind(1, attachment.fileId)
            .bind(2, message.chatId)
            .bind(3, id)
            .run();
    }
    return id;
}

void Records::createLog(qint64 userId) {
    WriteContext &context = writing();
    context.db.prepare("INSERT INTO user_state (user_id, pts, oldest_pts) VALUES (?, 0, 1)")
        .bind(1, userId)
        .run();
    context.memory.logs.put(userId, LogState{0, 1});
}

qint64 Records::appendLogEntry(qint64 userId, const QByteArray &body) {
    // One entry is a batch of one (the same statement text, the same numbering from memory).
    return appendLogEntries({{userId, body}}).constFirst();
}

namespace {
//! "INSERT OR FAIL INTO user_updates ... VALUES (?, ?, ?), ..." with `rows` rows
//! (1..kLogInsertRowsMax). OR FAIL, not the default ABORT: a multi-row insert that may abort
//! makes SQLite open a statement journal for every execution, and releasing it walks the whole
//! in-memory sub-journal of the enclosing SAVEPOINT, which grows with a run of messages
//! (write_queue.h): ~2 µs per message. A failure here throws, and the unit's (or run's)
//! SAVEPOINT undoes the rows this statement wrote before it failed, as ABORT would have.
constexpr int kLogInsertRowsMax = 16;
const char *logInsertSql(int rows) {
    static const std::array<std::string, kLogInsertRowsMax + 1> texts = [] {
        std::array<std::string, kLogInsertRowsMax + 1> built;
        for (int n = 1; n <= kLogInsertRowsMax; ++n) {
            std::string sql =
                "INSERT OR FAIL INTO user_updates (user_id, pts, body) VALUES (?, ?, ?)";
            for (int i = 1; i < n; ++i)
                sql += ", (?, ?, ?)";
            built[static_cast<size_t>(n)] = std::move(sql);
        }
        return built;
    }();
    return texts[static_cast<size_t>(rows)].c_str();
}
} // namespace

QList<qint64> Records::appendLogEntries(const QList<std::pair<qint64, QByteArray>> &entries) {
    WriteContext &context = writing();
    QList<qint64> ptsList;
    ptsList.reserve(entries.size());
    // The numbers first, from the writer's memory, as appendLogEntry takes them...
    for (const auto &[userId, body] : entries) {
        LogState *state = context.memory.logs.find(userId);
        if (state) {
            context.memory.logs.willChange(userId, *state);
        } else {
            const std::optional<LogState> stored = storedLogState(context.db, userId);
            if (!stored)
                throw Error(0, "no update log for user " + std::to_string(userId));
            state = &context.memory.logs.put(userId, *stored);
        }
        ptsList.append(++state->pts);
        context.grownLogs.insert(userId);
    }
    // ...then the rows, up to kLogInsertRowsMax per statement: one step instead of one per
    // recipient. A failure throws and the unit's SAVEPOINT gives the numbers back.
    for (qsizetype first = 0; first < entries.size(); first += kLogInsertRowsMax) {
        const int rows =
            static_cast<int>(std::min<qsizetype>(kLogInsertRowsMax, entries.size() - first));
        Statement insert = context.db.prepare(logInsertSql(rows));
        for (int i = 0; i < rows; ++i) {
            const qsizetype at = first + i;
            insert.bind(3 * i + 1, entries[at].first)
                .bind(3 * i + 2, ptsList[at])
                .bind(3 * i + 3, entries[at].second);
        }
        insert.run();
    }
    return ptsList;
}

// ---- housekeeping

void touchDevices(Connection &db, const QHash<qint64, qint64> &lastSeen) {
    for (auto it = lastSeen.cbegin(); it != lastSeen.cend(); ++it) {
        db.prepare("UPDATE devices SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?")
            .bind(1, it.value())
            .bind(2, it.key())
            .bind(3, it.value())
            .run();
    }
}

void trimLogs(WriteContext &context, int retention) {
    for (const qint64 userId : context.grownLogs) {
        // Every grown log is in the writer's memory, unless the units that grew it were all
        // rolled back (then it has not grown).
        LogState *state = context.memory.logs.find(userId);
        if (!state)
            continue;
        const qint64 keepFrom = state->pts - retention + 1;
        if (keepFrom <= state->oldestPts)
            continue;
        // A range delete on the primary key: only the entries that fell out are touched.
        context.db.prepare("DELETE FROM user_updates WHERE user_id = ? AND pts < ?")
            .bind(1, userId)
            .bind(2, keepFrom)
            .run();
        state->oldestPts = keepFrom; // stored by flushCounters
    }
}

void flushCounters(WriteContext &context) {
    // One statement per user whose log grew in the batch, however many entries it got.
    for (const qint64 userId : context.grownLogs) {
        const LogState *state = context.memory.logs.find(userId);
        if (!state)
            continue;
        context.db.prepare("UPDATE user_state SET pts = ?, oldest_pts = ? WHERE user_id = ?")
            .bind(1, state->pts)
            .bind(2, state->oldestPts)
            .bind(3, userId)
            .run();
        if (context.db.changes() != 1)
            throw Error(0, "the update log of user " + std::to_string(userId) + " vanished");
    }
    if (const std::optional<qint64> last = context.memory.logs.lastMessageId();
        last && context.messageIdsMoved) {
        context.db.prepare("UPDATE sequences SET last = ? WHERE name = 'message'")
            .bind(1, *last)
            .run();
    }
}

} // namespace msgr::server::sqlite
