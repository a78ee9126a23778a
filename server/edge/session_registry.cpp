#include "server/edge/session_registry.h"

#include <boost/asio/post.hpp>

#include <utility>
#include <vector>

namespace msgr::server {

void SessionRegistry::add(LiveSession *session) {
    std::lock_guard lock(m_mutex);
    session->m_livePrev = nullptr;
    session->m_liveNext = m_head;
    if (m_head)
        m_head->m_livePrev = session;
    m_head = session;
}

void SessionRegistry::remove(LiveSession *session) {
    std::lock_guard lock(m_mutex);
    if (session->m_livePrev)
        session->m_livePrev->m_liveNext = session->m_liveNext;
    else if (m_head == session)
        m_head = session->m_liveNext;
    else
        return; // not registered
    if (session->m_liveNext)
        session->m_liveNext->m_livePrev = session->m_livePrev;
    session->m_livePrev = session->m_liveNext = nullptr;
}

void SessionRegistry::closeAll(quint16 code, const QString &reason) {
    std::vector<std::pair<std::weak_ptr<LiveSession>, boost::asio::any_io_executor>> entries;
    {
        // Under the lock every listed session is alive (its destructor removes it first).
        std::lock_guard lock(m_mutex);
        for (LiveSession *s = m_head; s; s = s->m_liveNext)
            entries.emplace_back(s->liveHandle(), s->liveExecutor());
    }
    for (auto &[weak, executor] : entries) {
        boost::asio::post(executor, [weak = std::move(weak), code, reason] {
            if (const auto session = weak.lock())
                session->shutdown(code, reason);
        });
    }
}

} // namespace msgr::server
