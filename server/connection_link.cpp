#include "server/connection_link.h"

#include "server/client_session.h"

namespace msgr::server {

// Each posted function holds only a weak reference: a session that is gone (the peer left,
// the transport dropped it) is never touched, and a queued frame costs nothing once it is.

void ConnectionLink::sendFrame(const QByteArray &frame) const {
    (*m_post)([weak = m_session, frame] {
        if (const auto session = weak.lock())
            session->pushFrame(frame);
    });
}

void ConnectionLink::answer(const QByteArray &frame) const {
    (*m_post)([weak = m_session, frame] {
        if (const auto session = weak.lock())
            session->answerFrame(frame);
    });
}

void ConnectionLink::close(quint16 code, const QString &reason) const {
    (*m_post)([weak = m_session, code, reason] {
        if (const auto session = weak.lock())
            session->closeWith(code, reason);
    });
}

void ConnectionLink::post(std::function<void(ClientSession &)> fn) const {
    (*m_post)([weak = m_session, fn = std::move(fn)] {
        if (const auto session = weak.lock())
            fn(*session);
    });
}

} // namespace msgr::server
