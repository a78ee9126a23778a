#include "server/edge/io_pool.h"

#include "server/server_context.h"

#include <pthread.h>

namespace msgr::server {

IoPool::IoPool(int threads) {
    for (int i = 0; i < threads; ++i) {
        // Concurrency hint 1: each context is run by one thread, so asio can skip its locks.
        m_contexts.push_back(std::make_unique<boost::asio::io_context>(1));
        m_guards.emplace_back(m_contexts.back()->get_executor());
    }
}

IoPool::~IoPool() {
    stop();
}

void IoPool::start() {
    for (size_t i = 0; i < m_contexts.size(); ++i) {
        m_threads.emplace_back([this, i] {
            const std::string name = "msgr-io-" + std::to_string(i);
            pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
            for (;;) {
                try {
                    m_contexts[i]->run();
                    return;
                } catch (const std::exception &e) {
                    // A handler threw: that is a bug, but one connection's bug must not take the
                    // other connections of this thread down with it.
                    qCCritical(lcGateway) << "exception escaped a connection handler:" << e.what();
                }
            }
        });
    }
}

boost::asio::io_context &IoPool::next() {
    boost::asio::io_context &context = *m_contexts[m_next];
    m_next = (m_next + 1) % m_contexts.size();
    return context;
}

void IoPool::stop() {
    for (auto &context : m_contexts)
        context->stop();
    for (std::thread &t : m_threads)
        t.join();
    m_threads.clear();
    m_guards.clear();
}

} // namespace msgr::server
