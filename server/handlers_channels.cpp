// Channels: channels.* (protocol/api/channels.h, docs/protocol.md §15).
#include "protocol/api/channel_subscribers.h"
#include "protocol/api/channels.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/channel_topics.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"

namespace msgr::server::handlers {
namespace api = protocol::api;

//! Every change answers the same way: the channel as the caller sees it and their pts. The
//! bus hears first (topic subscriptions, the channel's entries, the users' entries): see
//! FanoutBus for why before the answer.
namespace {
//! `subscribersMove`: the act may change the subscriber count (subscribe, unsubscribe, add):
//! when it wrote something, the new count goes to the channel's open connections, unlogged.
domain::Channels::Done answerChange(ServerContext &server, const Responder &reply,
                                    bool subscribersMove) {
    return [&server, reply, subscribersMove](StoreResult<domain::ChannelChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::ChannelChange &change = std::get<domain::ChannelChange>(r);
        if (change.refused)
            return reply.fail(change.refused->code, change.refused->message);
        channel_topics::publish(*server.bus, change);
        if (subscribersMove && !change.updates.isEmpty()) {
            const protocol::ChannelSubscribersPush push{change.channel.id,
                                                        change.channel.subscriberCount};
            server.bus->publish(FanoutAddress::topic(change.channel.id),
                                protocol::encodeFrame(protocol::UpdateFrame{0, push.toCbor()}));
        }
        reply.ok(api::ChannelResult{change.channel, change.callerPts}.toCbor());
    };
}

//! A subscribe, unsubscribe or add: answered as every change, and the count pushed live.
domain::Channels::Done answerSubscribersChange(ServerContext &server, const Responder &reply) {
    return answerChange(server, reply, true);
}
} // namespace

domain::Channels::Done answerChannelChange(ServerContext &server, const Responder &reply) {
    return answerChange(server, reply, false);
}

domain::Channels::Done answerChannelSubscribersChange(ServerContext &server,
                                                      const Responder &reply) {
    return answerSubscribersChange(server, reply);
}

void channelsCreate(RequestContext &ctx) {
    if (const auto req = admitted<api::CreateChannel>(ctx))
        ctx.server.domain->channels.create(ctx.session.userId, req->randomId, req->title,
                                           req->about, req->name, nowMs(),
                                           answerChannelChange(ctx.server, ctx.reply));
}

void channelsEdit(RequestContext &ctx) {
    if (const auto req = admitted<api::EditChannel>(ctx))
        ctx.server.domain->channels.edit(ctx.session.userId, req->channelId, req->title, req->about,
                                         answerChannelChange(ctx.server, ctx.reply));
}

void channelsSubscribe(RequestContext &ctx) {
    if (const auto req = admitted<api::SubscribeChannel>(ctx))
        ctx.server.domain->channels.subscribe(ctx.session.userId, req->channelId, nowMs(),
                                              answerSubscribersChange(ctx.server, ctx.reply));
}

void channelsUnsubscribe(RequestContext &ctx) {
    if (const auto req = admitted<api::UnsubscribeChannel>(ctx))
        ctx.server.domain->channels.unsubscribe(ctx.session.userId, req->channelId, nowMs(),
                                                answerSubscribersChange(ctx.server, ctx.reply));
}

void channelsAddSubscribers(RequestContext &ctx) {
    if (const auto req = admitted<api::AddChannelSubscribers>(ctx))
        ctx.server.domain->channels.addSubscribers(ctx.session.userId, req->channelId, req->userIds,
                                                   nowMs(),
                                                   answerSubscribersChange(ctx.server, ctx.reply));
}

void channelsSetMuted(RequestContext &ctx) {
    if (const auto req = admitted<api::SetChannelMuted>(ctx))
        ctx.server.domain->channels.setMuted(ctx.session.userId, req->channelId, req->muted,
                                             answerChannelChange(ctx.server, ctx.reply));
}

void channelsSetRole(RequestContext &ctx) {
    if (const auto req = admitted<api::SetChannelRole>(ctx))
        ctx.server.domain->channels.setRole(ctx.session.userId, req->channelId, req->userId,
                                            req->role, answerChannelChange(ctx.server, ctx.reply));
}

std::function<void(StoreResult<domain::ChannelPost>)> answerPost(ServerContext &server,
                                                                 const Responder &reply) {
    return [&server, reply](StoreResult<domain::ChannelPost> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::ChannelPost &post = std::get<domain::ChannelPost>(r);
        if (post.refused)
            return reply.fail(post.refused->code, post.refused->message);
        if (post.logged) {
            server.metrics->channelPostStored(post.rowsWritten);
            channel_topics::publish(*server.bus, *post.logged);
        }
        reply.ok(api::SendResult{post.message, post.channelPts, post.duplicate}.toCbor());
    };
}

void channelsPost(RequestContext &ctx) {
    const auto req = admitted<api::PostToChannel>(ctx);
    if (!req)
        return;
    // Files are checked as messages.send checks them (§11), inside the post's write (§15.8).
    ctx.server.domain->channels.post(ctx.session.userId, req->channelId, req->randomId,
                                     domain::PostContent{req->text, req->attachments, 0}, nowMs(),
                                     answerPost(ctx.server, ctx.reply));
}

void channelsGet(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetChannel>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId,
         channelId = req->channelId]() -> StoreResult<api::ChannelResult> {
            StoreResult<api::Channel> channel = domain.channels.get(userId, channelId);
            if (const StoreError *error = storeError(channel))
                return *error;
            const StoreResult<qint64> pts = domain.updates.currentPts(userId);
            if (const StoreError *error = storeError(pts))
                return *error;
            return api::ChannelResult{std::get<api::Channel>(std::move(channel)),
                                      std::get<qint64>(pts)};
        },
        [reply = ctx.reply](const StoreResult<api::ChannelResult> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            reply.ok(std::get<api::ChannelResult>(result).toCbor());
        });
}

