#pragma once
//! A QWebSocket client that speaks docs/protocol.md through the protocol/ library, with
//! blocking helpers (they spin the event loop) for tests. Main thread only.
#include "protocol/api/api.h"
#include "protocol/frame.h"

#include <QCborMap>
#include <QHash>
#include <QLatin1StringView>
#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocket>
#include <optional>

namespace msgr::test {

class TestClient : public QObject {
    Q_OBJECT
public:
    explicit TestClient(QObject *parent = nullptr);
    ~TestClient() override;

    //! Opens the WebSocket, sends hello (version 1) and waits for welcome.
    bool connectTo(const QUrl &url, int timeoutMs = 10'000);
    //! Opens the WebSocket only (no hello); for handshake tests.
    bool open(const QUrl &url, int timeoutMs = 10'000);
    //! Sends hello with these versions; does not wait.
    void sendHello(const QList<qint64> &versions = {1});
    //! Waits until welcome arrived (true) or the connection closed / timed out (false).
    bool waitForWelcome(int timeoutMs = 10'000);
    const std::optional<protocol::Welcome> &welcome() const { return m_welcome; }

    //! Sends a request and waits for its answer; on err returns {} and sets lastError().
    //! For hand-built (deliberately malformed) arguments; valid requests use the typed call().
    QCborMap call(QLatin1StringView method, const QCborMap &args = {}, int timeoutMs = 15'000);
    //! Sends a protocol::api request and waits for its typed answer: the parsed result, or the
    //! server's error (also in lastError()). An answer its Result cannot parse is an error
    //! (BAD_REQUEST, "malformed answer: ..."): a server bug the test should see.
    template <typename Req>
    requires requires { Req::method; }
    protocol::api::Reply<typename Req::Result> call(const Req &request, int timeoutMs = 15'000) {
        const QCborMap result = call(Req::method, request.toCbor(), timeoutMs);
        auto reply = typedReply<typename Req::Result>(result, m_lastError);
        if (!reply.ok())
            m_lastError = reply.error;
        return reply;
    }
    //! The error of the last call(), or nullopt if it succeeded.
    std::optional<protocol::Error> lastError() const { return m_lastError; }
    //! Wire name of lastError()'s code, or "" when there is none (handy in QCOMPARE).
    QString lastErrorName() const;

    // Pipelined requests: send now, collect later.
    qint64 sendRequest(QLatin1StringView method, const QCborMap &args = {});
    template <typename Req>
    requires requires { Req::method; }
    qint64 sendRequest(const Req &request) { return sendRequest(Req::method, request.toCbor()); }
    bool hasAnswer(qint64 id) const;
    bool waitForAnswer(qint64 id, int timeoutMs = 15'000);
    //! Removes and returns the result of id; {} if it was an error (see takeError) or missing.
    QCborMap takeResult(qint64 id);
    std::optional<protocol::Error> takeError(qint64 id);
    //! Removes the answer of id and parses it as Res (see the typed call()); an answer that
    //! has not arrived is an error too.
    template <typename Res> protocol::api::Reply<Res> takeResultAs(qint64 id) {
        if (!hasAnswer(id)) {
            protocol::api::Reply<Res> reply;
            reply.error = protocol::Error{id, protocol::ErrorCode::Internal,
                                          QStringLiteral("test client: no answer yet"), 0};
            return reply;
        }
        const std::optional<protocol::Error> error = takeError(id);
        return typedReply<Res>(error ? QCborMap{} : takeResult(id), error);
    }

    //! auth.signUp; remembers token, userId and deviceId on success.
    QCborMap signUp(const QString &user, const QString &password,
                    const QString &device = QStringLiteral("test"));
    QCborMap logIn(const QString &user, const QString &password,
                   const QString &device = QStringLiteral("test"));
    bool resume(const QString &token);
    QString token() const { return m_token; }
    qint64 userId() const { return m_userId; }
    qint64 deviceId() const { return m_deviceId; }

    //! Every `upd` frame received so far, in arrival order; the list is emptied.
    QList<protocol::UpdateFrame> takeUpdates();
    qsizetype pendingUpdates() const { return m_updates.size(); }
    //! Waits until at least count updates are pending (not taken).
    bool waitForUpdates(int count, int timeoutMs = 10'000);

    //! Frame-level errors (err without id), e.g. BAD_FRAME or HELLO_REQUIRED.
    QList<protocol::Error> takeFrameErrors();
    bool waitForFrameErrors(int count, int timeoutMs = 10'000);

    void sendRaw(const QByteArray &binary);
    void sendText(const QString &text);
    QWebSocket &socket() { return m_socket; }
    bool isConnected() const;
    //! Waits until the server closed the connection; returns the close code or -1.
    int waitForClose(int timeoutMs = 10'000);
    //! The close code the peer sent, or -1 while open.
    int closeCode() const { return m_closeCode; }
    //! Frames the client could not decode (a server bug), for assertions.
    int undecodableFrames() const { return m_undecodable; }
    void close();

    //! A raw answer as a typed reply: the error if there is one, else the result parsed as Res
    //! (a result Res cannot parse is a BAD_REQUEST "malformed answer: ..." error).
    template <typename Res>
    static protocol::api::Reply<Res> typedReply(const QCborMap &result,
                                                const std::optional<protocol::Error> &error) {
        protocol::api::Reply<Res> reply;
        if (error) {
            reply.error = *error;
            return reply;
        }
        QString why;
        reply.value = Res::fromCbor(result, &why);
        if (!reply.value)
            reply.error = protocol::Error{0, protocol::ErrorCode::BadRequest,
                                          QStringLiteral("malformed answer: ") + why, 0};
        return reply;
    }

signals:
    void closed(int closeCode);
    void updateReceived();
    //! A res or err for request id arrived (collect it with takeResult/takeError).
    void answerReceived(qint64 id);

private:
    void onBinary(const QByteArray &bytes);
    void remember(const QCborMap &authResult);

    QWebSocket m_socket;
    std::optional<protocol::Welcome> m_welcome;
    std::optional<protocol::Error> m_lastError;
    QHash<qint64, QCborMap> m_results;
    QHash<qint64, protocol::Error> m_errors;
    QList<protocol::UpdateFrame> m_updates;
    QList<protocol::Error> m_frameErrors;
    qint64 m_nextId = 0;
    int m_closeCode = -1;
    int m_undecodable = 0;
    bool m_connected = false;
    QString m_token;
    qint64 m_userId = 0;
    qint64 m_deviceId = 0;
};

} // namespace msgr::test

// The shared test-support API names the class without a namespace.
using msgr::test::TestClient;

//! Fails the test unless a typed reply (protocol::api::Reply) holds a value, naming the error.
//! The reply is evaluated once (QVERIFY2 evaluates its description too, so a request written
//! in place was sent three times).
#define MSGR_VERIFY_OK(reply)                                                                      \
    do {                                                                                           \
        const auto &msgrVerifiedReply = (reply);                                                   \
        QVERIFY2(msgrVerifiedReply.ok(),                                                           \
                 qPrintable(msgr::protocol::errorCodeName(msgrVerifiedReply.error.code) +          \
                            QStringLiteral(": ") + msgrVerifiedReply.error.message));              \
    } while (false)
