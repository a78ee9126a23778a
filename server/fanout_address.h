#pragma once
//! Whom a fan-out frame goes to: every connection of a user, the connections of one device,
//! or every subscriber of a topic (a channel, whose updates have their own pts log and go to
//! whoever has it open rather than to each member's log). Plain value, any thread.
#include <QtGlobal>

namespace msgr::server {

struct FanoutAddress {
    enum class Kind { User, Device, Topic };
    Kind kind = Kind::User;
    qint64 id = 0;       // the user (User, Device) or the topic (Topic)
    qint64 deviceId = 0; // Device only

    static FanoutAddress user(qint64 userId) { return {Kind::User, userId, 0}; }
    static FanoutAddress device(qint64 userId, qint64 deviceId) {
        return {Kind::Device, userId, deviceId};
    }
    static FanoutAddress topic(qint64 topicId) { return {Kind::Topic, topicId, 0}; }

    friend bool operator==(const FanoutAddress &, const FanoutAddress &) = default;
};

} // namespace msgr::server
