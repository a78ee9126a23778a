#pragma once
//! Messages: a member sends (deduplicated on the sender's random id, so a retry after a lost
//! answer stores nothing new) and every member gets newMessage in their log, each with the
//! copy they may see; history pages backwards. Thread-safe: reads run on the calling thread;
//! a write's `done` runs on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

class Messages {
public:
    explicit Messages(Store &store) : m_store(store) {}

    //! Stores a message, deduplicated on (sender, randomId), randomId non-zero (the handler
    //! checks). NotFound if the sender is not a member (or no such chat).
    void appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                       qint64 now, std::function<void(StoreResult<AppendedMessage>)> done);
    //! The same with attachments: each must name a finished upload the sender may use (their
    //! own, or one already sent in a chat they are a member of, so a file can be forwarded)
    //! and give its length as `size`; otherwise `refused` says which and why, and nothing is
    //! written. The files are linked to the message in the same unit.
    void appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                       const QList<protocol::Attachment> &attachments, qint64 now,
                       std::function<void(StoreResult<AppendedMessage>)> done);
    //! The same as a reply to message `replyToId` of the chat (0: not a reply): the server
    //! copies the quote from the stored message (replies.h); `replyRefused` says why it cannot,
    //! and nothing is written.
    void appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                       const QList<protocol::Attachment> &attachments, qint64 replyToId, qint64 now,
                       std::function<void(StoreResult<AppendedMessage>)> done);
    //! Newest `limit` messages with id < beforeId (0 = newest), ascending. NotFound when the
    //! chat does not exist or the user is not a member.
    StoreResult<HistoryPage> history(qint64 userId, qint64 chatId, qint64 beforeId, int limit);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
