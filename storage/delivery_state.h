#pragma once
//! The one rule for the delivery state of a message (the chat list's last message and each row
//! of a chat): refused > pending > read > delivered > sent, and nothing for other people's
//! messages. Thread-safe (pure).
#include "storage/records.h"

namespace msgr::storage {

struct DeliveryFacts {
    bool mine = false;    // sent by this account
    bool pending = false; // not stored by the server yet
    bool failed = false;  // refused by the server for good
    qint64 serverId = 0;
    qint64 deliveredMaxId = 0; // the chat's marks
    qint64 readOutboxMaxId = 0;
};

OutgoingState deliveryState(const DeliveryFacts &facts);

} // namespace msgr::storage
