#pragma once
//! The method table of docs/protocol.md §5: name → handler. Handlers run on the connection's
//! thread, decode the arguments (protocol/api/) and call the domain (server/domain/): reads
//! through the read pool (async_read.h), continuing on the connection's thread; writes through
//! the store's writer, answering from its thread after the commit. Every answer goes through
//! ctx.reply.
#include "protocol/api/messages.h"
#include "protocol/api/reply.h"
#include "server/auth_service.h"
#include "server/domain/domain.h"
#include "server/request_context.h"

#include <QCborArray>
#include <QLatin1StringView>
#include <QList>
#include <QStringView>
#include <optional>

namespace msgr::server {

struct MethodInfo {
    void (*handle)(RequestContext &ctx);
    bool needsAuth;
};

//! nullptr for an unknown method.
const MethodInfo *findMethod(QStringView name);

//! The names of the method table, in its order: /metrics keeps one set of counters for each.
QList<QLatin1StringView> methodNames();
//! The index of `name` in methodNames(); -1 for an unknown method.
int methodIndex(QStringView name);

//! Answers a store failure: Busy as FLOOD_WAIT (retry after kStoreBusyRetryMs), the rest as
//! Responder::fail(StoreError) does.
void answerStoreError(const Responder &reply, StoreError error);

//! Collects the items of one answer's array while its encoded size stays within the frame cap
//! (protocol::kMaxFrameBytes less kAnswerEnvelopeBytes for the rest of the frame). The size
//! of a CBOR array is its header plus the sum of its items' encodings, so the bound is exact.
class SizedArray {
public:
    //! Room for everything of an answer frame but its one array: `t`, `id`, `r`'s other keys.
    static constexpr qint64 kAnswerEnvelopeBytes = 1024;
    explicit SizedArray(qint64 budgetBytes);

