#include "server/handlers.h"

#include "protocol/api/comments.h"
#include "protocol/api/drafts.h"
#include "protocol/api/forwards.h"
#include "protocol/api/invites.h"
#include "protocol/api/pinned_messages.h"
#include "protocol/api/presence.h"
#include "protocol/api/readers.h"
#include "protocol/api/typing.h"
#include "protocol/methods.h"

#include <array>

namespace msgr::server {
namespace {
namespace m = protocol::method;

struct Entry {
    QLatin1StringView name;
    MethodInfo info;
};

const std::array<Entry, 83> kMethods = {{
    {m::SignUp, {handlers::signUp, false}},
    {m::LogIn, {handlers::logIn, false}},
    {m::Resume, {handlers::resume, false}},
    {m::LogOut, {handlers::logOut, true}},
    {m::DevicesList, {handlers::devicesList, true}},
    {m::DevicesRevoke, {handlers::devicesRevoke, true}},
    {m::UsersSearch, {handlers::usersSearch, true}},
    {m::UsersGet, {handlers::usersGet, true}},
    {m::ChatsOpenPrivate, {handlers::chatsOpenPrivate, true}},
    {m::ChatsList, {handlers::chatsList, true}},
    {m::MessagesSend, {handlers::messagesSend, true}},
    {m::MessagesHistory, {handlers::messagesHistory, true}},
    {m::MessagesReceived, {handlers::messagesReceived, true}},
    {m::MessagesRead, {handlers::messagesRead, true}},
    {protocol::api::SetTyping::method, {handlers::messagesSetTyping, true}},
    {protocol::api::SaveDraft::method, {handlers::messagesSaveDraft, true}},
    {protocol::api::GetDrafts::method, {handlers::messagesGetDrafts, true}},
    {protocol::api::PinMessage::method, {handlers::messagesPin, true}},
    {protocol::api::GetPresence::method, {handlers::presenceGet, true}},
    {protocol::api::SetPresence::method, {handlers::presenceSet, true}},
    {m::MessagesEdit, {handlers::messagesEdit, true}},
    {m::MessagesDelete, {handlers::messagesDelete, true}},
    {protocol::api::ForwardMessages::method, {handlers::messagesForward, true}},
    {m::UpdatesGetState, {handlers::updatesGetState, true}},
    {m::UpdatesGetDifference, {handlers::updatesGetDifference, true}},
    {m::Ping, {handlers::ping, true}},
    {m::ChatsSetPinned, {handlers::chatsSetPinned, true}},
    {m::ChatsListPinned, {handlers::chatsListPinned, true}},
    {m::ChatsSetMuted, {handlers::chatsSetMuted, true}},
    {m::ChatsListMuted, {handlers::chatsListMuted, true}},
    {m::GroupsCreate, {handlers::groupsCreate, true}},
    {m::GroupsAddMembers, {handlers::groupsAddMembers, true}},
    {m::GroupsRemoveMember, {handlers::groupsRemoveMember, true}},
    {m::GroupsLeave, {handlers::groupsLeave, true}},
    {m::GroupsSetTitle, {handlers::groupsSetTitle, true}},
    {m::GroupsSetRole, {handlers::groupsSetRole, true}},
    {m::ContactsInvite, {handlers::contactsInvite, true}},
    {m::ContactsAccept, {handlers::contactsAccept, true}},
    {m::ContactsDeny, {handlers::contactsDeny, true}},
    {m::ContactsCancel, {handlers::contactsCancel, true}},
    {m::ContactsRemove, {handlers::contactsRemove, true}},
    {m::ContactsList, {handlers::contactsList, true}},
    {m::ContactsSetBlocked, {handlers::contactsSetBlocked, true}},
    {m::ContactsListBlocked, {handlers::contactsListBlocked, true}},
    {m::ProfilesGet, {handlers::profilesGet, true}},
    {m::ProfilesUpdate, {handlers::profilesUpdate, true}},
    {m::ProfilesSetUsername, {handlers::profilesSetUsername, true}},
    {m::ProfilesSetLastSeenPrivacy, {handlers::profilesSetLastSeenPrivacy, true}},
    {m::SecretPublishKeys, {handlers::secretPublishKeys, true}},
    {m::SecretUploadPreKeys, {handlers::secretUploadPreKeys, true}},
    {m::SecretListDevices, {handlers::secretListDevices, true}},
    {m::SecretGetBundle, {handlers::secretGetBundle, true}},
    {m::SecretSend, {handlers::secretSend, true}},
    {m::SecretGetQueue, {handlers::secretGetQueue, true}},
    {m::SecretAck, {handlers::secretAck, true}},
    {m::ChannelsCreate, {handlers::channelsCreate, true}},
    {m::ChannelsGet, {handlers::channelsGet, true}},
    {m::ChannelsEdit, {handlers::channelsEdit, true}},
    {m::ChannelsSubscribe, {handlers::channelsSubscribe, true}},
    {m::ChannelsUnsubscribe, {handlers::channelsUnsubscribe, true}},
    {m::ChannelsAddSubscribers, {handlers::channelsAddSubscribers, true}},
    {m::ChannelsSetMuted, {handlers::channelsSetMuted, true}},
    {m::ChannelsSetRole, {handlers::channelsSetRole, true}},
    {m::ChannelsPost, {handlers::channelsPost, true}},
    {m::ChannelsGetDifference, {handlers::channelsGetDifference, true}},
    {m::ChannelsHistory, {handlers::channelsHistory, true}},
    {m::ChannelsList, {handlers::channelsList, true}},
    {m::ChannelsSearch, {handlers::channelsSearch, true}},
    {protocol::api::ExportInvite::method, {handlers::groupsExportInvite, true}},
    {protocol::api::RevokeInvite::method, {handlers::groupsRevokeInvite, true}},
    {protocol::api::CheckInvite::method, {handlers::groupsCheckInvite, true}},
    {protocol::api::JoinByInvite::method, {handlers::groupsJoinByInvite, true}},
    {protocol::api::GetMessageReaders::method, {handlers::messagesReaders, true}},
    {protocol::api::CommentOnPost::method, {handlers::channelsComment, true}},
    {protocol::api::GetComments::method, {handlers::channelsComments, true}},
    {protocol::api::DeleteComment::method, {handlers::channelsDeleteComment, true}},
    {m::SupergroupsCreate, {handlers::supergroupsCreate, true}},
    {m::SupergroupsRemoveMember, {handlers::supergroupsRemoveMember, true}},
    {m::GroupsUpgrade, {handlers::groupsUpgrade, true}},
    {protocol::api::GetSupergroupMembers::method, {handlers::supergroupsMembers, true}},
    {m::ProfilesSetPhoto, {handlers::profilesSetPhoto, true}},
    {m::GroupsSetPhoto, {handlers::groupsSetPhoto, true}},
    {m::ChannelsSetPhoto, {handlers::channelsSetPhoto, true}},
}};
} // namespace

const MethodInfo *findMethod(QStringView name) {
    for (const Entry &e : kMethods) {
        if (name == e.name)
            return &e.info;
    }
    return nullptr;
}

QList<QLatin1StringView> methodNames() {
    QList<QLatin1StringView> names;
    names.reserve(qsizetype(kMethods.size()));
    for (const Entry &e : kMethods)
        names.append(e.name);
    return names;
}

int methodIndex(QStringView name) {
    for (int i = 0; i < int(kMethods.size()); ++i) {
        if (name == kMethods[size_t(i)].name)
            return i;
    }
    return -1;
}

void answerStoreError(const Responder &reply, StoreError error) {
    if (error == kStoreBusy)
        return reply.fail(protocol::ErrorCode::FloodWait,
                          QStringLiteral("the server is busy writing; retry"), kStoreBusyRetryMs);
    reply.fail(error);
}

namespace {
// A CBOR array header with a count up to 2^32 takes at most 5 bytes; 9 covers any count.
constexpr qint64 kArrayHeaderBytes = 9;
} // namespace

SizedArray::SizedArray(qint64 budgetBytes) : m_budget(budgetBytes), m_bytes(kArrayHeaderBytes) {}

bool SizedArray::tryAppend(const QCborValue &item) {
    const qint64 size = item.toCbor().size();
    if (m_bytes + size > m_budget)
        return false;
    m_bytes += size;
    m_items.append(item);
    return true;
}

} // namespace msgr::server
