#include "server/edge/session_registry.h"

#include <boost/asio/post.hpp>

#include <vector>

namespace msgr::server {

void SessionRegistry::add(LiveSession *key, std::weak_ptr<LiveSession> session,
                          boost::asio::any_io_executor executor) {
    std::lock_guard lock(m_mutex);
    m_sessions.emplace(key, Entry{std::move(session), std::move(executor)});
}

void SessionRegistry::remove(LiveSession *key) {
    std::lock_guard lock(m_mutex);
    m_sessions.erase(key);
}

void SessionRegistry::closeAll(quint16 code, const QString &reason) {
    std::vector<Entry> entries;
    {
        std::lock_guard lock(m_mutex);
        entries.reserve(m_sessions.size());
        for (const auto &[key, entry] : m_sessions)
            entries.push_back(entry);
    }
    for (Entry &entry : entries) {
        boost::asio::post(entry.executor, [weak = entry.session, code, reason] {
            if (const auto session = weak.lock())
                session->shutdown(code, reason);
        });
    }
}

} // namespace msgr::server
