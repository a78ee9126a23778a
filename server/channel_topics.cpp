#include "server/channel_topics.h"

#include "protocol/frame.h"
#include "server/domain/domain.h"
#include "server/server_context.h"

namespace msgr::server::channel_topics {

void attachSubscriptions(ServerContext &server, qint64 userId, const LinkPtr &link) {
    if (!server.domain)
        return; // a context of the bus alone (tst_fanout_bus): no channels to join
    FanoutBus *bus = server.bus;
    server.domain->channels.subscriptionsInOrder(
        userId, [bus, link, userId](StoreResult<QList<qint64>> result) {
            if (const StoreError *error = storeError(result)) {
                // The connection still catches up with channels.getDifference; it only misses
                // live entries until it reconnects.
                qCWarning(lcGateway) << "channel topics of user" << userId
                                     << "not joined: store error" << int(*error);
                return;
            }
            for (const qint64 channelId : std::get<QList<qint64>>(result))
                bus->subscribe(channelId, link);
        });
}

void publish(FanoutBus &bus, const domain::ChannelChange &change) {
    for (const qint64 userId : change.joined)
        bus.subscribeUser(userId, change.channel.id);
    for (const qint64 userId : change.left)
        bus.unsubscribeUser(userId, change.channel.id);
    for (const domain::ChannelLogged &entry : change.channelUpdates)
        publish(bus, entry);
    bus.publish(change.updates);
}

void publish(FanoutBus &bus, const domain::ChannelLogged &entry) {
    const protocol::ChannelUpdatePush push{entry.channelId, entry.logged.pts,
                                           protocol::updateToCbor(entry.logged.update)};
    bus.publish(FanoutAddress::topic(entry.channelId),
                protocol::encodeFrame(protocol::UpdateFrame{0, push.toCbor()}));
}

} // namespace msgr::server::channel_topics
