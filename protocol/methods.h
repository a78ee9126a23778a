#pragma once
//! Method names of docs/protocol.md §5, written once for client and server.
#include <QLatin1StringView>

namespace msgr::protocol::method {

inline constexpr QLatin1StringView SignUp{"auth.signUp"};
inline constexpr QLatin1StringView LogIn{"auth.logIn"};
inline constexpr QLatin1StringView Resume{"auth.resume"};
inline constexpr QLatin1StringView LogOut{"auth.logOut"};
inline constexpr QLatin1StringView DevicesList{"devices.list"};
inline constexpr QLatin1StringView DevicesRevoke{"devices.revoke"};
inline constexpr QLatin1StringView UsersSearch{"users.search"};
inline constexpr QLatin1StringView UsersGet{"users.get"};
inline constexpr QLatin1StringView ChatsOpenPrivate{"chats.openPrivate"};
inline constexpr QLatin1StringView ChatsList{"chats.list"};
inline constexpr QLatin1StringView ChatsSetPinned{"chats.setPinned"};
inline constexpr QLatin1StringView ChatsListPinned{"chats.listPinned"};
inline constexpr QLatin1StringView ChatsSetMuted{"chats.setMuted"};
inline constexpr QLatin1StringView ChatsListMuted{"chats.listMuted"};
inline constexpr QLatin1StringView GroupsCreate{"groups.create"};
inline constexpr QLatin1StringView GroupsAddMembers{"groups.addMembers"};
inline constexpr QLatin1StringView GroupsRemoveMember{"groups.removeMember"};
inline constexpr QLatin1StringView GroupsLeave{"groups.leave"};
inline constexpr QLatin1StringView GroupsSetTitle{"groups.setTitle"};
inline constexpr QLatin1StringView GroupsSetRole{"groups.setRole"};
inline constexpr QLatin1StringView ContactsInvite{"contacts.invite"};
inline constexpr QLatin1StringView ContactsAccept{"contacts.accept"};
inline constexpr QLatin1StringView ContactsDeny{"contacts.deny"};
inline constexpr QLatin1StringView ContactsCancel{"contacts.cancel"};
inline constexpr QLatin1StringView ContactsRemove{"contacts.remove"};
inline constexpr QLatin1StringView ContactsList{"contacts.list"};
inline constexpr QLatin1StringView ContactsSetBlocked{"contacts.setBlocked"};
inline constexpr QLatin1StringView ContactsListBlocked{"contacts.listBlocked"};
inline constexpr QLatin1StringView ProfilesGet{"profiles.get"};
inline constexpr QLatin1StringView ProfilesUpdate{"profiles.update"};
inline constexpr QLatin1StringView ProfilesSetUsername{"profiles.setUsername"};
inline constexpr QLatin1StringView ProfilesSetLastSeenPrivacy{"profiles.setLastSeenPrivacy"};
inline constexpr QLatin1StringView ChannelsCreate{"channels.create"};
inline constexpr QLatin1StringView ChannelsGet{"channels.get"};
inline constexpr QLatin1StringView ChannelsEdit{"channels.edit"};
inline constexpr QLatin1StringView ChannelsSubscribe{"channels.subscribe"};
inline constexpr QLatin1StringView ChannelsUnsubscribe{"channels.unsubscribe"};
inline constexpr QLatin1StringView ChannelsAddSubscribers{"channels.addSubscribers"};
inline constexpr QLatin1StringView ChannelsSetMuted{"channels.setMuted"};
inline constexpr QLatin1StringView ChannelsSetRole{"channels.setRole"};
inline constexpr QLatin1StringView ChannelsPost{"channels.post"};
inline constexpr QLatin1StringView ChannelsGetDifference{"channels.getDifference"};
inline constexpr QLatin1StringView ChannelsHistory{"channels.history"};
inline constexpr QLatin1StringView ChannelsList{"channels.list"};
inline constexpr QLatin1StringView ChannelsSearch{"channels.search"};
// §24 photos
inline constexpr QLatin1StringView ProfilesSetPhoto{"profiles.setPhoto"};
inline constexpr QLatin1StringView GroupsSetPhoto{"groups.setPhoto"};
inline constexpr QLatin1StringView ChannelsSetPhoto{"channels.setPhoto"};
// Supergroups (docs/protocol.md §23)
inline constexpr QLatin1StringView SupergroupsCreate{"supergroups.create"};
inline constexpr QLatin1StringView SupergroupsRemoveMember{"supergroups.removeMember"};
inline constexpr QLatin1StringView GroupsUpgrade{"groups.upgrade"};
inline constexpr QLatin1StringView MessagesSend{"messages.send"};
inline constexpr QLatin1StringView MessagesHistory{"messages.history"};
inline constexpr QLatin1StringView MessagesReceived{"messages.received"};
inline constexpr QLatin1StringView MessagesRead{"messages.read"};
inline constexpr QLatin1StringView MessagesEdit{"messages.edit"};
inline constexpr QLatin1StringView MessagesDelete{"messages.delete"};
inline constexpr QLatin1StringView MessagesForward{"messages.forward"};
inline constexpr QLatin1StringView UpdatesGetState{"updates.getState"};
inline constexpr QLatin1StringView UpdatesGetDifference{"updates.getDifference"};
inline constexpr QLatin1StringView Ping{"ping"};
inline constexpr QLatin1StringView SecretPublishKeys{"secret.publishKeys"};
inline constexpr QLatin1StringView SecretUploadPreKeys{"secret.uploadPreKeys"};
inline constexpr QLatin1StringView SecretListDevices{"secret.listDevices"};
inline constexpr QLatin1StringView SecretGetBundle{"secret.getBundle"};
inline constexpr QLatin1StringView SecretSend{"secret.send"};
inline constexpr QLatin1StringView SecretGetQueue{"secret.getQueue"};
inline constexpr QLatin1StringView SecretAck{"secret.ack"};

} // namespace msgr::protocol::method
