#pragma once
//! A live push of docs/protocol.md §15.4 (its own header: channels.h is included nearly
//! everywhere).
#include <QCborMap>
#include <QLatin1StringView>
#include <QString>
#include <optional>

namespace msgr::protocol {

//! The live push of a channel's subscriber count changing (docs/protocol.md §15.4): the `u` of
//! an `upd` frame WITHOUT a `pts`, to the channel's topic, never logged (a subscription is not
//! worth an entry every reader replays): {type: "channelSubscribers", channelId,
//! subscriberCount}. A missed one costs nothing: every Channel answered carries the count.
struct ChannelSubscribersPush {
    static constexpr QLatin1StringView type{"channelSubscribers"};
    qint64 channelId = 0;
    qint64 subscriberCount = 0;

    QCborMap toCbor() const;
    static std::optional<ChannelSubscribersPush> fromCbor(const QCborMap &map,
                                                          QString *error = nullptr);
    friend bool operator==(const ChannelSubscribersPush &,
                           const ChannelSubscribersPush &) = default;
};

} // namespace msgr::protocol
