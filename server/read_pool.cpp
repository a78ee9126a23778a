#include "server/read_pool.h"

namespace msgr::server {

ReadPool::ReadPool(int threads, int maxQueued) : m_maxQueued(size_t(qMax(1, maxQueued))) {
    for (int i = 0; i < qMax(1, threads); ++i)
        m_threads.emplace_back([this] { run(); });
}

ReadPool::~ReadPool() {
    stop();
}

bool ReadPool::tryPost(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return false;
        if (m_queue.size() >= m_maxQueued) {
            m_refused.fetch_add(1);
            return false;
        }
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

void ReadPool::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
}

qint64 ReadPool::queued() const {
    std::lock_guard lock(m_mutex);
    return qint64(m_queue.size());
}

void ReadPool::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping, and every queued read has run
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        job();
    }
}

} // namespace msgr::server
