#pragma once
//! Which refusals are worth repeating, and after how long: one rule for every feature that
//! talks to the server. Plain functions, thread-safe.
#include "protocol/frame.h"

#include <QtGlobal>

namespace msgr::core {

//! The server could not do it now (its store failed, or it asked us to slow down); anything
//! else (bad request, not a member, too long...) will be refused again.
inline bool isRetryable(protocol::ErrorCode code) {
    return code == protocol::ErrorCode::Internal || code == protocol::ErrorCode::FloodWait;
}

//! FLOOD_WAIT says how long (at least 100 ms); other retryable errors wait a second.
inline int retryDelayMs(const protocol::Error &error) {
    return error.code == protocol::ErrorCode::FloodWait ? int(qMax<qint64>(error.retryAfterMs, 100))
                                                        : 1000;
}

} // namespace msgr::core
