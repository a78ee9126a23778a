#pragma once
//! Blocking reads of a ProfileStore for tests (they spin the event loop, never sleep).
#include "storage/profile_store.h"
#include "tests/support/await.h"

#include <optional>

namespace msgr::test {

//! A fixed raw key: tests need no keychain.
inline QByteArray testKey() {
    return QByteArray(32, '\x5a');
}

inline bool openStore(storage::ProfileStore &store, const QString &dir) {
    return await<storage::OpenResult>(
               [&](QObject *ctx, auto done) { store.open(dir, testKey(), ctx, done); })
        .ok();
}

inline QList<storage::MessageRecord> messages(storage::ProfileStore &store, qint64 chatId,
                                              int limit = 1000) {
    return await<QList<storage::MessageRecord>>(
        [&](QObject *ctx, auto done) { store.loadMessages(chatId, 0, limit, ctx, done); });
}

inline std::optional<storage::AccountState> account(storage::ProfileStore &store) {
    return await<std::optional<storage::AccountState>>(
        [&](QObject *ctx, auto done) { store.loadAccount(ctx, done); });
}

inline QList<storage::MessageRecord> outbox(storage::ProfileStore &store) {
    return await<QList<storage::MessageRecord>>(
        [&](QObject *ctx, auto done) { store.loadOutbox(ctx, done); });
}

//! Waits until every write queued before it has committed (a read flushes pending writes).
inline void flush(storage::ProfileStore &store) {
    (void)account(store);
}

} // namespace msgr::test
