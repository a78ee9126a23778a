#pragma once
//! Forwards (docs/protocol.md §19): copies of messages of one chat sent by the caller to
//! another, each naming its first author, written all or nothing in one unit and deduplicated
//! per copy on (sender, randomId) as a send is. Thread-safe; `done` runs on the store's writer
//! thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

namespace forwards {
//! The copy of `original` that `senderId` sends to `toChatId`: its text and files, its first
//! author (kept through a forward of a forward), no quote. Inside a store unit.
protocol::Message copyOf(RecordReader &records, const protocol::Message &original, qint64 senderId,
                         qint64 toChatId, qint64 randomId, qint64 now);
} // namespace forwards

struct ForwardedMessages {
    QList<qint64> messageIds;  // the copies, in the order asked
    bool refused = false;      // `refusal` says why; nothing was written (a flag, not another
    Refusal refusal;           // std::optional<Refusal>: GCC 12 warns falsely about its destructor)
    bool duplicate = false;    // a randomId existed: the stored copies, nothing written
    QList<UserUpdate> updates; // newMessage per copy for every member of the target
    qint64 senderPts = 0;
    // The target is a supergroup (§23.8): nothing was written; the copies go to its own log
    // (SupergroupMessages::forwardInto).
    bool toSupergroup = false;
};

class Forwards {
public:
    explicit Forwards(Store &store) : m_store(store) {}

    //! Copies `messageIds` of `fromChatId` into `toChatId` as `senderId`'s messages, one
    //! `randomIds` entry each (the handler checks the shapes: sizes, distinct, non-zero). NotFound
    //! (a StoreError) when the sender is in neither chat; `refused` for a message they cannot
    //! forward or a block in a private target.
    void forward(qint64 senderId, qint64 fromChatId, const QList<qint64> &messageIds,
                 qint64 toChatId, const QList<qint64> &randomIds, qint64 now,
                 std::function<void(StoreResult<ForwardedMessages>)> done);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
