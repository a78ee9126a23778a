#pragma once
//! What a group's service message says (docs/protocol.md §4 MessageAction), in the reader's
//! language: "Ann added Bob and Carl", "Ann changed the group name to “Trip”". The chat view
//! and msgr-cli's history show the same words. Plain functions, thread-safe (the names come
//! from the caller).
#include "storage/records.h"

#include <QString>
#include <functional>

namespace msgr::core::groups {

//! `nameOf(userId)`: the name to show, or empty when not known (then "someone" is shown).
//! Empty for a message that is not a service message.
QString serviceMessageText(const storage::MessageRecord &message,
                           const std::function<QString(qint64 userId)> &nameOf);

} // namespace msgr::core::groups
