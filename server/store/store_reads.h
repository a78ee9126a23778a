#pragma once
//! The store's read queries, run on the calling thread's own read-only connection.
//! Each throws sqlite::Error; SqliteStore turns that into StoreError::Internal.
#include "server/store/sqlite_connection.h"
#include "server/store/store.h"

namespace msgr::server::reads {

std::optional<Account> account(sqlite::Connection &db, const QString &username);
std::optional<SessionRef> sessionByTokenHash(sqlite::Connection &db, const QByteArray &tokenHash);
//! The user's live (not revoked) devices, oldest first.
QList<protocol::Device> devices(sqlite::Connection &db, qint64 userId);
//! Users whose username starts with `prefix` (LIKE wildcards in it match literally).
QList<protocol::User> searchUsers(sqlite::Connection &db, const QString &prefix, int limit);
//! The known users among `ids`, in the order asked.
QList<protocol::User> users(sqlite::Connection &db, const QList<qint64> &ids);
//! Every chat of the user, newest activity first.
QList<protocol::ChatSummary> chats(sqlite::Connection &db, qint64 userId);
StoreResult<HistoryPage> history(sqlite::Connection &db, qint64 userId, qint64 chatId,
                                 qint64 beforeId, int limit);

} // namespace msgr::server::reads
