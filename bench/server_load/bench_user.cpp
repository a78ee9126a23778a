#include "bench/server_load/bench_user.h"

#include "bench/server_load/client_loop.h"
#include "bench/server_load/proc_stats.h"
#include "protocol/frame.h"
#include "protocol/methods.h"

#include <QRandomGenerator>

namespace msgr::bench {
namespace {
using L = QLatin1StringView;
namespace proto = msgr::protocol;

//! A connection closed before log-in (e.g. the server's log-in deadline passed while the
//! Argon2id queue answered FLOOD_WAIT) is opened again this many times at most.
constexpr int kMaxConnectAttempts = 8;
constexpr qint64 kReconnectDelayUs = 500'000;
constexpr char kPassword[] = "bench password for load tests";
} // namespace

BenchUser::BenchUser(ClientLoop &loop, int globalIndex, AuthMode mode, QString credential)
    : m_loop(loop), m_globalIndex(globalIndex), m_authMode(mode),
      m_credential(std::move(credential)) {}

LoopCounters &BenchUser::counters() {
    return m_loop.mutableCounters();
}

void BenchUser::start() {
    m_authState = AuthState::InProgress;
    connectSocket();
}

void BenchUser::connectSocket() {
    ++m_connectAttempts;
    ++m_generation;
    m_pending.clear();
    m_inFlight = 0;
    m_socket = std::make_unique<WsSocket>(*this, m_loop.epollFd());
    m_socket->open(m_loop.serverAddress(), m_loop.sourceFor(m_globalIndex), m_loop.hostHeader());
}

void BenchUser::close() {
    if (m_socket)
        m_socket->close();
}

bool BenchUser::canSend() const {
    return m_authState == AuthState::Done && !m_chatIds.isEmpty() && m_socket &&
           m_socket->state() == WsSocket::State::Open;
}

bool BenchUser::takeRequestToken(qint64 nowUs) {
    if (m_lastRefillUs != 0)
        m_bucket = qMin(m_burst, m_bucket + double(nowUs - m_lastRefillUs) * m_refillPerUs);
    m_lastRefillUs = nowUs;
    if (m_bucket < 1)
        return false;
    m_bucket -= 1;
    return true;
}

qint64 BenchUser::usUntilRequestToken(qint64 nowUs) const {
    const double bucket = qMin(m_burst, m_bucket + double(nowUs - m_lastRefillUs) * m_refillPerUs);
    return bucket >= 1 ? 0 : qint64((1 - bucket) / m_refillPerUs) + 1;
}

qint64 BenchUser::request(QLatin1StringView method, const QCborMap &args, Pending pending) {
    const qint64 id = ++m_nextRequestId;
    if (pending.kind == Kind::Send)
        ++m_inFlight;
    m_pending.emplace(id, std::move(pending));
    m_socket->sendBinary(proto::encodeFrame(proto::Request{id, QString(method), args}));
    return id;
}

void BenchUser::resend(Pending pending) {
    if (!m_socket || m_socket->state() != WsSocket::State::Open)
        return; // the connection is gone; its requests with it
    switch (pending.kind) {
    case Kind::Auth:
        return sendAuth();
    case Kind::OpenChat:
        request(proto::method::ChatsOpenPrivate, pending.args, pending);
        return;
    case Kind::Send:
        request(proto::method::MessagesSend, pending.args, pending);
        return;
    }
}

void BenchUser::sendAuth() {
    if (m_authMode == AuthMode::SignUp) {
        request(proto::method::SignUp,
                {{L("username"), m_credential},
                 {L("password"), QString::fromLatin1(kPassword)},
                 {L("deviceName"), QStringLiteral("bench")}},
                {Kind::Auth, Phase::None, {}});
    } else {
        request(proto::method::Resume, {{L("token"), m_credential}}, {Kind::Auth, Phase::None, {}});
    }
}

void BenchUser::openChats(const QList<qint64> &peerUserIds) {
    for (qint64 peer : peerUserIds)
        request(proto::method::ChatsOpenPrivate, {{L("userId"), peer}},
                {Kind::OpenChat, Phase::None, {{L("userId"), peer}}});
}

void BenchUser::sendMessage(Phase phase, int textBytes, qint64 nowUs) {
    const auto chat = QRandomGenerator::global()->bounded(int(m_chatIds.size()));
    // The phase and the send time travel in the text: the receiver's copy has no randomId.
    QByteArray text = QByteArray::number(int(phase)) + '|' + QByteArray::number(nowUs) + '|';
    if (text.size() < textBytes)
        text.append(textBytes - text.size(), 'x');
    const QCborMap args{{L("chatId"), m_chatIds.at(chat)},
                        {L("randomId"), m_loop.nextRandomId()},
                        {L("text"), QString::fromLatin1(text)}};
    counters().phase[int(phase)].sent.fetch_add(1, std::memory_order_relaxed);
    request(proto::method::MessagesSend, args, {Kind::Send, phase, args});
}

void BenchUser::wsOpened() {
    m_countedOpen = true;
    counters().open.fetch_add(1, std::memory_order_relaxed);
    m_socket->sendBinary(
        proto::encodeFrame(proto::Hello{{1}, QStringLiteral("bench_server_load/0.2")}));
}

void BenchUser::wsClosed(int closeCode, const char *why) {
    if (m_countedOpen) {
        m_countedOpen = false;
        counters().open.fetch_sub(1, std::memory_order_relaxed);
    }
    m_pending.clear(); // answers to them will never come
    m_inFlight = 0;
    if (m_loop.closing())
        return;
    if (m_authState == AuthState::InProgress) {
        if (m_connectAttempts >= kMaxConnectAttempts) {
            m_authState = AuthState::Failed;
            counters().authFailed.fetch_add(1, std::memory_order_relaxed);
            ClientLoop::warnLimited("auth-closed",
                                    QStringLiteral("user %1: closed before log-in %2 times (last: "
                                                   "code %3, %4)")
                                        .arg(m_globalIndex)
                                        .arg(m_connectAttempts)
                                        .arg(closeCode)
                                        .arg(QString::fromLatin1(why)));
            m_loop.onAuthFinished(*this);
            return;
        }
        counters().authReconnects.fetch_add(1, std::memory_order_relaxed);
        // Not from inside the socket's own callback: the socket is replaced.
        m_loop.after(kReconnectDelayUs, [this] { connectSocket(); });
        return;
    }
    if (m_authState == AuthState::Done) {
        counters().closedByServer.fetch_add(1, std::memory_order_relaxed);
        ClientLoop::warnLimited("closed", QStringLiteral("user %1: connection closed (code %2, %3)")
                                              .arg(m_globalIndex)
                                              .arg(closeCode)
                                              .arg(QString::fromLatin1(why)));
    }
}

void BenchUser::wsMessage(const QByteArray &message) {
    const proto::DecodeResult decoded = proto::decodeFrame(message);
    const auto *frame = std::get_if<proto::Frame>(&decoded);
    if (!frame) {
        counters().errors.fetch_add(1, std::memory_order_relaxed);
        ClientLoop::warnLimited("decode", QStringLiteral("undecodable frame from the server"));
        return;
    }
    if (const auto *update = std::get_if<proto::UpdateFrame>(frame))
        return onUpdate(update->update);
    if (const auto *result = std::get_if<proto::Result>(frame))
        return onResult(result->id, result->result);
    if (const auto *error = std::get_if<proto::Error>(frame))
        return onError(error->id, int(error->code), error->message, error->retryAfterMs);
    if (const auto *welcome = std::get_if<proto::Welcome>(frame)) {
        m_burst = double(welcome->limits.value(L("requestBurst")).toInteger(100));
        m_refillPerUs = double(welcome->limits.value(L("requestsPerSecond")).toInteger(50)) / 1e6;
        m_bucket = m_burst - 1; // hello is not a request; the auth call is
        m_lastRefillUs = monotonicUs();
        sendAuth();
    }
}

void BenchUser::onResult(qint64 id, const QCborMap &result) {
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const Pending pending = std::move(it->second);
    m_pending.erase(it);
    switch (pending.kind) {
    case Kind::Auth:
        m_userId = result.value(L("userId")).toInteger();
        if (m_authMode == AuthMode::SignUp)
            m_newToken = result.value(L("token")).toString();
        m_authState = AuthState::Done;
        counters().authenticated.fetch_add(1, std::memory_order_relaxed);
        m_loop.onAuthFinished(*this);
        return;
    case Kind::OpenChat:
        m_chatIds.append(result.value(L("chat")).toMap().value(L("id")).toInteger());
        counters().chatsOpened.fetch_add(1, std::memory_order_relaxed);
        return;
    case Kind::Send:
        --m_inFlight;
        counters().phase[int(pending.phase)].acked.fetch_add(1, std::memory_order_relaxed);
        m_loop.onSendAnswered(*this);
        return;
    }
}

void BenchUser::onError(qint64 id, int code, const QString &message, qint64 retryAfterMs) {
    auto it = m_pending.find(id);
    if (it == m_pending.end()) {
        counters().errors.fetch_add(1, std::memory_order_relaxed);
        ClientLoop::warnLimited("error", QStringLiteral("error without a request: %1 %2")
                                             .arg(proto::errorCodeName(proto::ErrorCode(code)))
                                             .arg(message));
        return;
    }
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    if (pending.kind == Kind::Send)
        --m_inFlight;
    if (proto::ErrorCode(code) == proto::ErrorCode::FloodWait) {
        if (pending.kind == Kind::Auth)
            counters().authFloodWaits.fetch_add(1, std::memory_order_relaxed);
        else if (pending.kind == Kind::Send)
            counters().phase[int(pending.phase)].floodWaits.fetch_add(1, std::memory_order_relaxed);
        // Wait as told; the client-side bucket waits too, so no other request jumps ahead.
        m_bucket = -double(retryAfterMs) * 1000 * m_refillPerUs;
        m_lastRefillUs = monotonicUs();
        m_loop.after(qMax<qint64>(1, retryAfterMs) * 1000,
                     [this, generation = m_generation, pending = std::move(pending)] {
                         if (generation == m_generation) // not for a newer connection
                             resend(pending);
                     });
        return;
    }
    counters().errors.fetch_add(1, std::memory_order_relaxed);
    ClientLoop::warnLimited("error", QStringLiteral("user %1: %2 %3")
                                         .arg(m_globalIndex)
                                         .arg(proto::errorCodeName(proto::ErrorCode(code)))
                                         .arg(message));
    switch (pending.kind) {
    case Kind::Auth:
        m_authState = AuthState::Failed;
        counters().authFailed.fetch_add(1, std::memory_order_relaxed);
        m_loop.onAuthFinished(*this);
        return;
    case Kind::OpenChat:
        return;
    case Kind::Send:
        counters().phase[int(pending.phase)].failed.fetch_add(1, std::memory_order_relaxed);
        m_loop.onSendAnswered(*this);
        return;
    }
}

void BenchUser::onUpdate(const QCborMap &update) {
    if (update.value(L("type")).toString() != L("newMessage"))
        return;
    const QCborMap message = update.value(L("message")).toMap();
    if (message.value(L("senderId")).toInteger() == m_userId)
        return; // the sender's own copy
    const QString text = message.value(L("text")).toString();
    const qsizetype first = text.indexOf(QLatin1Char('|'));
    const qsizetype second = first < 0 ? -1 : text.indexOf(QLatin1Char('|'), first + 1);
    bool okPhase = false;
    bool okTime = false;
    const int phase = first < 0 ? 0 : QStringView(text).left(first).toInt(&okPhase);
    const qint64 sentUs =
        second < 0 ? 0 : QStringView(text).mid(first + 1, second - first - 1).toLongLong(&okTime);
    if (!okPhase || !okTime || phase <= 0 || phase >= kPhaseCount)
        return; // not a message of this bench run
    const qint64 nowUs = monotonicUs();
    m_loop.onDelivered(Phase(phase), nowUs - sentUs, nowUs);
}

} // namespace msgr::bench
