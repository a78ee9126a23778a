#include "server/connection_link.h"

#include "server/client_session.h"

#include <exception>

namespace msgr::server {

namespace {
void deliverLetter(LinkMailbox::Letter &letter) {
    const auto session = letter.session.lock();
    if (!session)
        return;
    switch (letter.kind) {
    case LinkMailbox::Kind::Push:
        session->pushFrame(letter.frame);
        break;
    case LinkMailbox::Kind::Answer:
        session->answerFrame(letter.frame);
        break;
    case LinkMailbox::Kind::Call:
        letter.call(*session);
        break;
    }
}
} // namespace

void LinkMailbox::put(Letter letter) {
    bool postDelivery = false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_shutDown)
            return;
        m_pending.push_back(std::move(letter));
        postDelivery = !std::exchange(m_deliveryPosted, true);
    }
    if (postDelivery)
        m_post([self = shared_from_this()] { self->deliver(); });
}

void LinkMailbox::shutDown() {
    std::vector<Letter> dropped;
    {
        const std::lock_guard lock(m_mutex);
        m_shutDown = true;
        dropped.swap(m_pending);
    }
    // Destroyed outside the lock: a letter's call may own what puts to this mailbox.
}

void LinkMailbox::deliver() {
    {
        const std::lock_guard lock(m_mutex);
        m_delivering.swap(m_pending); // m_delivering was empty: its storage is reused
        m_deliveryPosted = false;     // what is put from now on needs a delivery of its own
    }
    // Each letter holds only a weak reference: a session that is gone (the peer left, the
    // transport dropped it) is never touched, and a queued frame costs nothing once it is.
    // A call that throws (a bug: IoPool logs it and runs on) loses only itself, as one posted
    // handler did: the rest are delivered, then the first exception goes on to IoPool.
    std::exception_ptr thrown;
    for (Letter &letter : m_delivering) {
        try {
            deliverLetter(letter);
        } catch (...) {
            if (!thrown)
                thrown = std::current_exception();
        }
    }
    m_delivering.clear();
    if (m_delivering.capacity() > kKeptCapacity)
        m_delivering = {};
    if (thrown)
        std::rethrow_exception(thrown);
}

void ConnectionLink::sendFrame(const QByteArray &frame) const {
    m_mailbox->put({m_session, LinkMailbox::Kind::Push, frame, {}});
}

void ConnectionLink::answer(const QByteArray &frame) const {
    m_mailbox->put({m_session, LinkMailbox::Kind::Answer, frame, {}});
}

void ConnectionLink::close(quint16 code, const QString &reason) const {
    m_mailbox->put({m_session, LinkMailbox::Kind::Call, {}, [code, reason](ClientSession &session) {
                        session.closeWith(code, reason);
                    }});
}

void ConnectionLink::post(std::function<void(ClientSession &)> fn) const {
    m_mailbox->put({m_session, LinkMailbox::Kind::Call, {}, std::move(fn)});
}

} // namespace msgr::server
