#pragma once
//! A RequestChannel (core/net/request_channel.h) that sends nothing: it records every request
//! and lets the test answer each one by hand (a result map, a server error or a lost link)
//! and switch the authorized state, so a feature's network-thread logic is tested without a
//! server. Header-only; the test's thread only.
#include "core/net/request_channel.h"

#include <QCborMap>
#include <QList>
#include <QPointer>
#include <QString>

namespace msgr::test {

class FakeRequestChannel : public core::RequestChannel {
public:
    //! One request as the feature sent it, until it is answered.
    struct Sent {
        QString method;
        QCborMap args;
    };

    using core::RequestChannel::RequestChannel;

    bool isAuthorized() const override { return m_authorized; }
    qint64 userId() const override { return m_authorized ? m_userId : 0; }

    //! Signs in as `userId` (emits authorized) or out (emits unauthorized; every request still
    //! waiting is answered connectionLost first, as a real link does).
    void setAuthorized(bool authorized, qint64 userId = 1, bool freshLogIn = false) {
        m_userId = userId;
        if (authorized == m_authorized)
            return;
        if (!authorized)
            loseConnection();
        m_authorized = authorized;
        if (authorized)
            emit this->authorized(freshLogIn);
        else
            emit unauthorized();
    }

    //! The requests not answered yet, oldest first.
    QList<Sent> pending() const {
        QList<Sent> out;
        for (const Pending &p : m_pending)
            out.append(p.sent);
        return out;
    }
    qsizetype pendingCount() const { return m_pending.size(); }
    //! Every request ever sent, answered or not, oldest first.
    const QList<Sent> &history() const { return m_history; }

    //! Answers the oldest waiting request with `result`.
    void answer(const QCborMap &result) {
        core::RawReply reply;
        reply.result = result;
        finishOldest(reply);
    }
    //! Answers the oldest waiting request with the server's error `code`.
    void fail(protocol::ErrorCode code, const QString &message = QStringLiteral("refused")) {
        core::RawReply reply;
        reply.error.code = code;
        reply.error.message = message;
        finishOldest(reply);
    }
    //! Answers every waiting request connectionLost (the link dropped).
    void loseConnection() {
        while (!m_pending.isEmpty()) {
            core::RawReply reply;
            reply.connectionLost = true;
            finishOldest(reply);
        }
    }

protected:
    void sendRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                 std::function<void(const core::RawReply &)> done) override {
        const Sent sent{QString(method), args};
        m_history.append(sent);
        if (!m_authorized) { // as the interface says: fails at once
            core::RawReply reply;
            reply.connectionLost = true;
            done(reply);
            return;
        }
        m_pending.append(Pending{sent, QPointer<QObject>(context), std::move(done)});
    }

private:
    struct Pending {
        Sent sent;
        QPointer<QObject> context; // the answer is dropped once it is gone
        std::function<void(const core::RawReply &)> done;
    };

    void finishOldest(const core::RawReply &reply) {
        if (m_pending.isEmpty())
            return;
        const Pending p = m_pending.takeFirst();
        if (p.context)
            p.done(reply);
    }

    bool m_authorized = false;
    qint64 m_userId = 0;
    QList<Pending> m_pending;
    QList<Sent> m_history;
};

} // namespace msgr::test
