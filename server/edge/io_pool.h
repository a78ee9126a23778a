#pragma once
//! The connection threads: N io_contexts, each run by exactly one thread, so everything a
//! connection does happens on one thread without locks. A connection stays on the context it
//! was accepted into. Created and stopped on the main thread.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>
#include <vector>

namespace msgr::server {

class IoPool {
public:
    explicit IoPool(int threads);
    ~IoPool(); // stops and joins

    void start();
    //! The next context, round-robin. Thread-safe only before start() and from the accepting
    //! thread afterwards (the listener is the only caller).
    boost::asio::io_context &next();
    boost::asio::io_context &at(int i) { return *m_contexts.at(size_t(i)); }
    int size() const { return int(m_contexts.size()); }
    //! Lets the contexts run out of work (nothing new is accepted by then) and joins them.
    void stop();

private:
    using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<std::unique_ptr<boost::asio::io_context>> m_contexts;
    std::vector<Guard> m_guards;
    std::vector<std::thread> m_threads;
    size_t m_next = 0;
};

} // namespace msgr::server
