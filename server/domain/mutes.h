#pragma once
//! Each user's muted chats (Telegram's "Mute for ... / forever"): a chat the user is a member of
//! is muted until a time on the server's clock, or forever; every change logs one chatMuted
//! update to the user, so their other devices follow. At most protocol::api::kMaxMutedChats at
//! once. Thread-safe; `done` runs on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! The outcome of a mute or unmute.
struct MuteChange {
    qint64 chatId = 0;
    qint64 mutedUntil = 0;     // the chat's mute now (0: not muted)
    bool limitReached = false; // refused: kMaxMutedChats chats are muted; nothing was written
    QList<UserUpdate> updates; // chatMuted to the caller (empty when nothing changed)
    qint64 callerPts = 0;
};

//! The chats muted at one moment, with the pts that snapshot belongs to.
struct MutedChats {
    QList<ChatMuteRecord> chats;
    qint64 pts = 0;
};

class Mutes {
public:
    explicit Mutes(Store &store) : m_store(store) {}

    //! Mutes `chatId` until `mutedUntil` (NotFound unless the caller is a member), or unmutes it
    //! (`mutedUntil` 0; allowed for any chat, so a chat left later can still be unmuted).
    //! Setting the value already stored (unmuting an unmuted chat, muting forever twice)
    //! changes nothing and logs nothing. Mutes that ran out by `now` are dropped first.
    void setMutedUntil(qint64 userId, qint64 chatId, qint64 mutedUntil, qint64 now,
                       std::function<void(StoreResult<MuteChange>)> done);
    StoreResult<MutedChats> mutedChats(qint64 userId, qint64 now);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
