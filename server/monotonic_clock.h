#pragma once
//! Milliseconds on the steady clock, for throttles and deadlines that must not jump with the
//! wall clock. Any thread. Only differences mean anything.
#include <QtGlobal>

#include <chrono>

namespace msgr::server {

inline qint64 monotonicMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace msgr::server
