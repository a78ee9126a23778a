#pragma once
//! Each user's drafts (docs/protocol.md §17.2): the text left unsent in a chat's composer, one
//! per (user, chat) in a chat the user is a member of. Every change logs one `draft` update to
//! the user alone, so their other devices follow; the other members are never told. Sending a
//! message clears the sender's draft in that chat (Messages calls clearOnSend in the same unit).
//! Thread-safe; `done` runs on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! The outcome of messages.saveDraft.
struct DraftChange {
    qint64 date = 0;           // the draft's date now (0: there is none)
    QList<UserUpdate> updates; // `draft` to the caller (empty when nothing changed)
    qint64 callerPts = 0;
};

//! One page of a user's drafts, read in one snapshot.
struct DraftPage {
    QList<protocol::Draft> drafts; // ascending by chatId
    bool final = true;
};

class Drafts {
public:
    explicit Drafts(Store &store) : m_store(store) {}

    //! Sets the draft (`text` not empty) or clears it (empty). NotFound unless the caller is a
    //! member of the chat; clearing a draft that exists is allowed anyway (a chat left since
    //! keeps no stale draft). The same text again, or clearing no draft, writes nothing.
    void save(qint64 userId, qint64 chatId, const QString &text, qint64 now,
              std::function<void(StoreResult<DraftChange>)> done);
    //! Up to `limit` drafts of chats with an id above `afterChatId` the user is a member of.
    StoreResult<DraftPage> page(qint64 userId, qint64 afterChatId, int limit);

    //! Inside a message's write unit: deletes the sender's draft in the chat and logs the
    //! cleared draft to them; nullopt when there was none.
    static std::optional<UserUpdate> clearOnSend(RecordWriter &records, qint64 userId,
                                                 qint64 chatId, qint64 now);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
