#include "tests/core/counting_relay.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace msgr::test {

struct CountingRelay::Pair {
    QTcpSocket *client = nullptr;
    QTcpSocket *server = nullptr;
    QByteArray head; // the request head read so far
    qint64 bodyLeft = 0;
    QByteArray held;       // read from the client, not forwarded (paused)
    QByteArray answerHeld; // read from the server, not relayed (answers held)
    bool closed = false;
};

CountingRelay::CountingRelay(quint16 targetPort, QObject *parent)
    : QObject(parent), m_targetPort(targetPort) {
    connect(&m_listener, &QTcpServer::newConnection, this, &CountingRelay::accept);
}

CountingRelay::~CountingRelay() {
    for (auto &pair : m_pairs)
        close(*pair, true);
}

bool CountingRelay::listen() {
    return m_listener.listen(QHostAddress::LocalHost, 0);
}

void CountingRelay::pauseAt(qint64 bodyBytes) {
    m_pauseAt = bodyBytes;
}

void CountingRelay::resume() {
    m_pauseAt = -1;
    m_paused = false;
    for (auto &pair : m_pairs)
        if (!pair->closed)
            fromClient(*pair);
}

void CountingRelay::dropAt(qint64 bodyBytes) {
    m_dropAt = bodyBytes;
}

void CountingRelay::holdAnswersAt(qint64 answerBytes) {
    m_holdAnswersAt = answerBytes;
}

void CountingRelay::releaseAnswers() {
    m_holdAnswersAt = -1;
    m_answersHeld = false;
    for (auto &pair : m_pairs)
        if (!pair->closed)
            toClient(*pair);
}

void CountingRelay::dropAll() {
    for (auto &pair : m_pairs)
        close(*pair, true);
}

void CountingRelay::toClient(Pair &pair) {
    if (pair.closed)
        return;
    QByteArray bytes = std::exchange(pair.answerHeld, {}) + pair.server->readAll();
    if (m_holdAnswersAt >= 0) {
        const qint64 room = qMax<qint64>(0, m_holdAnswersAt - m_answerBytes);
        if (bytes.size() > room) {
            pair.answerHeld = bytes.mid(room);
            bytes.truncate(room);
            if (!m_answersHeld) {
                m_answersHeld = true;
                emit answersHeldChanged();
            }
        }
    }
    if (bytes.isEmpty())
        return;
    m_answerBytes += bytes.size();
    noteAnswer(bytes);
    pair.client->write(bytes);
}

void CountingRelay::accept() {
    while (QTcpSocket *client = m_listener.nextPendingConnection()) {
        auto pair = std::make_unique<Pair>();
        Pair *p = pair.get();
        p->client = client;
        client->setParent(this);
        p->server = new QTcpSocket(this);
        connect(client, &QTcpSocket::readyRead, this, [this, p] { fromClient(*p); });
        connect(client, &QTcpSocket::disconnected, this, [this, p] { close(*p, false); });
        connect(p->server, &QTcpSocket::readyRead, this, [this, p] { toClient(*p); });
        connect(p->server, &QTcpSocket::disconnected, this, [this, p] { close(*p, false); });
        connect(p->server, &QTcpSocket::errorOccurred, this, [this, p](auto error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                close(*p, true); // the server is not there: the client sees its connection go
        });
        // Writes made while connecting are buffered by the socket until it is connected.
        p->server->connectToHost(QHostAddress::LocalHost, m_targetPort);
        m_pairs.push_back(std::move(pair));
        fromClient(*p);
    }
}

void CountingRelay::fromClient(Pair &pair) {
    if (pair.closed)
        return;
    QByteArray data = std::exchange(pair.held, {}) + pair.client->readAll();
    if (m_paused) {
        pair.held = data;
        return;
    }
    forward(pair, std::move(data));
}

void CountingRelay::forward(Pair &pair, QByteArray data) {
    qsizetype at = 0;
    while (at < data.size() && !pair.closed) {
        if (pair.bodyLeft == 0) {
            // In a request head: forward up to its end, then learn the body's length.
            const qsizetype before = pair.head.size();
            pair.head += data.mid(at);
            const qsizetype end = pair.head.indexOf("\r\n\r\n");
            if (end < 0) {
                pair.server->write(data.mid(at));
                return;
            }
            const qsizetype headBytes = end + 4 - before;
            pair.server->write(data.mid(at, headBytes));
            at += headBytes;
            const QByteArray head = pair.head.left(end);
            pair.head.clear();
            m_requests[head.left(head.indexOf(' '))] += 1;
            for (const QByteArray &line : head.split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
                    pair.bodyLeft = line.mid(colon + 1).trimmed().toLongLong();
            }
            continue;
        }
        qint64 take = qMin<qint64>(pair.bodyLeft, data.size() - at);
        if (m_pauseAt >= 0) {
            take = qMin(take, m_pauseAt - m_bodyBytes);
            if (take <= 0) {
                pair.held = data.mid(at);
                if (!m_paused) {
                    m_paused = true;
                    emit paused();
                }
                return;
            }
        }
        if (m_dropAt >= 0)
            take = qMin(take, qMax<qint64>(m_dropAt - m_bodyBytes, 1));
        QByteArray chunk = data.mid(at, take);
        if (m_corruptAt >= m_bodyBytes && m_corruptAt < m_bodyBytes + take) {
            chunk[m_corruptAt - m_bodyBytes] = char(chunk.at(m_corruptAt - m_bodyBytes) ^ 0x55);
            m_corruptAt = -1;
        }
        pair.server->write(chunk);
        m_bodyBytes += take;
        pair.bodyLeft -= take;
        at += take;
        if (m_dropAt >= 0 && m_bodyBytes >= m_dropAt) {
            m_dropAt = -1;
            for (auto &each : m_pairs)
                close(*each, true);
            emit dropped();
            return;
        }
    }
}

void CountingRelay::close(Pair &pair, bool abort) {
    if (pair.closed)
        return;
    pair.closed = true;
    pair.held.clear();
    pair.answerHeld.clear();
    if (abort) {
        pair.client->abort();
        pair.server->abort();
        return;
    }
    // Whatever the server answered still reaches the client before its side closes.
    // (Not while answers are held: those stay held, and go with the connection.)
    if (!m_answersHeld && pair.server->bytesAvailable() > 0) {
        const QByteArray bytes = pair.server->readAll();
        m_answerBytes += bytes.size();
        noteAnswer(bytes);
        pair.client->write(bytes);
    }
    pair.client->disconnectFromHost();
    pair.server->disconnectFromHost();
}

void CountingRelay::noteAnswer(const QByteArray &bytes) {
    // Status lines of HTTP/1.1 answers (heads arrive whole here: they are small and written at
    // once); the bodies of tus answers are empty.
    qsizetype at = 0;
    while ((at = bytes.indexOf("HTTP/1.1 ", at)) >= 0) {
        m_answers[bytes.mid(at + 9, 3).toInt()] += 1;
        at += 9;
    }
}

} // namespace msgr::test
