#pragma once
//! The one rule of blocking (docs/protocol.md §14): between two users either of whom blocked
//! the other there is no private message, no group add and no contact invitation. Messages,
//! groups and contacts ask here, inside their own units. Plain functions, thread-safe.
#include "server/domain/results.h"
#include "server/store/store.h"

namespace msgr::server::domain::blocking {

//! USER_BLOCKED when `actorId` may not reach `targetId`, nullopt otherwise. The message says
//! no more than the code (Telegram's USER_IS_BLOCKED), except to tell the actor that the block
//! is their own, which they know anyway.
std::optional<Refusal> refusal(RecordReader &records, qint64 actorId, qint64 targetId);

//! In a private chat, the refusal between the sender and the other user; nullopt in a group,
//! in the chat with oneself, or when neither blocked the other.
std::optional<Refusal> privateChatRefusal(RecordReader &records, qint64 chatId, qint64 senderId);
//! The same for a chat whose roster the caller has read already.
std::optional<Refusal> privateChatRefusal(RecordReader &records, const ChatRoster &roster,
                                          qint64 senderId);

} // namespace msgr::server::domain::blocking
