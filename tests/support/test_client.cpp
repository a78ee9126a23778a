#include "tests/support/test_client.h"

#include "protocol/error_code.h"
#include "protocol/limits.h"
#include "protocol/methods.h"

#include <QAbstractSocket>
#include <QTest>

namespace msgr::test {
namespace {
namespace proto = msgr::protocol;
namespace api = msgr::protocol::api;
} // namespace

TestClient::TestClient(QObject *parent) : QObject(parent) {
    // Bad-input tests send more than the protocol allows; the server, not the client, must
    // enforce the limit.
    m_socket.setMaxAllowedIncomingMessageSize(4 * proto::kMaxFrameBytes);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &TestClient::onBinary);
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_connected = true; });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_connected = false;
        m_closeCode = int(m_socket.closeCode());
        emit closed(m_closeCode);
    });
}

TestClient::~TestClient() {
    m_socket.abort();
}

bool TestClient::open(const QUrl &url, int timeoutMs) {
    m_closeCode = -1;
    m_welcome.reset();
    bool failed = false;
    const auto errorConnection =
        connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
                [&failed](QAbstractSocket::SocketError) { failed = true; });
    m_socket.open(url);
    const bool ok = QTest::qWaitFor([&] { return m_connected || failed; }, timeoutMs);
    disconnect(errorConnection);
    return ok && m_connected;
}

void TestClient::sendHello(const QList<qint64> &versions) {
    sendRaw(proto::encodeFrame(proto::Hello{versions, QStringLiteral("msgr-test/0.1")}));
}

bool TestClient::waitForWelcome(int timeoutMs) {
    (void)QTest::qWaitFor([&] { return m_welcome.has_value() || !m_connected; }, timeoutMs);
    return m_welcome.has_value();
}

bool TestClient::connectTo(const QUrl &url, int timeoutMs) {
    if (!open(url, timeoutMs))
        return false;
    sendHello();
    return waitForWelcome(timeoutMs);
}

qint64 TestClient::sendRequest(QLatin1StringView method, const QCborMap &args) {
    const qint64 id = ++m_nextId;
    sendRaw(proto::encodeFrame(proto::Request{id, method, args}));
    return id;
}

bool TestClient::hasAnswer(qint64 id) const {
    return m_results.contains(id) || m_errors.contains(id);
}

bool TestClient::waitForAnswer(qint64 id, int timeoutMs) {
    return QTest::qWaitFor([&] { return hasAnswer(id) || !m_connected; }, timeoutMs) &&
           hasAnswer(id);
}

QCborMap TestClient::takeResult(qint64 id) {
    return m_results.take(id);
}

std::optional<proto::Error> TestClient::takeError(qint64 id) {
    if (!m_errors.contains(id))
        return std::nullopt;
    return m_errors.take(id);
}

QCborMap TestClient::call(QLatin1StringView method, const QCborMap &args, int timeoutMs) {
    m_lastError.reset();
    const qint64 id = sendRequest(method, args);
    if (!waitForAnswer(id, timeoutMs)) {
        m_lastError = proto::Error{id, proto::ErrorCode::Internal,
                                   m_connected ? QStringLiteral("test client: no answer in time")
                                               : QStringLiteral("test client: connection closed"),
                                   0};
        return {};
    }
    if (auto error = takeError(id)) {
        m_lastError = error;
        return {};
    }
    return takeResult(id);
}

QString TestClient::lastErrorName() const {
    return m_lastError ? proto::errorCodeName(m_lastError->code) : QString();
}

void TestClient::remember(const QCborMap &authResult) {
    if (authResult.isEmpty())
        return;
    QString why;
    const std::optional<api::AuthResult> auth = api::AuthResult::fromCbor(authResult, &why);
    if (!auth) {
        m_lastError = proto::Error{0, proto::ErrorCode::BadRequest,
                                   QStringLiteral("malformed answer: ") + why, 0};
        return;
    }
    if (!auth->token.isEmpty())
        m_token = auth->token;
    m_userId = auth->userId;
    m_deviceId = auth->deviceId;
}

QCborMap TestClient::signUp(const QString &user, const QString &password, const QString &device) {
    const QCborMap r =
        call(proto::method::SignUp, api::SignUp{user, password, device, {}}.toCbor());
    remember(r);
    return r;
}

QCborMap TestClient::logIn(const QString &user, const QString &password, const QString &device) {
    const QCborMap r = call(proto::method::LogIn, api::LogIn{user, password, device}.toCbor());
    remember(r);
    return r;
}

bool TestClient::resume(const QString &token) {
    const QCborMap r = call(proto::method::Resume, api::Resume{token}.toCbor());
    if (r.isEmpty())
        return false;
    m_token = token;
    remember(r);
    return true;
}

QList<proto::UpdateFrame> TestClient::takeUpdates() {
    return std::exchange(m_updates, {});
}

bool TestClient::waitForUpdates(int count, int timeoutMs) {
    return QTest::qWaitFor([&] { return m_updates.size() >= count; }, timeoutMs);
}

QList<proto::Error> TestClient::takeFrameErrors() {
    return std::exchange(m_frameErrors, {});
}

bool TestClient::waitForFrameErrors(int count, int timeoutMs) {
    return QTest::qWaitFor([&] { return m_frameErrors.size() >= count; }, timeoutMs);
}

void TestClient::sendRaw(const QByteArray &binary) {
    m_socket.sendBinaryMessage(binary);
}

void TestClient::sendText(const QString &text) {
    m_socket.sendTextMessage(text);
}

bool TestClient::isConnected() const {
    return m_connected;
}

int TestClient::waitForClose(int timeoutMs) {
    (void)QTest::qWaitFor([&] { return !m_connected; }, timeoutMs);
    return m_connected ? -1 : m_closeCode;
}

void TestClient::close() {
    m_socket.close();
    (void)QTest::qWaitFor([&] { return !m_connected; }, 5'000);
}

void TestClient::onBinary(const QByteArray &bytes) {
    const proto::DecodeResult decoded = proto::decodeFrame(bytes);
    const auto *frame = std::get_if<proto::Frame>(&decoded);
    if (!frame) {
        ++m_undecodable;
        qWarning("test client: undecodable frame from the server: %s",
                 qPrintable(std::get<proto::DecodeError>(decoded).message));
        return;
    }
    if (const auto *w = std::get_if<proto::Welcome>(frame)) {
        m_welcome = *w;
    } else if (const auto *res = std::get_if<proto::Result>(frame)) {
        m_results.insert(res->id, res->result);
        emit answerReceived(res->id);
    } else if (const auto *err = std::get_if<proto::Error>(frame)) {
        if (err->id == 0)
            m_frameErrors.append(*err);
        else {
            m_errors.insert(err->id, *err);
            emit answerReceived(err->id);
        }
    } else if (const auto *upd = std::get_if<proto::UpdateFrame>(frame)) {
        m_updates.append(*upd);
        emit updateReceived();
    } else {
        ++m_undecodable;
        qWarning("test client: unexpected frame type from the server");
    }
}

} // namespace msgr::test
