#pragma once
//! The message pinned in a private chat or a group (docs/protocol.md §17.4): one per chat, the
//! latest pin replacing the one before; in a group only its owner and admins may change it.
//! Every change logs one chatPinnedMessage update to every member. Thread-safe; `done` runs on
//! the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>
#include <optional>

namespace msgr::server::domain {

//! The outcome of a pin or unpin.
struct PinnedMessageChange {
    qint64 chatId = 0;
    qint64 messageId = 0;             // pinned now (0: none)
    std::optional<Refusal> refused{}; // nothing was written
    QList<UserUpdate> updates;        // chatPinnedMessage to every member (empty: no change)
    qint64 callerPts = 0;
};

class PinnedMessages {
public:
    explicit PinnedMessages(Store &store) : m_store(store) {}

    //! Pins `messageId` in `chatId` (`pin` true) or unpins it (false; another message than the
    //! pinned one changes nothing). NotFound unless the caller is a member and the message is
    //! in the chat and not hidden for them (for a pin); refused for channels, service
    //! messages and, in groups, members who are neither owner nor admin.
    void setPinned(qint64 callerId, qint64 chatId, qint64 messageId, bool pin,
                   std::function<void(StoreResult<PinnedMessageChange>)> done);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
