#pragma once
//! Counters of one client loop: written by the loop's thread, read by the main thread (relaxed
//! atomics: the main thread only polls them).
#include <QtGlobal>
#include <array>
#include <atomic>

namespace msgr::bench {

//! Messages carry the number of the phase they were sent in, so a late delivery is never
//! counted in the next phase. Ping: the edge's own cost, a closed loop of `ping` requests
//! (answered on the connection thread: no store, no fan-out), to set beside Saturation.
enum class Phase : int { None = 0, Rate = 1, Saturation = 2, Ping = 3 };
inline constexpr int kPhaseCount = 4;

struct PhaseCounters {
    std::atomic<qint64> sent{0};      // requests: messages.send or ping (not retries)
    std::atomic<qint64> acked{0};     // answered with res
    std::atomic<qint64> failed{0};    // answered with an error other than FLOOD_WAIT
    std::atomic<qint64> delivered{0}; // newMessage received by the other member (ping: answered)
    std::atomic<qint64> floodWaits{0};
    std::atomic<qint64> lastDeliveryUs{0}; // monotonicUs() of the last delivery
};

struct LoopCounters {
    std::atomic<qint64> authenticated{0};
    std::atomic<qint64> authFailed{0};
    std::atomic<qint64> authFloodWaits{0};
    std::atomic<qint64> authReconnects{0}; // closed before log-in, opened again
    std::atomic<qint64> chatsOpened{0};
    std::atomic<qint64> closedByServer{0}; // after log-in, while the bench still used it
    std::atomic<qint64> open{0};           // WebSocket upgrades done and not yet closed
    std::atomic<qint64> errors{0};         // unexpected errors and undecodable frames
    std::array<PhaseCounters, kPhaseCount> phase;
};

} // namespace msgr::bench
