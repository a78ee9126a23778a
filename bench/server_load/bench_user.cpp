#include "bench/server_load/bench_user.h"

#include "bench/server_load/bench_password.h"
#include "bench/server_load/client_loop.h"
#include "bench/server_load/fast_cbor.h"
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

qint64 BenchUser::request(QLatin1StringView method, const QCborMap &args, Pending pending) {
    const qint64 id = ++m_nextRequestId;
    m_pending.emplace(id, std::move(pending));
    m_socket->sendBinary(proto::encodeFrame(proto::Request{id, QString(method), args}));
    return id;
}

void BenchUser::resend(Pending pending) {
    if (!m_socket || m_socket->state() != WsSocket::State::Open) {
        if (inPhase(pending.kind))
            m_loop.onSendsLost(1); // the connection is gone, and the request with it
        return;
    }
    switch (pending.kind) {
    case Kind::Auth:
        return sendAuth();
    case Kind::OpenChat:
        request(proto::method::ChatsOpenPrivate, pending.args, pending);
        return;
    case Kind::Send:
        sendRequest(std::move(pending));
        return;
    case Kind::Ping:
        request(proto::method::Ping, {}, pending);
        return;
    }
}

void BenchUser::sendRequest(Pending pending) {
    const qint64 id = ++m_nextRequestId;
    const QByteArray frame = encodeSendRequest(id, pending.chatId, pending.randomId, pending.text);
    m_pending.emplace(id, std::move(pending));
    m_socket->sendBinary(frame);
}

void BenchUser::sendAuth() {
    if (m_authMode == AuthMode::SignUp) {
        request(proto::method::SignUp,
                {{L("username"), m_credential},
                 {L("password"), QString::fromLatin1(kBenchPassword)},
                 {L("deviceName"), QStringLiteral("bench")}},
                Pending(Kind::Auth));
    } else {
        request(proto::method::Resume, {{L("token"), m_credential}}, Pending(Kind::Auth));
    }
}

void BenchUser::openChats(const QList<qint64> &peerUserIds) {
    for (qint64 peer : peerUserIds)
        request(proto::method::ChatsOpenPrivate, {{L("userId"), peer}},
                Pending(Kind::OpenChat, Phase::None, {{L("userId"), peer}}));
}

void BenchUser::sendMessage(Phase phase, int textBytes, qint64 nowUs) {
    Pending pending(Kind::Send, phase);
    pending.chatId = m_chatIds.at(QRandomGenerator::global()->bounded(int(m_chatIds.size())));
    pending.randomId = m_loop.nextRandomId();
    // The phase and the send time travel in the text: the receiver's copy has no randomId.
    pending.text = std::to_string(int(phase)) + '|' + std::to_string(nowUs) + '|';
    if (pending.text.size() < std::size_t(textBytes))
        pending.text.append(std::size_t(textBytes) - pending.text.size(), 'x');
    counters().phase[int(phase)].sent.fetch_add(1, std::memory_order_relaxed);
    sendRequest(std::move(pending));
}

void BenchUser::sendPing(Phase phase, qint64 nowUs) {
    Pending pending(Kind::Ping, phase);
    pending.sentUs = nowUs;
    counters().phase[int(phase)].sent.fetch_add(1, std::memory_order_relaxed);
    request(proto::method::Ping, {}, std::move(pending));
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
    // Answers to these will never come.
    int lostSends = 0;
    for (const auto &[id, pending] : m_pending)
        lostSends += inPhase(pending.kind) ? 1 : 0;
    m_pending.clear();
    if (lostSends > 0)
        m_loop.onSendsLost(lostSends);
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

void BenchUser::wsMessage(const char *data, std::size_t size) {
    // The frames of every message (its answer, two newMessage copies) take the fast path.
    ScannedFrame scanned;
    if (scanServerFrame(data, size, &scanned)) {
        if (scanned.type == ScannedFrame::Type::Update) {
            if (scanned.newMessage)
                onNewMessage(scanned.senderId, scanned.text);
            return;
        }
        if (scanned.type == ScannedFrame::Type::Result) {
            const auto it = m_pending.find(scanned.id);
            if (it != m_pending.end() && inPhase(it->second.kind))
                return onResult(scanned.id, {});
        }
    }
    decodeSlowly(QByteArray(data, qsizetype(size)));
}

void BenchUser::decodeSlowly(const QByteArray &message) {
    const proto::DecodeResult decoded = proto::decodeFrame(message);
    const auto *frame = std::get_if<proto::Frame>(&decoded);
    if (!frame) {
        counters().errors.fetch_add(1, std::memory_order_relaxed);
        ClientLoop::warnLimited("decode", QStringLiteral("undecodable frame from the server"));
        return;
    }
    if (const auto *update = std::get_if<proto::UpdateFrame>(frame)) {
        if (update->update.value(L("type")).toString() != L("newMessage"))
            return;
        const QCborMap m = update->update.value(L("message")).toMap();
        const QByteArray text = m.value(L("text")).toString().toUtf8();
        return onNewMessage(m.value(L("senderId")).toInteger(),
                            std::string_view(text.constData(), std::size_t(text.size())));
    }
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
        counters().phase[int(pending.phase)].acked.fetch_add(1, std::memory_order_relaxed);
        m_loop.onSendAnswered();
        return;
    case Kind::Ping: {
        counters().phase[int(pending.phase)].acked.fetch_add(1, std::memory_order_relaxed);
        const qint64 nowUs = monotonicUs();
        m_loop.onDelivered(pending.phase, nowUs - pending.sentUs, nowUs);
        m_loop.onSendAnswered();
        return;
    }
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
    if (proto::ErrorCode(code) == proto::ErrorCode::FloodWait) {
        if (pending.kind == Kind::Auth)
            counters().authFloodWaits.fetch_add(1, std::memory_order_relaxed);
        else if (inPhase(pending.kind))
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
    case Kind::Ping:
        counters().phase[int(pending.phase)].failed.fetch_add(1, std::memory_order_relaxed);
        m_loop.onSendAnswered();
        return;
    }
}

void BenchUser::onNewMessage(qint64 senderId, std::string_view text) {
    if (senderId == m_userId)
        return; // the sender's own copy
    // "<phase>|<monotonic send time in us>|xxxx..."
    const std::size_t first = text.find('|');
    const std::size_t second = first == std::string_view::npos ? first : text.find('|', first + 1);
    if (second == std::string_view::npos)
        return; // not a message of this bench
    bool okPhase = false;
    bool okTime = false;
    const int phase = QByteArray(text.data(), qsizetype(first)).toInt(&okPhase);
    const qint64 sentUs =
        QByteArray(text.data() + first + 1, qsizetype(second - first - 1)).toLongLong(&okTime);
    if (!okPhase || !okTime || phase <= 0 || phase >= kPhaseCount)
        return;
    const qint64 nowUs = monotonicUs();
    m_loop.onDelivered(Phase(phase), nowUs - sentUs, nowUs);
}

} // namespace msgr::bench
