#pragma once
//! One account profile's encrypted database (SQLCipher), served on its own thread, in the
//! spirit of TDLib's MessageDb: open, then typed read and write jobs. A feature keeps its
//! tables and queries in its own files (storage/tables/*.h: a struct of functions over a
//! ReadTransaction or WriteTransaction) and sends jobs that call them; one write job may
//! touch several tables (a feature's state, the messages and the pts) in one transaction.
//! The store knows records only (records.h), never the wire format.
//!
//! Thread safety: every public method is thread-safe and returns at once. Jobs run on the
//! storage thread, in the order they were posted; writes are batched into transactions. A
//! job must capture values only (never a pointer into the caller's objects) and must not keep
//! its transaction. A write job may run twice (transaction.h), so it only assigns its results.
//! A callback runs on the thread of `context` (queued), and is dropped if `context` was
//! destroyed; with a null `context` it runs on the storage thread. `changed` is emitted after
//! every committed batch that changed something the UI shows.
#include "crypto/secure_bytes.h"
#include "storage/open_result.h"
#include "storage/queued_callback.h"
#include "storage/records.h"
#include "storage/transaction.h"

#include <QObject>
#include <functional>
#include <memory>
#include <type_traits>

namespace msgr::storage {

class ProfileStore : public QObject {
    Q_OBJECT
public:
    using WriteJob = std::function<void(WriteTransaction &)>;

    //! Starts the storage thread; call open() next.
    explicit ProfileStore(QObject *parent = nullptr);
    ~ProfileStore() override;

    //! Opens or creates `<directory>/history.db` with a raw 32-byte key, migrating it to the
    //! latest schema. A wrong key or a damaged file gives WrongKeyOrCorrupt and leaves the file
    //! untouched. The key's one guarded buffer is shared with the storage thread, never copied.
    void open(const QString &directory, const crypto::SecureBytes &rawKey, QObject *context,
              std::function<void(OpenResult)> done);
    //! Tests and benchmarks with a fixed key: copied into guarded memory at once; the caller's
    //! QByteArray is left as it is.
    void open(const QString &directory, const QByteArray &rawKey, QObject *context,
              std::function<void(OpenResult)> done);
    //! Benchmarks only: the same store without encryption, to measure what encryption costs.
    void openPlaintextForBenchmark(const QString &directory, QObject *context,
                                   std::function<void(OpenResult)> done);

    //! Queues `job` as one all-or-nothing step of the next write transaction; `done` runs after
    //! the commit (or the rollback).
    void write(WriteJob job, QObject *context = nullptr, std::function<void()> done = {}) {
        postWrite(std::move(job), QueuedCallback<>(context, std::move(done)));
    }

    //! As write(), but the batch holding `job` commits as soon as the storage thread has taken
    //! the jobs already queued to it, not after the batch delay: for a writer that posts a burst
    //! of jobs and waits for them (the sync's difference slices), so it is not paced by timer.
    void writeSoon(WriteJob job, QObject *context, std::function<void()> done) {
        postWrite(std::move(job), QueuedCallback<>(context, std::move(done)), true);
    }
    //! A write job that returns a value (e.g. the row it inserted), delivered after the commit.
    template <typename Job, typename Done>
    void writeReturning(Job job, QObject *context, Done done) {
        using T = std::decay_t<std::invoke_result_t<Job &, WriteTransaction &>>;
        // Only the storage thread touches `result`: the job assigns it, the callback copies it.
        auto result = std::make_shared<T>();
        QueuedCallback<T> deliver(context, std::function<void(T)>(std::move(done)));
        postWrite(
            [job = std::move(job), result](WriteTransaction &tx) mutable { *result = job(tx); },
            [deliver, result] { deliver(*result); });
    }

    //! Runs `job` after every write posted before it committed; its result goes to `done`.
    template <typename Job, typename Done> void read(Job job, QObject *context, Done done) {
        using T = std::decay_t<std::invoke_result_t<Job &, ReadTransaction &>>;
        QueuedCallback<T> deliver(context, std::function<void(T)>(std::move(done)));
        postRead(
            [job = std::move(job), deliver](ReadTransaction &tx) mutable { deliver(job(tx)); });
    }

signals:
    void changed(const msgr::storage::ChangeSet &changes);

private:
    void postWrite(WriteJob job, std::function<void()> after, bool soon = false);
    void postRead(std::function<void(ReadTransaction &)> job);

    class Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace msgr::storage

Q_DECLARE_METATYPE(msgr::storage::ChangeSet)
