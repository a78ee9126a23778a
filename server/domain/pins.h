#pragma once
//! Each user's pinned chats (Telegram's pinned dialogs): a chat the user is a member of goes
//! to the top of their own order, at most protocol::api::kMaxPinnedChats of them; every change
//! logs one pinnedChats update (the whole order) to the user, so their other devices follow.
//! Thread-safe; `done` runs on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! The outcome of a pin or unpin.
struct PinChange {
    QList<qint64> chatIds;     // the order now, most recently pinned first
    bool limitReached = false; // refused: the order is full; nothing was written
    QList<UserUpdate> updates; // pinnedChats to the caller (empty when nothing changed)
    qint64 callerPts = 0;
};

//! The pinned order as one snapshot with the pts it belongs to.
struct PinnedChats {
    QList<qint64> chatIds;
    qint64 pts = 0;
};

class Pins {
public:
    explicit Pins(Store &store) : m_store(store) {}

    //! Pins `chatId` at the top (NotFound unless the caller is a member) or unpins it (allowed
    //! for any chat, so a chat left later can still be unpinned). Pinning a pinned chat or
    //! unpinning an unpinned one changes nothing and logs nothing.
    void setPinned(qint64 userId, qint64 chatId, bool pinned,
                   std::function<void(StoreResult<PinChange>)> done);
    StoreResult<PinnedChats> pinnedChats(qint64 userId);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
