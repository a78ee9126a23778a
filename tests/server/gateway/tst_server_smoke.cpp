// Starts the real msgr-server and checks what a client and an operator see first: the ready
// line, the handshake, sign-up, ping, the close codes for bad input, the HTTP endpoints and a
// graceful stop.
#include "protocol/api/api.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/methods.h"

#include <QCborArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace msgr;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {

struct Server {
    QTemporaryDir dataDir;
    QProcess process;
    QString ws, http;

    bool start(const QStringList &extra = {}) {
        process.setProgram(qEnvironmentVariable("MSGR_SERVER_BIN"));
        process.setArguments(QStringList{"--listen", "127.0.0.1:0", "--data-dir", dataDir.path()} +
                             extra);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start();
        if (!process.waitForStarted(10000))
            return false;
        static const QRegularExpression ready(
            QStringLiteral("^msgr-server ready ws=(\\S+) http=(\\S+)$"));
        QByteArray out;
        QDeadlineTimer deadline(30000);
        while (!out.contains('\n') && !deadline.hasExpired()) {
            if (!process.waitForReadyRead(int(deadline.remainingTime())))
                break;
            out += process.readAllStandardOutput();
        }
        const auto match = ready.match(QString::fromUtf8(out).trimmed());
        if (!match.hasMatch())
            return false;
        ws = match.captured(1);
        http = match.captured(2);
        return true;
    }
    ~Server() {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(10000);
        }
    }
};

class Client : public QObject {
public:
    QWebSocket socket;
    QList<QCborMap> frames;
    qint64 nextId = 1;

    Client() {
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) {
            // Never read a half-parsed map: an undecodable frame is kept as an empty map
            // (no `t`), which every check below rejects.
            QCborParserError error;
            const QCborValue value = QCborValue::fromCbor(m, &error);
            frames.append(error.error == QCborError::NoError ? value.toMap() : QCborMap());
        });
    }
    bool open(const QString &address) {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(QUrl(QStringLiteral("ws://%1/").arg(address)));
        return connected.wait(10000);
    }
    void send(const protocol::Frame &frame) {
        socket.sendBinaryMessage(protocol::encodeFrame(frame));
    }
    //! The next frame received, or an empty map after the timeout.
    QCborMap next(int timeoutMs = 10000) {
        if (frames.isEmpty()) {
            QSignalSpy spy(&socket, &QWebSocket::binaryMessageReceived);
            spy.wait(timeoutMs);
        }
        return frames.isEmpty() ? QCborMap() : frames.takeFirst();
    }
    bool hello() {
        send(protocol::Hello{{1}, QStringLiteral("smoke")});
        return next().value(L("t")).toString() == L("welcome");
    }
    QCborMap call(QLatin1StringView method, const QCborMap &args = {}) {
        const qint64 id = nextId++;
        send(protocol::Request{id, method, args});
        return next();
    }
    //! The close code the server ended the connection with.
    int waitForClose() {
        if (socket.state() != QAbstractSocket::UnconnectedState) {
            QSignalSpy closed(&socket, &QWebSocket::disconnected);
            if (!closed.wait(10000))
                return -1;
        }
        return socket.closeCode();
    }
};

QByteArray httpGet(const QString &address, const QByteArray &path) {
    QTcpSocket socket;
    const qsizetype colon = address.lastIndexOf(u':');
    socket.connectToHost(address.left(colon), address.mid(colon + 1).toUShort());
    if (!socket.waitForConnected(10000))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray answer;
    while (socket.waitForReadyRead(10000))
        answer += socket.readAll();
    return answer + socket.readAll();
}

} // namespace

