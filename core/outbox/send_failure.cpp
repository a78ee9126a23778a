#include "core/outbox/send_failure.h"

namespace msgr::core {

storage::SendFailure sendFailureFor(protocol::ErrorCode code) {
    using protocol::ErrorCode;
    using storage::SendFailure;
    switch (code) {
    case ErrorCode::TooLarge:
        return SendFailure::TooLong;
    case ErrorCode::UserBlocked:
        return SendFailure::Blocked;
    case ErrorCode::NotFound:
        return SendFailure::ChatGone;
    case ErrorCode::Forbidden:
        return SendFailure::NotAllowed;
    default:
        return SendFailure::Refused;
    }
}

} // namespace msgr::core
