#include "server/edge/ws_sleepers.h"

#include <boost/asio/post.hpp>

namespace msgr::server {

WsSleepers::WsSleepers(boost::asio::execution_context &context)
    : boost::asio::execution_context::service(context),
      m_io(static_cast<boost::asio::io_context &>(context)), m_timer(m_io.get_executor()) {
    auto executor = m_io.get_executor();
    m_poster = std::make_shared<const ConnectionLink::Poster>(
        [executor](std::function<void()> fn) { boost::asio::post(executor, std::move(fn)); });
}

void WsSleepers::shutdown() {
    // The io_context is going away: its pending handlers (which own the connections) are
    // destroyed after this, and a destroyed connection still cancels itself here.
    m_shutDown = true;
    m_timer.cancel();
}

void WsSleepers::schedule(WsSleeper *sleeper, Clock::time_point at) {
    if (sleeper->m_sleeping) {
        if (sleeper->m_sleepDue <= at)
            return;
        unlink(sleeper);
    }
    sleeper->m_sleepDue = at;
    sleeper->m_sleeping = true;
    // From the tail: deadlines arrive nearly in order.
    WsSleeper *after = m_tail;
    while (after && after->m_sleepDue > at)
        after = after->m_sleepPrev;
    sleeper->m_sleepPrev = after;
    sleeper->m_sleepNext = after ? after->m_sleepNext : m_head;
    (sleeper->m_sleepNext ? sleeper->m_sleepNext->m_sleepPrev : m_tail) = sleeper;
    (after ? after->m_sleepNext : m_head) = sleeper;
    if (m_head == sleeper)
        arm();
}

void WsSleepers::cancel(WsSleeper *sleeper) {
    if (sleeper->m_sleeping)
        unlink(sleeper);
}

void WsSleepers::unlink(WsSleeper *sleeper) {
    (sleeper->m_sleepPrev ? sleeper->m_sleepPrev->m_sleepNext : m_head) = sleeper->m_sleepNext;
    (sleeper->m_sleepNext ? sleeper->m_sleepNext->m_sleepPrev : m_tail) = sleeper->m_sleepPrev;
    sleeper->m_sleepPrev = sleeper->m_sleepNext = nullptr;
    sleeper->m_sleeping = false;
    // The timer stays armed for a head that left: it fires, finds nothing due, re-arms.
}

void WsSleepers::arm() {
    if (m_shutDown || !m_head || m_head->m_sleepDue >= m_armedAt)
        return;
    m_armedAt = m_head->m_sleepDue;
    m_timer.expires_at(m_armedAt);
    m_timer.async_wait([this](boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted)
            return; // re-armed earlier (that wait is the one that counts), or shut down
        m_armedAt = Clock::time_point::max();
        onDue();
    });
}

void WsSleepers::onDue() {
    const Clock::time_point now = Clock::now();
    while (m_head && m_head->m_sleepDue <= now) {
        WsSleeper *due = m_head;
        unlink(due);
        due->sleeperDue(); // may schedule itself (or others) again
    }
    arm();
}

} // namespace msgr::server
