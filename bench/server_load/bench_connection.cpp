#include "bench/server_load/bench_connection.h"

#include "bench/server_load/load_worker.h"
#include "protocol/frame.h"
#include "protocol/methods.h"

#include <QRandomGenerator>
#include <QTcpSocket>
#include <chrono>
#include <limits>

namespace msgr::bench {
namespace {
using L = QLatin1StringView;
namespace proto = msgr::protocol;

qint64 steadyNowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

constexpr int kTextPadding = 40; // a short chat message
} // namespace

BenchConnection::BenchConnection(LoadCounters &counters, QObject *parent)
    : QObject(parent), m_counters(counters) {
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_socket.sendBinaryMessage(
            proto::encodeFrame(proto::Hello{{1}, QStringLiteral("bench_server_load/0.1")}));
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &BenchConnection::onBinary);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_counters.closed.fetch_add(1);
        if (m_userId == 0)
            emit failed();
    });
}

void BenchConnection::start(const QUrl &url, Auth auth, const QString &usernameOrToken) {
    m_auth = auth;
    m_credential = usernameOrToken;
    m_socket.open(url);
}

qint64 BenchConnection::request(QLatin1StringView method, const QCborMap &args,
                                std::function<void(const QCborMap &)> onResult) {
    const qint64 id = ++m_nextId;
    m_pending.insert(id, std::move(onResult));
    m_socket.sendBinaryMessage(proto::encodeFrame(proto::Request{id, method, args}));
    return id;
}

void BenchConnection::openChats(const QList<qint64> &peerUserIds) {
    for (qint64 peer : peerUserIds) {
        request(proto::method::ChatsOpenPrivate, {{L("userId"), peer}}, [this](const QCborMap &r) {
            m_chatIds.append(r.value(L("chat")).toMap().value(L("id")).toInteger());
            m_counters.chatsOpened.fetch_add(1);
        });
    }
}

void BenchConnection::sendMessages(int count, int window) {
    m_toSend = count;
    m_window = window;
}

void BenchConnection::sendOne(qint64 randomId, const QString &text, qint64 chatId) {
    const QCborMap args{{L("chatId"), chatId}, {L("randomId"), randomId}, {L("text"), text}};
    const qint64 id = request(proto::method::MessagesSend, args,
                              [this](const QCborMap &) { m_counters.sent.fetch_add(1); });
    m_sendArgs.insert(id, args);
    ++m_inFlight;
    m_tokens -= 1;
}

void BenchConnection::pump(qint64 nowMs) {
    if (m_lastRefillMs != 0)
        m_tokens = qMin(m_burst, m_tokens + double(nowMs - m_lastRefillMs) * m_refillPerMs);
    m_lastRefillMs = nowMs;
    if (m_chatIds.isEmpty() || m_socket.state() != QAbstractSocket::ConnectedState)
        return;
    while (m_inFlight < m_window && m_tokens >= 1 && !m_retry.isEmpty()) {
        const QCborMap args = m_retry.takeFirst();
        sendOne(args.value(L("randomId")).toInteger(), args.value(L("text")).toString(),
                args.value(L("chatId")).toInteger());
    }
    while (m_inFlight < m_window && m_tokens >= 1 && m_toSend > 0) {
        --m_toSend;
        auto *rng = QRandomGenerator::global();
        const qint64 chatId = m_chatIds.at(int(rng->bounded(int(m_chatIds.size()))));
        // The send time travels in the text: the receiver's copy carries no randomId.
        const QString text =
            QStringLiteral("%1|").arg(steadyNowUs()) + QString(kTextPadding, QLatin1Char('m'));
        sendOne(rng->bounded(qint64(1), std::numeric_limits<qint64>::max()), text, chatId);
    }
}

void BenchConnection::onBinary(const QByteArray &bytes) {
    const proto::DecodeResult decoded = proto::decodeFrame(bytes);
    const auto *frame = std::get_if<proto::Frame>(&decoded);
    if (!frame) {
        m_counters.errors.fetch_add(1);
        return;
    }
    if (const auto *upd = std::get_if<proto::UpdateFrame>(frame)) {
        if (upd->update.value(L("type")).toString() != L("newMessage"))
            return;
        const QCborMap message = upd->update.value(L("message")).toMap();
        if (message.value(L("senderId")).toInteger() == m_userId)
            return; // our own copy
        const QString text = message.value(L("text")).toString();
        const qint64 sentUs = text.section(QLatin1Char('|'), 0, 0).toLongLong();
        if (sentUs > 0)
            m_latenciesUs.append(steadyNowUs() - sentUs);
        m_counters.received.fetch_add(1);
        return;
    }
    if (const auto *res = std::get_if<proto::Result>(frame)) {
        if (m_sendArgs.remove(res->id))
            --m_inFlight;
        if (auto cb = m_pending.take(res->id))
            cb(res->result);
        return;
    }
    if (const auto *err = std::get_if<proto::Error>(frame)) {
        m_pending.remove(err->id);
        const QCborMap args = m_sendArgs.take(err->id);
        if (!args.isEmpty())
            --m_inFlight;
        if (err->code == proto::ErrorCode::FloodWait) {
            m_counters.floodWaits.fetch_add(1);
            m_tokens = -double(err->retryAfterMs) * m_refillPerMs; // wait as told
            if (!args.isEmpty())
                m_retry.append(args); // same randomId: idempotent
            return;
        }
        m_counters.errors.fetch_add(1);
        if (m_userId == 0) {
            m_counters.authFailed.fetch_add(1);
            qWarning("auth failed: %s %s", qPrintable(proto::errorCodeName(err->code)),
                     qPrintable(err->message));
            emit failed();
        }
        return;
    }
    if (const auto *welcome = std::get_if<proto::Welcome>(frame)) {
        m_burst = double(welcome->limits.value(L("requestBurst")).toInteger(100));
        m_refillPerMs = double(welcome->limits.value(L("requestsPerSecond")).toInteger(50)) / 1000;
        m_tokens = m_burst - 1;
        auto onAuth = [this](const QCborMap &r) {
            m_userId = r.value(L("userId")).toInteger();
            if (r.contains(L("token")))
                m_token = r.value(L("token")).toString();
            m_counters.authenticated.fetch_add(1);
            emit authenticated();
        };
        if (m_auth == Auth::SignUp) {
            request(proto::method::SignUp,
                    {{L("username"), m_credential},
                     {L("password"), QStringLiteral("bench password %1").arg(m_credential)},
                     {L("deviceName"), QStringLiteral("bench")}},
                    onAuth);
        } else {
            request(proto::method::Resume, {{L("token"), m_credential}}, onAuth);
        }
    }
}

} // namespace msgr::bench
