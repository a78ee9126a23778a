#pragma once
//! Channel topics on the fan-out bus: which connections hear a channel's live entries, and
//! how a committed channel change reaches them. A channel's topic id is its chat id. Every
//! function is called from a domain `done` (the store's writer thread, in commit order), which
//! is what keeps a connection's topics exact: see attachSubscriptions.
#include "server/domain/channels.h"
#include "server/fanout_bus.h"

namespace msgr::server {
struct ServerContext;
}

namespace msgr::server::channel_topics {

//! A freshly authenticated connection joins the topics of the user's channels. The list is
//! read inside a write unit, so it is ordered with every subscribe/unsubscribe commit: one
//! committed before is in the list, one committed after reaches this connection through
//! FanoutBus::subscribeUser (it is attached by then). Writer thread for the bus calls.
void attachSubscriptions(ServerContext &server, qint64 userId, const LinkPtr &link);

//! A committed change: topic subscriptions of who joined or left, the channel's entries to
//! its topic, the users' entries to their devices.
void publish(FanoutBus &bus, const domain::ChannelChange &change);
//! A committed post's entry to the channel's topic, as one `upd` frame without a `pts`
//! (protocol::ChannelUpdatePush), encoded once for every connection.
void publish(FanoutBus &bus, const domain::ChannelLogged &entry);

} // namespace msgr::server::channel_topics
