#pragma once
//! The per-member read list of a message in a small group (docs/protocol.md §21; Telegram's
//! getMessageReadParticipants; the users' note: unread → received → read). Built from what the
//! server already keeps: each member's delivered and read positions (chat_members) and, for
//! groups of at most protocol::api::kMaxReadListMembers, the times those positions moved
//! (read marks, written by ReadState: one row per move, the newest kReadMarksKept per member and
//! kind). Never a row per message per member. Thread-safe.
#include "protocol/api/readers.h"
#include "server/domain/results.h"
#include "server/store/store.h"

namespace msgr::server::domain {

//! Read marks kept per member and kind: a member's times are known for roughly their last 64
//! reads (or receipts) in the group; older messages show the state with `at` 0.
inline constexpr int kReadMarksKept = 64;

struct ReadersAnswer {
    QList<protocol::api::MessageReader> readers;
    std::optional<Refusal> refused; // set: the typed error to answer
};

class ReadList {
public:
    explicit ReadList(Store &store) : m_store(store) {}

    //! A read unit on the calling thread (the read pool). NotFound when the caller is not a
    //! member or the message is not there for them; FORBIDDEN for anyone but its sender;
    //! BAD_REQUEST for a chat that is not a group; LIMIT_EXCEEDED past kMaxReadListMembers.
    StoreResult<ReadersAnswer> readers(qint64 callerId, qint64 chatId, qint64 messageId);

    //! Whether ReadState records marks in this chat (inside its write unit).
    static bool keepsMarks(RecordReader &records, const ChatRecord &chat);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
