#pragma once
//! Delivered and read positions of a member in a chat: they only move forward and never past
//! the chat's newest message. Delivered is told to the other members; read is told to the
//! reader's own devices (readInbox) and to the others (readOutbox). Thread-safe; `done` runs
//! on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

class ReadState {
public:
    explicit ReadState(Store &store) : m_store(store) {}

    //! The caller's device stored the chat up to maxId: `delivered` to the other members.
    //! `now`: when, for the read marks of small groups (read_list.h).
    void markDelivered(qint64 userId, qint64 chatId, qint64 maxId, qint64 now,
                       std::function<void(StoreResult<PositionChange>)> done);
    //! The caller read up to maxId: `readInbox` to the caller, `readOutbox` to the others.
    void markRead(qint64 userId, qint64 chatId, qint64 maxId, qint64 now,
                  std::function<void(StoreResult<PositionChange>)> done);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
