#pragma once
//! What a viewer may see: membership decides whether a chat exists for them at all, and a
//! message's randomId is shown only in its sender's own copy. Every read and write of a chat
//! goes through here.
#include "protocol/objects.h"
#include "server/store/store.h"

namespace msgr::server::domain::visibility {

//! The viewer's member row, or nullopt both for a chat that does not exist and for one the
//! viewer is not in: they answer alike (NotFound), so chat ids cannot be probed.
std::optional<MemberRecord> membership(RecordReader &records, qint64 chatId, qint64 viewerId);

//! A message as `viewerId` sees it: the randomId only in the sender's own copy.
protocol::Message forViewer(protocol::Message message, qint64 viewerId);

} // namespace msgr::server::domain::visibility
