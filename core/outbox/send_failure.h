#pragma once
//! Why a message was refused for good, from the server's error code: what the client stores
//! with the failed message (messages.failed) so the bubble can say why, also after a restart.
//! Thread-safe (pure).
#include "protocol/error_code.h"
#include "storage/records.h"

namespace msgr::core {

storage::SendFailure sendFailureFor(protocol::ErrorCode code);

} // namespace msgr::core
