#include "server/store/store_writes.h"

#include "server/store/store_rows.h"
#include "server/store/update_log.h"

#include <algorithm>

namespace msgr::server::writes {

namespace {

//! "minId:maxId": the one key of the private chat of two users, whoever opens it.
QString privatePair(qint64 a, qint64 b) {
    return QStringLiteral("%1:%2").arg(std::min(a, b)).arg(std::max(a, b));
}

//! NotFound both for a chat that does not exist and for one the user is not in (store.h).
std::optional<StoreError> requireMember(sqlite::Connection &db, qint64 chatId, qint64 userId) {
    if (!rows::isMember(db, chatId, userId))
        return StoreError::NotFound;
    return std::nullopt;
}

enum class Position { Delivered, Read };

//! Moves the caller's delivered/read position forward (never back, never past the chat's
//! newest message) and returns the new one, or nullopt when it did not move.
std::optional<qint64> advance(sqlite::Connection &db, Position position, qint64 userId,
                              qint64 chatId, qint64 maxId) {
    const qint64 target = std::min(maxId, rows::lastMessageId(db, chatId));
    const char *sql = position == Position::Read
                          ? "UPDATE chat_members SET read_inbox_max_id = ? "
                            "WHERE chat_id = ? AND user_id = ? AND read_inbox_max_id < ?"
                          : "UPDATE chat_members SET delivered_max_id = ? "
                            "WHERE chat_id = ? AND user_id = ? AND delivered_max_id < ?";
    db.prepare(sql).bind(1, target).bind(2, chatId).bind(3, userId).bind(4, target).run();
    if (db.changes() == 0)
        return std::nullopt;
    return target;
}

} // namespace

StoreResult<protocol::User> createAccount(WriteContext &context, const QString &username,
                                          const QString &displayName,
                                          const QByteArray &passwordHash, qint64 now) {
    if (context.db.prepare("SELECT 1 FROM users WHERE username = ?").bind(1, username).step())
        return StoreError::UsernameTaken;
    context.db
        .prepare("INSERT INTO users (username, display_name, password_hash, created_at) "
                 "VALUES (?, ?, ?, ?)")
        .bind(1, username)
        .bind(2, displayName)
        .bind(3, passwordHash)
        .bind(4, now)
        .run();
    const qint64 userId = context.db.lastInsertId();
    updatelog::create(context.db, userId);
    return protocol::User{userId, username, displayName};
}

StoreResult<NewDevice> createDevice(WriteContext &context, qint64 userId, const QString &name,
                                    const QByteArray &tokenHash, qint64 now) {
    if (!rows::userExists(context.db, userId))
        return StoreError::NotFound;
    context.db
        .prepare("INSERT INTO devices (user_id, name, token_hash, created_at, last_seen_at) "
                 "VALUES (?, ?, ?, ?, ?)")
        .bind(1, userId)
        .bind(2, name)
        .bind(3, tokenHash)
        .bind(4, now)
        .bind(5, now)
        .run();
    return NewDevice{context.db.lastInsertId(), updatelog::currentPts(context.db, userId)};
}

StoreResult<bool> revokeDevice(WriteContext &context, qint64 userId, qint64 deviceId, qint64 now) {
    context.db
        .prepare("UPDATE devices SET revoked_at = ? "
                 "WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
        .bind(1, now)
        .bind(2, deviceId)
        .bind(3, userId)
        .run();
    if (context.db.changes() == 0)
        return StoreError::NotFound;
    return true;
}

void touchDevices(WriteContext &context, const QHash<qint64, qint64> &lastSeen) {
    for (auto it = lastSeen.cbegin(); it != lastSeen.cend(); ++it) {
        context.db.prepare("UPDATE devices SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?")
            .bind(1, it.value())
            .bind(2, it.key())
            .bind(3, it.value())
            .run();
    }
}

StoreResult<OpenedChat> openPrivateChat(WriteContext &context, qint64 callerId, qint64 peerId,
                                        qint64 now) {
    sqlite::Connection &db = context.db;
    if (!rows::userExists(db, peerId) || !rows::userExists(db, callerId))
        return StoreError::NotFound;
    const QString pair = privatePair(callerId, peerId);
    OpenedChat opened;
    {
        sqlite::Statement existing = db.prepare("SELECT id FROM chats WHERE private_pair = ?");
        existing.bind(1, pair);
        if (existing.step()) {
            const qint64 chatId = existing.int64(0);
            auto chat = rows::chat(db, chatId);
            if (!chat)
                return StoreError::Internal;
            opened.chat = std::move(*chat);
            opened.callerPts = updatelog::currentPts(db, callerId);
            return opened;
        }
    }
    db.prepare("INSERT INTO chats (kind, title, created_at, private_pair) VALUES (?, '', ?, ?)")
        .bind(1, protocol::chatKindName(protocol::ChatKind::Private))
        .bind(2, now)
        .bind(3, pair)
        .run();
    const qint64 chatId = db.lastInsertId();
    // Talking to oneself ("Saved Messages") is a chat with one member.
    QList<qint64> members{std::min(callerId, peerId)};
    if (peerId != callerId)
        members.append(std::max(callerId, peerId));
    for (const qint64 member : members) {
        db.prepare("INSERT INTO chat_members (chat_id, user_id, joined_at) VALUES (?, ?, ?)")
            .bind(1, chatId)
            .bind(2, member)
            .bind(3, now)
            .run();
    }
    opened.chat = protocol::Chat{chatId, protocol::ChatKind::Private, QString(), members, now};
    opened.created = true;
    for (const qint64 member : members) {
        opened.updates.append(
            updatelog::append(context, member, protocol::NewChatUpdate{opened.chat}));
        if (member == callerId)
            opened.callerPts = opened.updates.last().logged.pts;
    }
    return opened;
}

StoreResult<AppendedMessage> appendMessage(WriteContext &context, qint64 senderId, qint64 chatId,
                                           qint64 randomId, const QString &text, qint64 now) {
    sqlite::Connection &db = context.db;
    AppendedMessage appended;
    {
        // A retry (lost answer, reconnect, restart) gets the stored message back and
        // changes nothing, even if it names another chat.
        sqlite::Statement existing =
            db.prepare("SELECT id, chat_id, sender_id, date, text, random_id FROM messages "
                       "WHERE sender_id = ? AND random_id = ?");
        existing.bind(1, senderId).bind(2, randomId);
        if (existing.step()) {
            appended.message = rows::messageFromRow(existing);
            appended.duplicate = true;
            appended.senderPts = updatelog::currentPts(db, senderId);
            return appended;
        }
    }
    if (auto error = requireMember(db, chatId, senderId))
        return *error;
    db.prepare("INSERT INTO messages (chat_id, sender_id, date, text, random_id) "
               "VALUES (?, ?, ?, ?, ?)")
        .bind(1, chatId)
        .bind(2, senderId)
        .bind(3, now)
        .bind(4, text)
        .bind(5, randomId)
        .run();
    appended.message = protocol::Message{db.lastInsertId(), chatId, senderId, now, text, randomId};
    for (const qint64 member : rows::memberIds(db, chatId)) {
        const protocol::Message copy = rows::forViewer(appended.message, member);
        appended.updates.append(
            updatelog::append(context, member, protocol::NewMessageUpdate{copy}));
        if (member == senderId)
            appended.senderPts = appended.updates.last().logged.pts;
    }
    return appended;
}

StoreResult<PositionChange> markDelivered(WriteContext &context, qint64 userId, qint64 chatId,
                                          qint64 maxId) {
    if (auto error = requireMember(context.db, chatId, userId))
        return *error;
    PositionChange change;
    if (auto moved = advance(context.db, Position::Delivered, userId, chatId, maxId)) {
        for (const qint64 member : rows::memberIds(context.db, chatId)) {
            if (member != userId)
                change.updates.append(
                    updatelog::append(context, member, protocol::DeliveredUpdate{chatId, *moved}));
        }
    }
    change.callerPts = updatelog::currentPts(context.db, userId);
    return change;
}

StoreResult<PositionChange> markRead(WriteContext &context, qint64 userId, qint64 chatId,
                                     qint64 maxId) {
    if (auto error = requireMember(context.db, chatId, userId))
        return *error;
    PositionChange change;
    if (auto moved = advance(context.db, Position::Read, userId, chatId, maxId)) {
        change.updates.append(
            updatelog::append(context, userId, protocol::ReadInboxUpdate{chatId, *moved}));
        for (const qint64 member : rows::memberIds(context.db, chatId)) {
            if (member != userId)
                change.updates.append(
                    updatelog::append(context, member, protocol::ReadOutboxUpdate{chatId, *moved}));
        }
    }
    change.callerPts = updatelog::currentPts(context.db, userId);
    return change;
}

} // namespace msgr::server::writes
