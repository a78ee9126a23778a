#pragma once
//! Gives the pages freed by hibernating connections back to the system. glibc's free() keeps
//! freed chunks in its heaps (only the top of a heap is returned), so the WebSocket state that
//! a burst of hibernations frees would stay resident; malloc_trim(0) returns every whole free
//! page. One trim runs a second after the first hibernation it covers, so a burst costs one
//! trim per second, not one per connection. Thread-safe.
#include <boost/asio/any_io_executor.hpp>

#include <atomic>

namespace msgr::server {

class HeapTrimmer {
public:
    //! Any connection thread: a connection freed its WebSocket state. The trim runs on
    //! `executor` (that connection's thread).
    void released(const boost::asio::any_io_executor &executor);

private:
    std::atomic<bool> m_scheduled{false};
};

} // namespace msgr::server
