#pragma once
//! Each user's update log (docs/protocol.md §6): what an update is stored as, the answer to
//! getDifference (slices, tooLong past what is retained) and the current pts. The store only
//! keeps the entries and hands out the next pts inside the writing unit. Thread-safe.
#include "server/domain/results.h"
#include "server/store/store.h"

namespace msgr::server::domain {

class UpdateLog {
public:
    explicit UpdateLog(Store &store) : m_store(store) {}

    //! Appends `update` to the user's log inside the caller's write unit.
    static UserUpdate append(RecordWriter &records, qint64 userId, const protocol::Update &update);
    //! The same with the update already encoded (encodeForStore's bytes, e.g. one newMessage
    //! body shared by every recipient of a message).
    static UserUpdate append(RecordWriter &records, qint64 userId, const protocol::Update &update,
                             const QByteArray &encoded);
    static qint64 currentPts(RecordReader &records, qint64 userId);
    //! A stored entry's update; one that cannot be decoded is logged and becomes an
    //! "unreadable" unknown update, so the reader's sequence keeps its pts (no gap, no retry).
    static protocol::Update decodeStored(const LogEntry &entry, const char *logName, qint64 logId);
    //! What an update is stored as.
    static QByteArray encodeForStore(const protocol::Update &update);

    //! 0 for a user without a log.
    StoreResult<qint64> currentPts(qint64 userId);
    //! The updates after `sincePts`, at most `limit`; tooLong when sincePts is older than the
    //! retained log or ahead of it. A body that cannot be decoded keeps its pts as an
    //! "unreadable" unknown update, so the client's sequence has no gap.
    StoreResult<Difference> difference(qint64 userId, qint64 sincePts, int limit);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
