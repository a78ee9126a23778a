#pragma once
//! What the hibernated connections of one connection thread share (one per io_context, an
//! Asio service): the thread's LinkMailbox, and one timer for all their deadlines.
//!
//! A hibernated connection waits only for its keep-alive (ping at half the idle timeout, drop
//! at all of it). With a timer of its own it kept the timer object and a pending wait (~160
//! bytes with malloc's headers) for that; here it keeps three words (WsSleeper), linked in a
//! list ordered by deadline under one timer armed at the earliest. Deadlines keep their
//! precision (the shared timer fires at the head's deadline, not on a tick). Connections
//! hibernate in the order they went quiet, so their deadlines arrive nearly in order and an
//! insertion, searched from the tail, is O(1) in practice.
//! Connection thread only (the io_context's one thread).
#include "server/connection_link.h"
#include "server/edge/edge_socket.h"

#include <boost/asio/execution_context.hpp>
#include <boost/intrusive/list.hpp>

#include <chrono>

namespace msgr::server {

class WsSleepers;

//! One hibernated connection's deadline in its thread's WsSleepers.
class WsSleeper {
public:
    WsSleeper() = default;
    WsSleeper(const WsSleeper &) = delete;
    WsSleeper &operator=(const WsSleeper &) = delete;

    //! The deadline arrived (the sleeper is already out of the list).
    virtual void sleeperDue() = 0;

protected:
    virtual ~WsSleeper() = default;
    bool sleeping() const { return m_sleepHook.is_linked(); }

private:
    friend class WsSleepers;
    //! Safe-link: unlinked hooks are null, so "in the list" is the hook's own state.
    using Hook = boost::intrusive::list_member_hook<
        boost::intrusive::link_mode<boost::intrusive::safe_link>>;
    Hook m_sleepHook;
    std::chrono::steady_clock::time_point m_sleepDue{};
};

class WsSleepers final : public boost::asio::execution_context::service {
public:
    using Clock = std::chrono::steady_clock;
    static inline boost::asio::execution_context::id id;

    explicit WsSleepers(boost::asio::execution_context &context);

    //! The thread's mailbox (one for every session on it).
    const ConnectionLink::SharedMailbox &mailbox() const { return m_mailbox; }

    //! Calls sleeper->sleeperDue() at `at`, or earlier if it was scheduled earlier already.
    void schedule(WsSleeper *sleeper, Clock::time_point at);
    //! No call any more (a connection that wakes or goes away).
    void cancel(WsSleeper *sleeper);

private:
    void shutdown() override;
    void arm();
    void onDue();

    using List = boost::intrusive::list<
        WsSleeper,
        boost::intrusive::member_hook<WsSleeper, WsSleeper::Hook, &WsSleeper::m_sleepHook>,
        boost::intrusive::constant_time_size<false>>;

    boost::asio::io_context &m_io;
    ConnectionLink::SharedMailbox m_mailbox;
    EdgeTimer m_timer;
    Clock::time_point m_armedAt = Clock::time_point::max();
    List m_sleepers; // by deadline, earliest first
    bool m_shutDown = false;
};

} // namespace msgr::server
