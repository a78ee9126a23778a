#pragma once
//! Runs one domain operation as one Store unit and turns the outcome into a StoreResult:
//! a storage failure is StoreError::Internal, a full write queue kStoreBusy. Header-only.
#include "server/store/store.h"

#include <memory>

namespace msgr::server::domain {

//! Runs `body` (RecordReader& -> StoreResult<T>) as one read unit, on the calling thread.
template <typename T, typename Body> StoreResult<T> readUnit(Store &store, Body &&body) {
    StoreResult<T> result = StoreError::Internal;
    if (!store.read([&](RecordReader &records) { result = body(records); }))
        return StoreError::Internal;
    return result;
}

//! Queues `body` (RecordWriter& -> StoreResult<T>) as one write unit: an error result rolls
//! back everything it wrote. `done` runs on the store's writer thread after the commit, or at
//! once on the calling thread when the write is refused (Busy, closing). `rerun`: see
//! Store::Rerun (the last run's result is the one `done` gets).
template <typename T, typename Body>
void writeUnit(Store &store, Body body, std::function<void(StoreResult<T>)> done,
               Store::Rerun rerun = Store::Rerun::Never) {
    auto result = std::make_shared<StoreResult<T>>(StoreError::Internal);
    const Store::Admission admission = store.write(
        [body = std::move(body), result](RecordWriter &records) {
            *result = body(records);
            return std::holds_alternative<T>(*result);
        },
        [result, done](bool committed) {
            if (done)
                done(committed ? std::move(*result) : StoreResult<T>(StoreError::Internal));
        },
        rerun);
    if (admission == Store::Admission::Queued || !done)
        return;
    done(admission == Store::Admission::Busy ? kStoreBusy : StoreError::Internal);
}

} // namespace msgr::server::domain