class TstServerSmoke : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(!qEnvironmentVariableIsEmpty("MSGR_SERVER_BIN")); }

    void signUpAndPingAfterHello() {
        Server server;
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.open(server.ws));
        QVERIFY(client.hello());

        QCborMap pingBeforeAuth = client.call(protocol::method::Ping);
        QCOMPARE(pingBeforeAuth.value(L("code")).toString(), QStringLiteral("UNAUTHORIZED"));

        const QCborMap signUp =
            client.call(api::SignUp::method, api::SignUp{QStringLiteral("alice"),
                                                         QStringLiteral("correct horse"),
                                                         QStringLiteral("laptop"),
                                                         {}}
                                                 .toCbor());
        QCOMPARE(signUp.value(L("t")).toString(), QStringLiteral("res"));
        const QCborMap result = signUp.value(L("r")).toMap();
        QVERIFY(result.value(L("userId")).toInteger() > 0);
        QCOMPARE(result.value(L("token")).toString().size(), protocol::kTokenChars);

        const QCborMap pong = client.call(protocol::method::Ping);
        QCOMPARE(pong.value(L("t")).toString(), QStringLiteral("res"));
        QVERIFY(pong.value(L("r")).toMap().value(L("time")).toInteger() > 1'600'000'000'000);

        const QCborMap unknown = client.call(L("frobnicate"));
        QCOMPARE(unknown.value(L("code")).toString(), QStringLiteral("UNKNOWN_METHOD"));

        client.socket.sendBinaryMessage(QByteArray("\xff\x00garbage", 9));
        const QCborMap bad = client.next();
        QCOMPARE(bad.value(L("code")).toString(), QStringLiteral("BAD_FRAME"));
        QVERIFY(!bad.contains(L("id")));
        QCOMPARE(client.call(protocol::method::Ping).value(L("t")).toString(),
                 QStringLiteral("res")); // still open
    }

    void messageReachesThePeerLiveAndTheSenderSeesItsUpdateFirst() {
        Server server;
        QVERIFY(server.start());
        Client alice, bob;
        QVERIFY(alice.open(server.ws) && alice.hello());
        QVERIFY(bob.open(server.ws) && bob.hello());
        const auto signUp = [](Client &c, const char *name) {
            return c
                .call(api::SignUp::method, api::SignUp{QString::fromLatin1(name),
                                                       QStringLiteral("password1"),
                                                       QStringLiteral("d"),
                                                       {}}
                                               .toCbor())
                .value(L("r"))
                .toMap();
        };
        const qint64 aliceId = signUp(alice, "alice").value(L("userId")).toInteger();
        const qint64 bobId = signUp(bob, "bob").value(L("userId")).toInteger();
        QVERIFY(aliceId > 0 && bobId > 0);
        QCOMPARE(signUp(bob, "bob").size(), 0); // USERNAME_TAKEN answers with err, no r

        alice.send(protocol::Request{10, api::OpenPrivateChat::method,
                                     api::OpenPrivateChat{bobId}.toCbor()});
        QCborMap frame = alice.next();
        QCOMPARE(frame.value(L("t")).toString(), QStringLiteral("upd")); // newChat
        frame = alice.next();
        QCOMPARE(frame.value(L("id")).toInteger(), 10);
        const qint64 chatId =
            frame.value(L("r")).toMap().value(L("chat")).toMap().value(L("id")).toInteger();
        QCOMPARE(bob.next().value(L("u")).toMap().value(L("type")).toString(),
                 QStringLiteral("newChat"));

        const QCborMap send = api::SendMessage{chatId, 77, QStringLiteral("hi")}.toCbor();
        alice.send(protocol::Request{11, api::SendMessage::method, send});
        const QCborMap upd = alice.next();
        QCOMPARE(upd.value(L("t")).toString(), QStringLiteral("upd"));
        const QCborMap res = alice.next();
        QCOMPARE(res.value(L("id")).toInteger(), 11);
        QCOMPARE(res.value(L("r")).toMap().value(L("pts")), upd.value(L("pts")));

        const QCborMap bobUpd = bob.next();
        const QCborMap message = bobUpd.value(L("u")).toMap().value(L("message")).toMap();
        QCOMPARE(message.value(L("text")).toString(), QStringLiteral("hi"));
        QCOMPARE(message.value(L("randomId")).toInteger(), 0); // only the sender sees it

        // The retry after a lost answer: the same message, nothing new.
        const QCborMap again = alice.call(protocol::method::MessagesSend, send);
        QCOMPARE(again.value(L("r")).toMap().value(L("duplicate")).toBool(), true);
        QCOMPARE(again.value(L("r")).toMap().value(L("message")).toMap().value(L("id")),
                 message.value(L("id")));
    }

    void logInResumeAndRevokedDevicesAreClosed() {
        Server server;
        QVERIFY(server.start());
        Client first, second, third;
        for (Client *c : {&first, &second, &third})
            QVERIFY(c->open(server.ws) && c->hello());
        const QCborMap account = api::LogIn{QStringLiteral("carol"), QStringLiteral("password1"),
                                            QStringLiteral("phone")}
                                     .toCbor();
        const QCborMap signedUp =
            first.call(protocol::method::SignUp, account).value(L("r")).toMap();
        QVERIFY(!signedUp.isEmpty());

        QCborMap wrong = account;
        wrong.insert(L("password"), L("password2"));
        QCOMPARE(second.call(protocol::method::LogIn, wrong).value(L("code")).toString(),
                 QStringLiteral("AUTH_FAILED"));
        QCborMap nobody = account;
        nobody.insert(L("username"), L("nobody"));
        QCOMPARE(second.call(protocol::method::LogIn, nobody).value(L("code")).toString(),
                 QStringLiteral("AUTH_FAILED"));
        const QCborMap loggedIn =
            second.call(protocol::method::LogIn, account).value(L("r")).toMap();
        QCOMPARE(loggedIn.value(L("userId")), signedUp.value(L("userId")));
        QVERIFY(loggedIn.value(L("deviceId")) != signedUp.value(L("deviceId")));

        const QCborMap resumed = third.call(
            api::Resume::method, api::Resume{signedUp.value(L("token")).toString()}.toCbor());
        QCOMPARE(resumed.value(L("r")).toMap().value(L("deviceId")), signedUp.value(L("deviceId")));

        const QCborArray devices = second.call(protocol::method::DevicesList)
                                       .value(L("r"))
                                       .toMap()
                                       .value(L("devices"))
                                       .toArray();
        QCOMPARE(devices.size(), 2);

        // Revoking the first device closes both of its connections with 4001, not the caller's.
        const QCborMap revoked =
            second.call(api::RevokeDevice::method,
                        api::RevokeDevice{signedUp.value(L("deviceId")).toInteger()}.toCbor());
        QCOMPARE(revoked.value(L("t")).toString(), QStringLiteral("res"));
        QCOMPARE(first.waitForClose(), int(protocol::CloseRevoked));
        QCOMPARE(third.waitForClose(), int(protocol::CloseRevoked));

        Client again;
        QVERIFY(again.open(server.ws) && again.hello());
        QCOMPARE(again
                     .call(api::Resume::method,
                           api::Resume{signedUp.value(L("token")).toString()}.toCbor())
                     .value(L("code"))
                     .toString(),
                 QStringLiteral("UNAUTHORIZED"));

        QCOMPARE(second.call(protocol::method::LogOut).value(L("t")).toString(),
                 QStringLiteral("res"));
        QCOMPARE(second.waitForClose(), int(protocol::CloseRevoked));
    }

    void healthAndMetricsAnswer() {
        Server server;
        QVERIFY(server.start());
        const QByteArray health = httpGet(server.http, "/healthz");
        QVERIFY2(health.startsWith("HTTP/1.1 200"), health.constData());
        QVERIFY(health.endsWith("\r\n\r\nok"));
        const QByteArray metrics = httpGet(server.http, "/metrics");
        QVERIFY2(metrics.startsWith("HTTP/1.1 200"), metrics.constData());
        QVERIFY(metrics.contains("\nmsgr_connections "));
        QVERIFY(metrics.contains("msgr_process_resident_memory_bytes "));
        QVERIFY(httpGet(server.http, "/nope").startsWith("HTTP/1.1 404"));
    }

    void badInputClosesWithTheDocumentedCodes() {
        Server server;
        QVERIFY(server.start({"--hello-timeout-ms", "500"}));

        Client text;
        QVERIFY(text.open(server.ws));
        text.socket.sendTextMessage(QStringLiteral("hi"));
        QCOMPARE(text.waitForClose(), int(protocol::CloseTextFrame));

        Client noHello;
        QVERIFY(noHello.open(server.ws));
        noHello.send(protocol::Request{1, protocol::method::Ping, {}});
        QCOMPARE(noHello.next().value(L("code")).toString(), QStringLiteral("HELLO_REQUIRED"));
        QCOMPARE(noHello.waitForClose(), int(protocol::CloseHandshake));

        Client oldClient;
        QVERIFY(oldClient.open(server.ws));
        oldClient.send(protocol::Hello{{7, 8}, QStringLiteral("future")});
        QCOMPARE(oldClient.next().value(L("code")).toString(),
                 QStringLiteral("UNSUPPORTED_VERSION"));
        QCOMPARE(oldClient.waitForClose(), int(protocol::CloseVersion));

        Client silent;
        QVERIFY(silent.open(server.ws));
        QCOMPARE(silent.waitForClose(), int(protocol::CloseHandshake));

        Client huge;
        QVERIFY(huge.open(server.ws));
        QVERIFY(huge.hello());
        huge.socket.sendBinaryMessage(QByteArray(protocol::kMaxFrameBytes + 1, '\0'));
        QCOMPARE(huge.waitForClose(), int(protocol::CloseTooBig));
    }

    void floodGetsFloodWaitThenClose() {
        Server server;
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.open(server.ws));
        QVERIFY(client.hello());
        // Unauthenticated pings still count against the bucket.
        const int total = protocol::kRequestBurst + protocol::kFloodCloseAfterRejected + 1000;
        for (int i = 1; i <= total; ++i)
            client.send(protocol::Request{i, protocol::method::Ping, {}});
        QCOMPARE(client.waitForClose(), int(protocol::CloseFlood));
        const auto floodWait =
            std::find_if(client.frames.cbegin(), client.frames.cend(), [](const QCborMap &f) {
                return f.value(L("code")).toString() == L("FLOOD_WAIT");
            });
        QVERIFY(floodWait != client.frames.cend());
        QVERIFY(floodWait->value(L("retryAfterMs")).toInteger() > 0);
    }

    void terminateClosesClientsWithGoingAway() {
        Server server;
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.open(server.ws));
        QVERIFY(client.hello());
        server.process.terminate();
        QCOMPARE(client.waitForClose(), 1001);
        QVERIFY(server.process.waitForFinished(10000));
        QCOMPARE(server.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process.exitCode(), 0);
    }

    void invalidArgumentsExitWithCode2() {
        QProcess process;
        process.start(qEnvironmentVariable("MSGR_SERVER_BIN"), {"--workers", "zero"});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--workers"));
    }
};

QTEST_GUILESS_MAIN(TstServerSmoke)
#include "tst_server_smoke.moc"
