#include "core/messages/send_failure_text.h"

#include "protocol/limits.h"

namespace msgr::core {

QString SendFailureText::describe(storage::SendFailure failure) {
    using storage::SendFailure;
    switch (failure) {
    case SendFailure::None:
        return {};
    case SendFailure::TooLong:
        return tr("Not sent: longer than %L1 characters.").arg(protocol::kMaxTextChars);
    case SendFailure::Blocked:
        return tr("Not sent: one of you has blocked the other.");
    case SendFailure::ChatGone:
        return tr("Not sent: this chat no longer exists or you are no longer in it.");
    case SendFailure::NotAllowed:
        return tr("Not sent: you may not write here.");
    case SendFailure::PeerDeviceGone:
        return tr("Not sent: the other device of this secret chat no longer exists.");
    case SendFailure::Refused:
        break;
    }
    return tr("Not sent: the server refused this message.");
}

bool SendFailureText::retryable(storage::SendFailure failure) {
    using storage::SendFailure;
    return failure != SendFailure::None && failure != SendFailure::TooLong &&
           failure != SendFailure::PeerDeviceGone;
}

} // namespace msgr::core