    //! Appends `item` if it fits; false (and nothing appended) when it does not.
    bool tryAppend(const QCborValue &item);
    const QCborArray &items() const { return m_items; }
    qint64 encodedBytes() const { return m_bytes; }

private:
    qint64 m_budget;
    qint64 m_bytes;
    QCborArray m_items;
};

namespace handlers {
void signUp(RequestContext &ctx);
void logIn(RequestContext &ctx);
void resume(RequestContext &ctx);
void logOut(RequestContext &ctx);
void devicesList(RequestContext &ctx);
void devicesRevoke(RequestContext &ctx);
void usersSearch(RequestContext &ctx);
void usersGet(RequestContext &ctx);
void chatsOpenPrivate(RequestContext &ctx);
void chatsList(RequestContext &ctx);
void messagesSend(RequestContext &ctx);
//! messages.send with its arguments already decoded (protocol/send_request_decode.h: the
//! session's fast path); what follows the decoding is messagesSend's.
void messagesSendDecoded(RequestContext &ctx, protocol::api::SendMessage req);
void messagesHistory(RequestContext &ctx);
void messagesReceived(RequestContext &ctx);
void messagesRead(RequestContext &ctx);
void messagesSetTyping(RequestContext &ctx); // handlers_typing.cpp
void messagesSaveDraft(RequestContext &ctx); // handlers_drafts.cpp
void messagesGetDrafts(RequestContext &ctx); // handlers_drafts.cpp
void messagesPin(RequestContext &ctx);       // handlers_pinned_messages.cpp
void presenceGet(RequestContext &ctx);       // handlers_presence.cpp
void presenceSet(RequestContext &ctx);       // handlers_presence.cpp
void updatesGetState(RequestContext &ctx);
void updatesGetDifference(RequestContext &ctx);
void ping(RequestContext &ctx);
void messagesEdit(RequestContext &ctx);               // handlers_message_actions.cpp
void messagesDelete(RequestContext &ctx);             // handlers_message_actions.cpp
void messagesForward(RequestContext &ctx);            // handlers_forwards.cpp
void chatsSetPinned(RequestContext &ctx);             // handlers_pins.cpp
void chatsListPinned(RequestContext &ctx);            // handlers_pins.cpp
void chatsSetMuted(RequestContext &ctx);              // handlers_mutes.cpp
void chatsListMuted(RequestContext &ctx);             // handlers_mutes.cpp
void groupsCreate(RequestContext &ctx);               // handlers_groups.cpp
void groupsAddMembers(RequestContext &ctx);           // handlers_groups.cpp
void groupsRemoveMember(RequestContext &ctx);         // handlers_groups.cpp
void groupsLeave(RequestContext &ctx);                // handlers_groups.cpp
void groupsSetTitle(RequestContext &ctx);             // handlers_groups.cpp
void groupsSetRole(RequestContext &ctx);              // handlers_groups.cpp
void contactsInvite(RequestContext &ctx);             // handlers_contacts.cpp
void contactsAccept(RequestContext &ctx);             // handlers_contacts.cpp
void contactsDeny(RequestContext &ctx);               // handlers_contacts.cpp
void contactsCancel(RequestContext &ctx);             // handlers_contacts.cpp
void contactsRemove(RequestContext &ctx);             // handlers_contacts.cpp
void contactsList(RequestContext &ctx);               // handlers_contacts.cpp
void contactsSetBlocked(RequestContext &ctx);         // handlers_contacts.cpp
void contactsListBlocked(RequestContext &ctx);        // handlers_contacts.cpp
void profilesGet(RequestContext &ctx);                // handlers_profiles.cpp
void profilesUpdate(RequestContext &ctx);             // handlers_profiles.cpp
void profilesSetUsername(RequestContext &ctx);        // handlers_profiles.cpp
void profilesSetLastSeenPrivacy(RequestContext &ctx); // handlers_profiles.cpp
void secretPublishKeys(RequestContext &ctx);          // handlers_secret.cpp
void secretUploadPreKeys(RequestContext &ctx);        // handlers_secret.cpp
void secretListDevices(RequestContext &ctx);          // handlers_secret.cpp
void secretGetBundle(RequestContext &ctx);            // handlers_secret.cpp
void secretSend(RequestContext &ctx);                 // handlers_secret.cpp
void secretGetQueue(RequestContext &ctx);             // handlers_secret.cpp
void secretAck(RequestContext &ctx);                  // handlers_secret.cpp

void channelsCreate(RequestContext &ctx);         // handlers_channels.cpp
void channelsGet(RequestContext &ctx);            // handlers_channels.cpp
void channelsEdit(RequestContext &ctx);           // handlers_channels.cpp
void channelsSubscribe(RequestContext &ctx);      // handlers_channels.cpp
void channelsUnsubscribe(RequestContext &ctx);    // handlers_channels.cpp
void channelsAddSubscribers(RequestContext &ctx); // handlers_channels.cpp
void channelsSetMuted(RequestContext &ctx);       // handlers_channels.cpp
void channelsSetRole(RequestContext &ctx);        // handlers_channels.cpp
void channelsPost(RequestContext &ctx);           // handlers_channels.cpp
void channelsGetDifference(RequestContext &ctx);  // handlers_channels.cpp
void channelsHistory(RequestContext &ctx);        // handlers_channels.cpp
void channelsList(RequestContext &ctx);           // handlers_channels.cpp
void channelsSearch(RequestContext &ctx);         // handlers_channels.cpp

void groupsExportInvite(RequestContext &ctx); // handlers_group_invites.cpp
void groupsRevokeInvite(RequestContext &ctx); // handlers_group_invites.cpp
void groupsCheckInvite(RequestContext &ctx);  // handlers_group_invites.cpp
void groupsJoinByInvite(RequestContext &ctx); // handlers_group_invites.cpp
void messagesReaders(RequestContext &ctx);    // handlers_group_invites.cpp

void channelsComment(RequestContext &ctx);       // handlers_comments.cpp
void channelsComments(RequestContext &ctx);      // handlers_comments.cpp
void channelsDeleteComment(RequestContext &ctx); // handlers_comments.cpp

//! The answer of a channel or supergroup change (handlers_channels.cpp): the bus hears first,
//! then the caller gets the channel as they see it and their pts.
domain::Channels::Done answerChannelChange(ServerContext &server, const Responder &reply);
//! The same, and the new member count pushed live (channelSubscribers, §15.4) when it changed.
domain::Channels::Done answerChannelSubscribersChange(ServerContext &server,
                                                      const Responder &reply);
//! The answer of a post to a channel's log (channels.post, messages.send into a supergroup).
std::function<void(StoreResult<domain::ChannelPost>)> answerPost(ServerContext &server,
                                                                 const Responder &reply);

//! The answer of messages.forward into a supergroup (handlers_message_actions.cpp, §23.8).
std::function<void(StoreResult<domain::SupergroupMessagesChange>)>
answerSupergroupForward(ServerContext &server, const Responder &reply);

void supergroupsCreate(RequestContext &ctx);       // handlers_supergroups.cpp
void supergroupsRemoveMember(RequestContext &ctx); // handlers_supergroups.cpp
void groupsUpgrade(RequestContext &ctx);           // handlers_supergroups.cpp
void supergroupsMembers(RequestContext &ctx);      // handlers_supergroups.cpp

void profilesSetPhoto(RequestContext &ctx); // handlers_photos.cpp
void groupsSetPhoto(RequestContext &ctx);   // handlers_photos.cpp
void channelsSetPhoto(RequestContext &ctx); // handlers_photos.cpp

//! Answers a history page newest-first cut to the frame cap (messages.history and
//! channels.history; handlers_messages.cpp).
void answerHistory(const Responder &reply, const HistoryPage &page);
//! Answers a difference slice cut to the frame cap; `pts` is the one asked from
//! (updates.getDifference and channels.getDifference; handlers_sync.cpp).
void answerDifference(const Responder &reply, qint64 pts, const Difference &diff);

//! The request's arguments as its protocol::api shape, or nullopt after answering the typed
//! error its decode() gives.
template <typename Req> std::optional<Req> decodeArgs(RequestContext &ctx) {
    protocol::api::Decoded<Req> decoded = Req::decode(QCborValue(ctx.args));
    if (!decoded.ok())
        ctx.reply.fail(decoded.error.code, decoded.error.message);
    return std::move(decoded.value);
}

//! The decoded request once the caller may write (the per-user write limit of §1), else
//! nullopt after answering the typed error or FLOOD_WAIT.
template <typename Req> std::optional<Req> admitted(RequestContext &ctx) {
    std::optional<Req> req = decodeArgs<Req>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return std::nullopt;
    return req;
}
} // namespace handlers

} // namespace msgr::server
