#pragma once
//! The threads on which the domain's reads run, so that a read (a networked database later)
//! never stalls a connection thread. A fixed number of threads and a bounded queue: past
//! `maxQueued` waiting reads a new one is refused at once, and the request is answered
//! FLOOD_WAIT (retry after kReadBusyRetryMs) like any other overload. Thread-safe.
#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace msgr::server {

//! How long a read refused because the queue is full should wait before it is tried again.
inline constexpr qint64 kReadBusyRetryMs = 200;

class ReadPool {
public:
    //! `threads` >= 1, `maxQueued` >= 1 (the server's config checks).
    ReadPool(int threads, int maxQueued);
    //! Runs every read still queued, then stops the threads (see stop()).
    ~ReadPool();
    ReadPool(const ReadPool &) = delete;
    ReadPool &operator=(const ReadPool &) = delete;

    //! Queues `job`; false (and the job dropped) when `maxQueued` jobs wait or the pool stopped.
    bool tryPost(std::function<void()> job);
    //! Runs what is queued, then joins the threads; later tryPost() calls are refused. The
    //! store must outlive this call.
    void stop();

    //! Reads waiting now (not counting those running); for metrics and tests.
    qint64 queued() const;
    //! Reads refused because the queue was full, since the start.
    qint64 refused() const { return m_refused.load(); }

private:
    void run();

    const size_t m_maxQueued;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::atomic<qint64> m_refused{0};
    std::vector<std::thread> m_threads; // last: they start once everything above is ready
};

} // namespace msgr::server
