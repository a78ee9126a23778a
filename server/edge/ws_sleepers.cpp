#include "server/edge/ws_sleepers.h"

#include <boost/asio/post.hpp>

#include <iterator>

namespace msgr::server {

WsSleepers::WsSleepers(boost::asio::execution_context &context)
    : boost::asio::execution_context::service(context),
      m_io(static_cast<boost::asio::io_context &>(context)), m_timer(m_io.get_executor()) {
    auto executor = m_io.get_executor();
    m_mailbox = std::make_shared<LinkMailbox>(
        [executor](std::function<void()> fn) { boost::asio::post(executor, std::move(fn)); });
}

void WsSleepers::shutdown() {
    // The io_context is going away: its pending handlers (which own the connections) are
    // destroyed after this, and a destroyed connection still cancels itself here.
    m_shutDown = true;
    m_mailbox->shutDown();
    m_timer.cancel();
}

void WsSleepers::schedule(WsSleeper *sleeper, Clock::time_point at) {
    if (sleeper->m_sleepHook.is_linked()) {
        if (sleeper->m_sleepDue <= at)
            return;
        m_sleepers.erase(m_sleepers.iterator_to(*sleeper));
    }
    sleeper->m_sleepDue = at;
    // From the tail: deadlines arrive nearly in order. `before` ends at the first sleeper due
    // later than `at` (or the end).
    auto before = m_sleepers.end();
    while (before != m_sleepers.begin() && std::prev(before)->m_sleepDue > at)
        --before;
    const bool first = before == m_sleepers.begin();
    m_sleepers.insert(before, *sleeper);
    if (first)
        arm();
}

void WsSleepers::cancel(WsSleeper *sleeper) {
    // The timer stays armed for a head that left: it fires, finds nothing due, re-arms.
    if (sleeper->m_sleepHook.is_linked())
        m_sleepers.erase(m_sleepers.iterator_to(*sleeper));
}

void WsSleepers::arm() {
    if (m_shutDown || m_sleepers.empty() || m_sleepers.front().m_sleepDue >= m_armedAt)
        return;
    m_armedAt = m_sleepers.front().m_sleepDue;
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
    while (!m_sleepers.empty() && m_sleepers.front().m_sleepDue <= now) {
        WsSleeper &due = m_sleepers.front();
        m_sleepers.pop_front();
        due.sleeperDue(); // may schedule itself (or others) again
    }
    arm();
}

} // namespace msgr::server
