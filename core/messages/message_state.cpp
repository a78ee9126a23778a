#include "core/messages/message_state.h"

namespace msgr::core {

MessageState toMessageState(storage::OutgoingState state) {
    switch (state) {
    case storage::OutgoingState::None:
        return MessageStateNs::None;
    case storage::OutgoingState::Pending:
        return MessageStateNs::Pending;
    case storage::OutgoingState::Sent:
        return MessageStateNs::Sent;
    case storage::OutgoingState::Delivered:
        return MessageStateNs::Delivered;
    case storage::OutgoingState::Read:
        return MessageStateNs::Read;
    case storage::OutgoingState::Failed:
        return MessageStateNs::Failed;
    }
    return MessageStateNs::None;
}

} // namespace msgr::core
