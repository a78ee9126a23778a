#pragma once
//! The one rule for the order of messages inside a chat (the store's sort_key column, the
//! message list's rows): sent messages by their server id, which the server assigns in
//! increasing order within a chat (per chat for channels later, so the key is only unique per
//! chat: UNIQUE(chat_id, sort_key)); pending ones after every sent one, in the order they were
//! typed. Thread-safe (pure).
#include "storage/records.h"

namespace msgr::storage {

//! Pending messages sort after every sent one: their sort key is this plus their local id.
inline constexpr qint64 kPendingSortBase = qint64{1} << 62;

constexpr qint64 sentSortKey(qint64 serverId) {
    return serverId;
}
constexpr qint64 pendingSortKey(qint64 localId) {
    return kPendingSortBase + localId;
}
//! The key of a record, whether or not the store filled in `sortKey`.
constexpr qint64 sortKeyOf(const MessageRecord &m) {
    return m.pending || m.serverId == 0 ? pendingSortKey(m.localId) : sentSortKey(m.serverId);
}
constexpr bool bySortKey(const MessageRecord &a, const MessageRecord &b) {
    return sortKeyOf(a) < sortKeyOf(b);
}

} // namespace msgr::storage
