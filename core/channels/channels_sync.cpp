#include "core/channels/channels_sync.h"

#include "protocol/api/mutes.h"
#include "storage/tables/channels_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/mutes_table.h"

namespace msgr::core {

namespace api = protocol::api;
using storage::ChannelsTable;

namespace {

storage::ChatRole toChatRole(std::optional<api::ChannelRole> role) {
    switch (role.value_or(api::ChannelRole::Subscriber)) {
    case api::ChannelRole::Owner:
        return storage::ChatRole::Owner;
    case api::ChannelRole::Admin:
        return storage::ChatRole::Admin;
    case api::ChannelRole::Subscriber:
        break;
    }
    return storage::ChatRole::Member;
}

storage::ChannelRecord toRecord(const api::Channel &channel) {
    storage::ChannelRecord r;
    r.chatId = channel.id;
    r.about = channel.about;
    r.name = channel.name;
    r.ownerId = channel.ownerId;
    r.subscriberCount = channel.subscriberCount;
    r.role = toChatRole(channel.role);
    r.muted = channel.muted;
    r.megagroup = channel.megagroup;
    r.adminIds = channel.adminIds;
    return r;
}

void storeChat(storage::WriteTransaction &tx, const api::Channel &channel) {
    storage::ChatInfo chat;
    chat.id = channel.id;
    chat.kind = storage::ChatKind::Channel;
    chat.title = channel.title;
    chat.ownerId = channel.ownerId; // the chat's self_role follows from them
    chat.adminIds = channel.adminIds;
    // §24: every Channel object carries its photo (absent: none).
    chat.photo = storage::PhotoRecord{channel.photo.fileId, channel.photo.thumbnail};
    storage::ChatsTable::store(tx, chat);
}

} // namespace

void ChannelsSync::store(storage::WriteTransaction &tx, const api::Channel &channel) {
    if (channel.id <= 0)
        return;
    storeChat(tx, channel);
    ChannelsTable::storeInfo(tx, toRecord(channel));
    storage::MutesTable::set(tx, channel.id, channel.muted ? api::kMutedForever : 0);
}

void ChannelsSync::applySubscription(storage::WriteTransaction &tx,
                                     const protocol::ChannelSubscriptionUpdate &update) {
    if (update.channel.role)
        store(tx, update.channel);
    else
        ChannelsTable::remove(tx, update.channel.id);
}

void ChannelsSync::applyChanged(storage::WriteTransaction &tx,
                                const protocol::ChannelChangedUpdate &update) {
    if (!ChannelsTable::load(tx, update.channel.id))
        return; // not subscribed (any more): a public channel read once is not listed
    storeChat(tx, update.channel);
    ChannelsTable::storeShared(tx, toRecord(update.channel));
}

} // namespace msgr::core
