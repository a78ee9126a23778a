#pragma once
//! The store's write operations. Writer thread only, each inside its own SAVEPOINT of the
//! batch transaction: an error result (or a thrown sqlite::Error) rolls back that write alone.
#include "server/store/store.h"
#include "server/store/write_queue.h"

#include <QHash>

namespace msgr::server::writes {

StoreResult<protocol::User> createAccount(WriteContext &context, const QString &username,
                                          const QString &displayName,
                                          const QByteArray &passwordHash, qint64 now);
StoreResult<NewDevice> createDevice(WriteContext &context, qint64 userId, const QString &name,
                                    const QByteArray &tokenHash, qint64 now);
StoreResult<bool> revokeDevice(WriteContext &context, qint64 userId, qint64 deviceId, qint64 now);
//! deviceId -> last seen; only ever moves last_seen_at forward.
void touchDevices(WriteContext &context, const QHash<qint64, qint64> &lastSeen);
StoreResult<OpenedChat> openPrivateChat(WriteContext &context, qint64 callerId, qint64 peerId,
                                        qint64 now);
StoreResult<AppendedMessage> appendMessage(WriteContext &context, qint64 senderId, qint64 chatId,
                                           qint64 randomId, const QString &text, qint64 now);
StoreResult<PositionChange> markDelivered(WriteContext &context, qint64 userId, qint64 chatId,
                                          qint64 maxId);
StoreResult<PositionChange> markRead(WriteContext &context, qint64 userId, qint64 chatId,
                                     qint64 maxId);

} // namespace msgr::server::writes
