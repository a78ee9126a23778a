#include "server/edge/session_registry.h"

#include <boost/asio/post.hpp>

#include <utility>
#include <vector>

namespace msgr::server {

void SessionRegistry::add(LiveSession *session) {
    std::lock_guard lock(m_mutex);
    m_sessions.push_front(*session);
}

void SessionRegistry::remove(LiveSession *session) {
    std::lock_guard lock(m_mutex);
    if (session->m_liveHook.is_linked()) // else not registered
        m_sessions.erase(m_sessions.iterator_to(*session));
}

void SessionRegistry::closeAll(quint16 code, const QString &reason) {
    std::vector<std::pair<std::weak_ptr<LiveSession>, boost::asio::any_io_executor>> entries;
    {
        // Under the lock every listed session is alive (its destructor removes it first).
        std::lock_guard lock(m_mutex);
        for (LiveSession &s : m_sessions)
            entries.emplace_back(s.liveHandle(), s.liveExecutor());
    }
    for (auto &[weak, executor] : entries) {
        boost::asio::post(executor, [weak = std::move(weak), code, reason] {
            if (const auto session = weak.lock())
                session->shutdown(code, reason);
        });
    }
}

} // namespace msgr::server
