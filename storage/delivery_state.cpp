#include "storage/delivery_state.h"

namespace msgr::storage {

OutgoingState deliveryState(const DeliveryFacts &facts) {
    if (facts.failed)
        return OutgoingState::Failed;
    if (facts.pending)
        return OutgoingState::Pending;
    if (!facts.mine)
        return OutgoingState::None;
    if (facts.serverId == 0)
        return OutgoingState::Pending;
    if (facts.serverId <= facts.readOutboxMaxId)
        return OutgoingState::Read;
    if (facts.serverId <= facts.deliveredMaxId)
        return OutgoingState::Delivered;
    return OutgoingState::Sent;
}

} // namespace msgr::storage