void channelsGetDifference(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetChannelDifference>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.channels.difference(userId, r.channelId, r.pts, r.limit);
        },
        [reply = ctx.reply, pts = req->pts](const StoreResult<Difference> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            answerDifference(reply, pts, std::get<Difference>(result));
        });
}

void channelsHistory(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetChannelHistory>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.channels.history(userId, r.channelId, r.beforeId, r.limit);
        },
        [reply = ctx.reply](const StoreResult<HistoryPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            answerHistory(reply, std::get<HistoryPage>(result));
        });
}

namespace {
//! A page of channels cut to the frame cap: `final` only when nothing was cut and nothing
//! more remains.
void answerChannels(const Responder &reply, const QList<api::Channel> &channels, bool final) {
    SizedArray kept(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
    api::ChannelsResult result;
    result.final = final;
    for (const api::Channel &channel : channels) {
        if (!kept.tryAppend(channel.toCbor())) {
            result.final = false;
            break;
        }
        result.channels.append(channel);
    }
    reply.ok(result.toCbor());
}
} // namespace

void channelsList(RequestContext &ctx) {
    const auto req = decodeArgs<api::ListChannels>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.channels.list(userId, r.afterChannelId, r.limit);
        },
        [reply = ctx.reply](const StoreResult<domain::ChannelPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const auto &page = std::get<domain::ChannelPage>(result);
            answerChannels(reply, page.channels, page.final);
        });
}

void channelsSearch(RequestContext &ctx) {
    const auto req = decodeArgs<api::SearchChannels>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.channels.search(userId, r.query, r.limit);
        },
        [reply = ctx.reply](const StoreResult<QList<api::Channel>> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            answerChannels(reply, std::get<QList<api::Channel>>(result), true);
        });
}

} // namespace msgr::server::handlers
