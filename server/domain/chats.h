#pragma once
//! Chats and their members: a private chat per pair of users (one member when talking to
//! oneself), found again by whoever opens it; each member's chat list with read positions,
//! unread count and last message as they see it. Thread-safe: reads run on the calling
//! thread; a write's `done` runs on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

class Chats {
public:
    explicit Chats(Store &store) : m_store(store) {}

    //! NotFound when either user does not exist. A new chat gets newChat in each member's log.
    void openPrivateChat(qint64 callerId, qint64 peerId, qint64 now,
                         std::function<void(StoreResult<OpenedChat>)> done);
    //! Every chat of the user, newest activity first.
    StoreResult<QList<protocol::ChatSummary>> chats(qint64 userId);

    //! Whom a typing notice of `callerId` in `chatId` goes to (docs/protocol.md §17): the
    //! other members, less a private chat's peer who blocked the caller or whom the caller
    //! blocked. NotFound when the caller is not a member (or no such chat), alike.
    StoreResult<QList<qint64>> typingAudience(qint64 callerId, qint64 chatId);

    //! The chat with its member ids (and, for a group, owner and admins); nullopt when it
    //! does not exist.
    static std::optional<protocol::Chat> chat(RecordReader &records, qint64 chatId);
    //! The same from rows already read.
    static protocol::Chat chatOf(const ChatRecord &record, const QList<MemberRecord> &members);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
