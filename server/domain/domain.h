#pragma once
//! The server's domain services, one per area, all over one Store. The handlers call these;
//! nothing above this layer touches the Store's records. Thread-safe.
#include "server/domain/accounts.h"
#include "server/domain/channels.h"
#include "server/domain/chats.h"
#include "server/domain/comments.h"
#include "server/domain/contacts.h"
#include "server/domain/drafts.h"
#include "server/domain/forwards.h"
#include "server/domain/group_invites.h"
#include "server/domain/groups.h"
#include "server/domain/message_actions.h"
#include "server/domain/messages.h"
#include "server/domain/mutes.h"
#include "server/domain/photos.h"
#include "server/domain/pinned_messages.h"
#include "server/domain/pins.h"
#include "server/domain/presence.h"
#include "server/domain/profiles.h"
#include "server/domain/read_list.h"
#include "server/domain/read_state.h"
#include "server/domain/secret_relay.h"
#include "server/domain/supergroup_messages.h"
#include "server/domain/supergroups.h"
#include "server/domain/update_log.h"
#include "server/domain/users.h"

namespace msgr::server::domain {

struct Domain {
    explicit Domain(Store &store, SecretRelayLimits secretLimits = {},
                    ChannelLimits channelLimits = {}, MessageActionLimits actionLimits = {})
        : accounts(store), users(store), chats(store), messages(store), readState(store),
          updates(store), pins(store), mutes(store), groups(store),
          secretRelay(store, secretLimits), contacts(store), profiles(store),
          channels(store, channelLimits), messageActions(store, actionLimits), drafts(store),
          forwards(store), pinnedMessages(store), presence(store), groupInvites(store),
          readList(store), comments(store), supergroups(store, channels), photos(store),
          supergroupMessages(channels, actionLimits) {}

    Accounts accounts;
    Users users;
    Chats chats;
    Messages messages;
    ReadState readState;
    UpdateLog updates;
    Pins pins;
    Mutes mutes;
    Groups groups;
    SecretRelay secretRelay;
    Contacts contacts;
    Profiles profiles;
    Channels channels;
    MessageActions messageActions;
    Drafts drafts;
    Forwards forwards;
    PinnedMessages pinnedMessages;
    Presence presence;
    GroupInvites groupInvites;
    ReadList readList;
    Comments comments;
    Supergroups supergroups;               // §23, over `channels`
    Photos photos;                         // §24: the profile photo and the download rule
    SupergroupMessages supergroupMessages; // §23.8: edit, delete, forward in a supergroup's log
};

} // namespace msgr::server::domain
