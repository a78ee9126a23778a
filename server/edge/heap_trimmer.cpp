#include "server/edge/heap_trimmer.h"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace msgr::server {

namespace {
//! Long enough to cover a burst, short enough not to hold a shutdown up (the connection
//! threads finish their pending work, this timer included).
constexpr std::chrono::milliseconds kHeapTrimDelay{1'000};
} // namespace

void HeapTrimmer::released(const boost::asio::any_io_executor &executor) {
#if defined(__GLIBC__)
    if (m_scheduled.exchange(true))
        return;
    auto timer = std::make_shared<boost::asio::steady_timer>(executor, kHeapTrimDelay);
    timer->async_wait([this, timer](boost::system::error_code) {
        m_scheduled = false;
        malloc_trim(0);
    });
#else
    (void)executor;
#endif
}

} // namespace msgr::server
