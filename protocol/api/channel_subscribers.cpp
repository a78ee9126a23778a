#include "protocol/api/channel_subscribers.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol {

QCborMap ChannelSubscribersPush::toCbor() const {
    using api::codec::L;
    return {
        {L("type"), type}, {L("channelId"), channelId}, {L("subscriberCount"), subscriberCount}};
}

std::optional<ChannelSubscribersPush> ChannelSubscribersPush::fromCbor(const QCborMap &map,
                                                                       QString *error) {
    using api::codec::L;
    MapReader r(map);
    ChannelSubscribersPush push;
    if (r.requireString(L("type"), 1, 32) != type && r.ok())
        r.fail(ErrorCode::BadRequest, QStringLiteral("not a channelSubscribers push"));
    push.channelId = r.requireInt(L("channelId"), 1);
    push.subscriberCount = r.requireInt(L("subscriberCount"), 0);
    return api::codec::finish(r, push, error);
}

} // namespace msgr::protocol
