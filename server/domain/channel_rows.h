#pragma once
//! The row-level steps shared by channels (channels.cpp) and supergroups (supergroups.cpp),
//! which are channels whose every member writes (docs/protocol.md §23): reading a channel as
//! one viewer sees it, appending to its own log, logging a member's subscription. Called inside
//! a store unit only.
#include "protocol/api/channels.h"
#include "server/domain/channels.h"
#include "server/domain/results.h"
#include "server/store/store.h"

namespace msgr::server::domain::channel_rows {

template <typename T> StoreResult<T> refuse(protocol::ErrorCode code, const QString &message) {
    T change;
    change.refused = Refusal{code, message};
    return change;
}

//! A channel and the caller's subscriber row: the frame of every operation on one.
struct Opened {
    ChannelRecord record;
    std::optional<ChannelMemberRecord> caller;

    bool callerManages() const {
        return caller && (caller->role == MemberRole::Admin || caller->role == MemberRole::Owner);
    }
};

protocol::api::ChannelRole roleOf(MemberRole role);
//! The channel as `viewer` (their subscriber row, if any) sees it.
protocol::api::Channel viewOf(RecordReader &records, const ChannelRecord &record,
                              const std::optional<ChannelMemberRecord> &viewer);
//! The channel as it is now inside the unit (after its writes), as `viewerId` sees it.
protocol::api::Channel currentView(RecordReader &records, qint64 channelId, qint64 viewerId);
//! The answer when nothing needed to change: the channel as it is and the caller's pts.
StoreResult<ChannelChange> unchanged(RecordReader &records, qint64 channelId, qint64 callerId);
//! The channel, or nullopt both when there is none and when it is private and the caller is
//! not subscribed: they answer alike (NotFound), so private channel ids cannot be probed.
std::optional<Opened> openChannel(RecordReader &records, qint64 channelId, qint64 callerId);
//! Appends `update` to the channel's log, trimming it to `retention` entries.
ChannelLogged appendToChannel(RecordWriter &records, const ChannelRecord &record,
                              const protocol::Update &update, qint64 retention);
//! The user's subscription as their own log records it (other devices follow it).
UserUpdate subscriptionChanged(RecordWriter &records, qint64 channelId, qint64 userId);
StoreResult<ChannelChange> subscriptionsFull();
//! The shared log entry of a channel's own change.
ChannelLogged logChannelChanged(RecordWriter &records, qint64 channelId, qint64 retention);
QList<qint64> distinctIds(const QList<qint64> &ids);

// Supergroups (docs/protocol.md §23; supergroups.cpp).

//! A service message in a supergroup's history, as one entry of its log, and the channel's
//! new member count and staff as a channelChanged entry: both O(1) rows.
void announceInSupergroup(RecordWriter &records, ChannelChange &change, qint64 channelId,
                          qint64 actorId, const protocol::MessageAction &action, qint64 now,
                          qint64 retention);
//! The owner left: the admin who joined first, else the member who did, becomes the owner.
void handOver(RecordWriter &records, ChannelChange &change, qint64 channelId);

} // namespace msgr::server::domain::channel_rows
