#pragma once
//! What the server's words about a channel mean for the local database (docs/protocol.md §15):
//! a channel is a chat row of kind 2 (so the chat list, chat view, search and notifications
//! treat its posts as messages) plus its ChannelsTable row; the user's mute of it is a forever
//! mute in MutesTable, which the chat list and the notifier already respect. Called by the sync
//! layer (channelSubscription in the account log, channelChanged in a channel's log) and by the
//! channel service with the server's answers. Storage thread only (inside a job).
#include "protocol/api/channels.h"
#include "storage/transaction.h"

namespace msgr::core {

struct ChannelsSync {
    //! The channel as the signed-in user sees it, subscribed (`channel.role` present).
    static void store(storage::WriteTransaction &tx, const protocol::api::Channel &channel);
    //! Subscribed, changed or muted: stored; unsubscribed (no role): removed.
    static void applySubscription(storage::WriteTransaction &tx,
                                  const protocol::ChannelSubscriptionUpdate &update);
    //! Title, about, admins or count changed; ignored for a channel not stored (left already).
    static void applyChanged(storage::WriteTransaction &tx,
                             const protocol::ChannelChangedUpdate &update);
};

} // namespace msgr::core
