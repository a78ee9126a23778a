#pragma once
//! Sends many messages.send requests over one TestClient with a window of requests in flight,
//! honouring FLOOD_WAIT (the same randomId is retried after retryAfterMs), and records what the
//! server acknowledged. Runs from the event loop, so a test can do other things meanwhile
//! (kill the server, say). Main thread only.
#include "tests/support/test_client.h"

#include <QCborMap>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace msgr::test {

//! A uniformly random non-zero 63-bit randomId, as docs/protocol.md §5 asks.
qint64 newRandomId();

class MessagePump : public QObject {
    Q_OBJECT
public:
    struct Sent {
        qint64 randomId = 0;
        QString text;
        qint64 messageId = 0; // 0 until the server answered res
        bool duplicate = false;
    };

    //! Texts are "<textPrefix><n>", n counting from 0.
    MessagePump(TestClient &client, qint64 chatId, QString textPrefix, int window = 16);

    //! Sends `total` messages (-1: until stop()).
    void start(int total);
    //! Issues no new sends; requests in flight still complete.
    void stop();
    //! Waits until every started message was acknowledged; false on timeout or failure.
    bool waitFinished(int timeoutMs = 30'000);

    const QList<Sent> &sent() const { return m_sent; }
    int acknowledged() const { return m_acknowledged; }
    int floodWaits() const { return m_floodWaits; }
    //! Errors other than FLOOD_WAIT (each also logged with qWarning).
    int failures() const { return m_failures; }

signals:
    void acknowledgedChanged(int acknowledged);

private:
    void fill();
    void issue(int index);
    void onAnswer(qint64 requestId);

    QPointer<TestClient> m_client;
    qint64 m_chatId = 0;
    QString m_prefix;
    int m_window = 16;
    int m_total = 0;
    bool m_running = false;
    int m_inFlight = 0;
    int m_acknowledged = 0;
    int m_floodWaits = 0;
    int m_failures = 0;
    QList<Sent> m_sent;
    QHash<qint64, int> m_requestToIndex;
};

} // namespace msgr::test

using msgr::test::MessagePump;
