#pragma once
//! Replies (docs/protocol.md §19): what a reply quotes, taken from the stored message by the
//! server so that no client can put words in another user's mouth. Runs inside a store unit.
#include "server/domain/results.h"
#include "server/store/store.h"

#include <variant>

namespace msgr::server::domain::replies {

//! The first kMaxReplyExcerptChars characters of `text`, never half a surrogate pair.
QString excerptOf(const QString &text);

//! The quote of message `replyToId` of the chat as `senderId` may see it, or the refusal:
//! NOT_FOUND when the chat holds no such message or the sender deleted it for themselves,
//! BAD_REQUEST for a service message (nothing to quote).
std::variant<protocol::ReplyTo, Refusal> quote(RecordReader &records, qint64 chatId,
                                               qint64 senderId, qint64 replyToId);

} // namespace msgr::server::domain::replies
