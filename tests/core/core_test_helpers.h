#pragma once
//! Blocking reads of a ProfileStore for tests (they spin the event loop, never sleep), and the
//! writes the sync engine makes, as the same typed jobs it sends.
#include "core/sync/sync_writes.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/sync_state_table.h"
#include "tests/support/await.h"

#include <QTemporaryDir>
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

//! A fresh encrypted profile store in its own temporary folder, for one test function.
struct TempStore {
    QTemporaryDir dir; // declared first: destroyed after the store closed
    storage::ProfileStore store;
    bool open() { return openStore(store, dir.path()); }
};

//! Runs a read job and waits for its answer.
template <typename Job> auto read(storage::ProfileStore &store, Job job) {
    using T = std::decay_t<std::invoke_result_t<Job &, storage::ReadTransaction &>>;
    return await<T>([&](QObject *ctx, auto done) { store.read(job, ctx, std::move(done)); });
}

inline QList<storage::MessageRecord> messages(storage::ProfileStore &store, qint64 chatId,
                                              int limit = 1000) {
    return read(store, [=](storage::ReadTransaction &tx) {
        return storage::MessagesTable::page(tx, chatId, 0, limit);
    });
}

inline std::optional<storage::AccountState> account(storage::ProfileStore &store) {
    return read(store,
                [](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); });
}

inline QList<storage::MessageRecord> outbox(storage::ProfileStore &store) {
    return read(store,
                [](storage::ReadTransaction &tx) { return storage::MessagesTable::outbox(tx); });
}

inline void saveAccount(storage::ProfileStore &store, const storage::AccountState &account) {
    store.write(
        [account](storage::WriteTransaction &tx) { storage::AccountTable::save(tx, account); });
}

//! The outbox's write after messages.send answered.
inline void markSent(storage::ProfileStore &store, const protocol::Message &message) {
    store.write([message](storage::WriteTransaction &tx) {
        core::SyncWrites::storeMessage(tx, message, false);
    });
}

//! Waits until every write queued before it has committed (a read flushes pending writes).
inline void flush(storage::ProfileStore &store) {
    (void)account(store);
}

} // namespace msgr::test
