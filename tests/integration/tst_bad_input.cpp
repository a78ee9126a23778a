// Bad input gets the typed error or close code docs/protocol.md names, limits are enforced,
// and afterwards the server still serves a new client; /healthz and /metrics answer.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QCborArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace m = msgr::protocol::method;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

QString codeName(const protocol::Error &e) {
    return protocol::errorCodeName(e.code);
}
} // namespace

class TstBadInput : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void malformedFramesAreBadFrameAndConnectionStays();
    void wrongArgumentTypesAreBadRequest();
    void unknownMethodIsUnknownMethod();
    void callBeforeLogInIsUnauthorized();
    void textFrameCloses1003();
    void oversizedMessageCloses1009();
    void firstFrameNotHelloCloses4000();
    void noHelloInTimeCloses4000();
    void unsupportedVersionCloses4002();
    void requestBurstGetsFloodWaitThenRecovers();
    void floodingOnAfterFloodWaitCloses4008();
    void wrongPasswordsFailThenAreThrottled();
    void overlongTextIsTooLargeAndNotStored();
    void nonMemberGetsNotFoundAsForNoChat();
    void serverStillServesANewClient();
    void httpEndpointsAnswerAndMetricsReflectTraffic();
    void metricsCountRequestsErrorsAndLatencyPerMethod();

private:
    qint64 metricSample(const QString &name, const QString &method);
    std::unique_ptr<TestClient> loggedIn(const QString &user);
    QByteArray httpGet(const QString &path, int *status);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice;
    std::unique_ptr<TestClient> m_bob;
    qint64 m_chatId = 0;
};

void TstBadInput::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = loggedIn(QStringLiteral("alice"));
    m_bob = loggedIn(QStringLiteral("bob"));
    QVERIFY(m_alice && m_bob);
    const auto r = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(r);
    m_chatId = r.value->chat.id;
    QVERIFY(m_chatId > 0);
}

void TstBadInput::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

std::unique_ptr<TestClient> TstBadInput::loggedIn(const QString &user) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return {};
    if (client->signUp(user, kPassword).isEmpty() && client->logIn(user, kPassword).isEmpty()) {
        qWarning("cannot log in %s: %s", qPrintable(user), qPrintable(client->lastErrorName()));
        return {};
    }
    return client;
}

void TstBadInput::malformedFramesAreBadFrameAndConnectionStays() {
    auto client = loggedIn(QStringLiteral("mallory"));
    QVERIFY(client);
    const QList<QByteArray> bad{QByteArray("\xff\xfe not cbor at all", 18),  // invalid CBOR
                                QCborValue(42).toCbor(),                     // not a map
                                QCborValue(QCborMap{{L("id"), 1}}).toCbor(), // no t
                                QCborValue(QCborMap{{L("t"), L("bogus")}}).toCbor()}; // unknown t
    for (const QByteArray &bytes : bad) {
        client->sendRaw(bytes);
        QVERIFY(client->waitForFrameErrors(1));
        const QList<protocol::Error> errors = client->takeFrameErrors();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(codeName(errors.first()), QStringLiteral("BAD_FRAME"));
        QCOMPARE(errors.first().id, 0);
        QVERIFY(client->isConnected());
    }
    const auto pong = client->call(api::Ping{});
    MSGR_VERIFY_OK(pong);
    QVERIFY(pong.value->time > 0);
}

void TstBadInput::wrongArgumentTypesAreBadRequest() {
    TestClient &c = *m_alice;
    const QList<std::pair<QLatin1StringView, QCborMap>> cases{
        {m::MessagesSend,
         {{L("chatId"), QStringLiteral("seven")}, {L("randomId"), 5}, {L("text"), L("x")}}},
        {m::MessagesSend, {{L("chatId"), m_chatId}, {L("randomId"), 5}, {L("text"), 17}}},
        {m::MessagesSend, {{L("chatId"), m_chatId}, {L("text"), L("no randomId")}}},
        {m::MessagesSend, {{L("chatId"), m_chatId}, {L("randomId"), 0}, {L("text"), L("x")}}},
        {m::MessagesHistory, {{L("chatId"), m_chatId}, {L("beforeId"), 0}, {L("limit"), 0}}},
        {m::MessagesHistory, {{L("chatId"), m_chatId}, {L("beforeId"), 0}, {L("limit"), 101}}},
        {m::UpdatesGetDifference, {{L("pts"), 0}, {L("limit"), protocol::kMaxDifferenceSlice + 1}}},
        {m::UpdatesGetDifference, {{L("pts"), QCborArray{1}}}},
        {m::UsersSearch, {{L("query"), true}}},
        {m::ChatsOpenPrivate, {}},
    };
    for (const auto &[method, args] : cases) {
        c.call(method, args);
        QVERIFY2(c.lastErrorName() == QStringLiteral("BAD_REQUEST"),
                 qPrintable(QStringLiteral("%1 %2 -> '%3'")
                                .arg(method)
                                .arg(QCborValue(args).toDiagnosticNotation())
                                .arg(c.lastErrorName())));
    }
    QVERIFY(c.isConnected());
}

void TstBadInput::unknownMethodIsUnknownMethod() {
    m_alice->call(L("messages.teleport"), {{L("chatId"), m_chatId}});
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("UNKNOWN_METHOD"));
    QVERIFY(m_alice->isConnected());
}

void TstBadInput::callBeforeLogInIsUnauthorized() {
    TestClient c;
    QVERIFY(c.connectTo(m_server.wsUrl()));
    QVERIFY(!c.call(api::ListChats{}).ok());
    QCOMPARE(c.lastErrorName(), QStringLiteral("UNAUTHORIZED"));
    QVERIFY(!c.call(api::SendMessage{m_chatId, 9, QStringLiteral("x")}).ok());
    QCOMPARE(c.lastErrorName(), QStringLiteral("UNAUTHORIZED"));
    QVERIFY(!c.resume(QString(protocol::kTokenChars, QLatin1Char('A'))));
    QCOMPARE(c.lastErrorName(), QStringLiteral("UNAUTHORIZED"));
    QVERIFY(c.isConnected());
}

void TstBadInput::textFrameCloses1003() {
    TestClient c;
    QVERIFY(c.connectTo(m_server.wsUrl()));
    c.sendText(QStringLiteral("{\"t\":\"req\"}"));
    QCOMPARE(c.waitForClose(), int(protocol::CloseTextFrame));
}

void TstBadInput::oversizedMessageCloses1009() {
    auto c = loggedIn(QStringLiteral("mallory"));
    QVERIFY(c);
    c->sendRaw(QByteArray(int(protocol::kMaxFrameBytes) + 1, 'x'));
    QCOMPARE(c->waitForClose(), int(protocol::CloseTooBig));
}

void TstBadInput::firstFrameNotHelloCloses4000() {
    TestClient c;
    QVERIFY(c.open(m_server.wsUrl()));
    const qint64 id = c.sendRequest(api::Ping{});
    QCOMPARE(c.waitForClose(), int(protocol::CloseHandshake));
    // The err may or may not carry the request's id; either way it says HELLO_REQUIRED.
    QList<protocol::Error> errors = c.takeFrameErrors();
    if (auto e = c.takeError(id))
        errors.append(*e);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(codeName(errors.first()), QStringLiteral("HELLO_REQUIRED"));
}

void TstBadInput::noHelloInTimeCloses4000() {
    // Its own server: a 300 ms hello deadline would make every other check timing-sensitive.
    ServerProcess impatient({QStringLiteral("--hello-timeout-ms"), QStringLiteral("300")});
    QVERIFY(impatient.start());
    TestClient c;
    QVERIFY(c.open(impatient.wsUrl()));
    QCOMPARE(c.waitForClose(5'000), int(protocol::CloseHandshake));
    QVERIFY(!c.welcome());
    // A client that says hello in time is served.
    TestClient prompt;
    QVERIFY(prompt.connectTo(impatient.wsUrl()));
}

void TstBadInput::unsupportedVersionCloses4002() {
    TestClient c;
    QVERIFY(c.open(m_server.wsUrl()));
    c.sendHello({99, 100});
    QCOMPARE(c.waitForClose(), int(protocol::CloseVersion));
    QVERIFY(!c.welcome());
    const QList<protocol::Error> errors = c.takeFrameErrors();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(codeName(errors.first()), QStringLiteral("UNSUPPORTED_VERSION"));
    QVERIFY2(errors.first().message.contains(QLatin1Char('1')), qPrintable(errors.first().message));
}

void TstBadInput::requestBurstGetsFloodWaitThenRecovers() {
    auto c = loggedIn(QStringLiteral("burster"));
    QVERIFY(c);
    // Twice the burst at once: the bucket empties and the rest is told to wait.
    QList<qint64> ids;
    for (int i = 0; i < 2 * protocol::kRequestBurst; ++i)
        ids.append(c->sendRequest(api::Ping{}));
    QVERIFY(c->waitForAnswer(ids.last()));
    int ok = 0;
    int floodWaits = 0;
    for (qint64 id : ids) {
        QVERIFY(c->waitForAnswer(id));
        if (auto e = c->takeError(id)) {
            QCOMPARE(codeName(*e), QStringLiteral("FLOOD_WAIT"));
            QVERIFY(e->retryAfterMs > 0);
            ++floodWaits;
        } else {
            ++ok;
        }
    }
    QVERIFY2(floodWaits > 0, qPrintable(QString::number(ok)));
    QVERIFY(ok >= protocol::kRequestBurst - 1); // log-in took one token
    QVERIFY(c->isConnected());
    // Waiting as told (retryAfterMs) is what a well-behaved client does; then it is served.
    bool recovered = false;
    for (int attempt = 0; attempt < 20 && !recovered; ++attempt) {
        recovered = c->call(api::Ping{}).ok();
        if (!recovered) {
            QCOMPARE(c->lastErrorName(), QStringLiteral("FLOOD_WAIT"));
            QTest::qWait(int(c->lastError()->retryAfterMs));
        }
    }
    QVERIFY(recovered);
    QVERIFY(c->isConnected());
}

void TstBadInput::floodingOnAfterFloodWaitCloses4008() {
    auto c = loggedIn(QStringLiteral("flooder"));
    QVERIFY(c);
    QList<qint64> ids;
    for (int i = 0; i < 3 * protocol::kRequestBurst + protocol::kFloodCloseAfterRejected; ++i)
        ids.append(c->sendRequest(api::Ping{}));
    QCOMPARE(c->waitForClose(), int(protocol::CloseFlood));
    int floodWaits = 0;
    for (qint64 id : ids) {
        if (auto e = c->takeError(id))
            floodWaits += e->code == protocol::ErrorCode::FloodWait ? 1 : 0;
    }
    QVERIFY(floodWaits > 0);
}

void TstBadInput::wrongPasswordsFailThenAreThrottled() {
    auto owner = loggedIn(QStringLiteral("carol"));
    QVERIFY(owner);
    TestClient c;
    QVERIFY(c.connectTo(m_server.wsUrl()));
    // Unknown user and wrong password answer the same way.
    QVERIFY(c.logIn(QStringLiteral("nobody_here"), kPassword).isEmpty());
    QCOMPARE(c.lastErrorName(), QStringLiteral("AUTH_FAILED"));
    for (int i = 0; i < 5; ++i) {
        QVERIFY(
            c.logIn(QStringLiteral("carol"), QStringLiteral("wrong password %1").arg(i)).isEmpty());
        QCOMPARE(c.lastErrorName(), QStringLiteral("AUTH_FAILED"));
    }
    // The sixth failure within 15 minutes for this account is throttled.
    QVERIFY(c.logIn(QStringLiteral("carol"), QStringLiteral("wrong password 6")).isEmpty());
    QCOMPARE(c.lastErrorName(), QStringLiteral("FLOOD_WAIT"));
    QVERIFY(c.lastError()->retryAfterMs > 0);
    QVERIFY(c.isConnected());
    // The account itself is untouched: the existing session works.
    const auto pong = owner->call(api::Ping{});
    MSGR_VERIFY_OK(pong);
}

void TstBadInput::overlongTextIsTooLargeAndNotStored() {
    auto carol = loggedIn(QStringLiteral("dora"));
    QVERIFY(carol);
    const auto opened = carol->call(api::OpenPrivateChat{m_alice->userId()});
    MSGR_VERIFY_OK(opened);
    const qint64 chatId = opened.value->chat.id;
    QVERIFY(chatId > 0);
    carol->call(m::MessagesSend,
                {{L("chatId"), chatId},
                 {L("randomId"), newRandomId()},
                 {L("text"), QString(protocol::kMaxTextChars + 1, QLatin1Char('x'))}});
    QCOMPARE(carol->lastErrorName(), QStringLiteral("TOO_LARGE"));
    QVERIFY(fetchHistory(*carol, chatId).isEmpty());
    QVERIFY(!carol->lastError());
    // Exactly at the limit is fine.
    const auto atLimit = carol->call(api::SendMessage{
        chatId, newRandomId(), QString(protocol::kMaxTextChars, QLatin1Char('y'))});
    MSGR_VERIFY_OK(atLimit);
    const auto history = fetchHistory(*carol, chatId);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().text.size(), protocol::kMaxTextChars);
    // An empty text is out of range too.
    carol->call(m::MessagesSend,
                {{L("chatId"), chatId}, {L("randomId"), newRandomId()}, {L("text"), QString()}});
    QCOMPARE(carol->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstBadInput::nonMemberGetsNotFoundAsForNoChat() {
    auto eve = loggedIn(QStringLiteral("eve"));
    QVERIFY(eve);
    // A chat one is not in answers as one that does not exist: ids cannot be probed (§3).
    QVERIFY(
        !eve->call(api::SendMessage{m_chatId, newRandomId(), QStringLiteral("let me in")}).ok());
    QCOMPARE(eve->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!eve->call(api::SendMessage{987654321, newRandomId(), QStringLiteral("nowhere")}).ok());
    QCOMPARE(eve->lastErrorName(), QStringLiteral("NOT_FOUND"));
    // Nothing reached the chat.
    QVERIFY(fetchHistory(*m_alice, m_chatId).isEmpty());
}

void TstBadInput::serverStillServesANewClient() {
    QVERIFY(m_server.isRunning());
    auto frank = loggedIn(QStringLiteral("frank"));
    QVERIFY(frank);
    const auto opened = frank->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(opened);
    const qint64 chatId = opened.value->chat.id;
    QVERIFY(chatId > 0);
    m_bob->takeUpdates();
    const auto sent =
        frank->call(api::SendMessage{chatId, newRandomId(), QStringLiteral("hi bob")});
    MSGR_VERIFY_OK(sent);
    const qint64 id = sent.value->message.id;
    QList<protocol::UpdateFrame> got;
    QTRY_VERIFY([&] {
        got += m_bob->takeUpdates();
        const auto msgs = newMessages(got);
        return !msgs.isEmpty() && msgs.last().id == id;
    }());
}

QByteArray TstBadInput::httpGet(const QString &path, int *status) {
    QNetworkAccessManager nam;
    QUrl url = m_server.httpUrl();
    url.setPath(path);
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10'000)) {
        *status = -1;
        return {};
    }
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return reply->readAll();
}

void TstBadInput::httpEndpointsAnswerAndMetricsReflectTraffic() {
    int status = 0;
    const QByteArray health = httpGet(QStringLiteral("/healthz"), &status);
    QCOMPARE(status, 200);
    QCOMPARE(health.trimmed(), QByteArray("ok"));

    auto sendsCounted = [this](int *httpStatus) {
        const QByteArray text = httpGet(QStringLiteral("/metrics"), httpStatus);
        static const QRegularExpression sample(
            QStringLiteral(R"(^msgr_requests_total\{method="messages\.send"\} (\d+)$)"),
            QRegularExpression::MultilineOption);
        const auto match = sample.match(QString::fromUtf8(text));
        bool ok = false;
        const qint64 count = match.hasMatch() ? match.captured(1).toLongLong(&ok) : -1;
        return ok ? count : -1;
    };
    const qint64 before = sendsCounted(&status);
    QCOMPARE(status, 200);
    QVERIFY2(before > 0, "no msgr_requests_total{method=\"messages.send\"} sample");
    for (int i = 0; i < 3; ++i) {
        const auto sent = m_alice->call(
            api::SendMessage{m_chatId, newRandomId(), QStringLiteral("counted %1").arg(i)});
        MSGR_VERIFY_OK(sent);
    }
    QCOMPARE(sendsCounted(&status), before + 3);
}

//! The value of `name{method="<method>"}` on /metrics; -1 when the sample is missing.
qint64 TstBadInput::metricSample(const QString &name, const QString &method) {
    int status = 0;
    const QString text = QString::fromUtf8(httpGet(QStringLiteral("/metrics"), &status));
    if (status != 200)
        return -1;
    const QRegularExpression sample(
        QStringLiteral("^%1\\{method=\"%2\"\\} (\\d+)$")
            .arg(QRegularExpression::escape(name), QRegularExpression::escape(method)),
        QRegularExpression::MultilineOption);
    const auto match = sample.match(text);
    bool ok = false;
    const qint64 value = match.hasMatch() ? match.captured(1).toLongLong(&ok) : -1;
    return ok ? value : -1;
}

void TstBadInput::metricsCountRequestsErrorsAndLatencyPerMethod() {
    // Every method of the table has its own samples, including ones no client called yet.
    const QString search = L(m::ChannelsSearch);
    const QString getChannel = L(m::ChannelsGet);
    const QString ping = L(m::Ping);
    const QString other = QStringLiteral("other");
    auto snapshot = [this](const QString &method) {
        return std::array<qint64, 3>{
            metricSample(QStringLiteral("msgr_requests_total"), method),
            metricSample(QStringLiteral("msgr_request_errors_total"), method),
            metricSample(QStringLiteral("msgr_request_duration_seconds_count"), method)};
    };
    const auto searchBefore = snapshot(search);
    QVERIFY2(searchBefore[0] >= 0 && searchBefore[1] >= 0 && searchBefore[2] >= 0,
             "no per-method samples for channels.search");
    const auto getBefore = snapshot(getChannel);
    const auto pingBefore = snapshot(ping);
    const auto otherBefore = snapshot(other);
    QVERIFY(getBefore[0] >= 0 && pingBefore[0] >= 0 && otherBefore[0] >= 0);

    TestClient &c = *m_alice;
    for (int i = 0; i < 3; ++i)
        MSGR_VERIFY_OK(c.call(api::Ping{}));
    for (int i = 0; i < 2; ++i) { // a channel that does not exist: NOT_FOUND, counted as errors
        const QCborMap r = c.call(m::ChannelsGet, {{L("channelId"), 987654321}});
        QVERIFY(r.isEmpty());
        QVERIFY(c.lastError().has_value());
    }
    const QCborMap unknown = c.call(L("nosuch.method"));
    QVERIFY(unknown.isEmpty());
    QCOMPARE(c.lastErrorName(), QStringLiteral("UNKNOWN_METHOD"));

    const auto pingAfter = snapshot(ping);
    QCOMPARE(pingAfter[0] - pingBefore[0], 3);
    QCOMPARE(pingAfter[1] - pingBefore[1], 0);
    QCOMPARE(pingAfter[2] - pingBefore[2], 3);
    const auto getAfter = snapshot(getChannel);
    QCOMPARE(getAfter[0] - getBefore[0], 2);
    QCOMPARE(getAfter[1] - getBefore[1], 2);
    QCOMPARE(getAfter[2] - getBefore[2], 2);
    const auto otherAfter = snapshot(other);
    QCOMPARE(otherAfter[0] - otherBefore[0], 1);
    QCOMPARE(otherAfter[1] - otherBefore[1], 1);
    QCOMPARE(snapshot(search), searchBefore); // nothing called it

    // The latency sum is a decimal number of seconds next to its count.
    int status = 0;
    const QByteArray text = httpGet(QStringLiteral("/metrics"), &status);
    QVERIFY(text.contains("# TYPE msgr_request_duration_seconds summary\n"));
    static const QRegularExpression sum(
        QStringLiteral(R"(^msgr_request_duration_seconds_sum\{method="ping"\} \d+\.\d{6}$)"),
        QRegularExpression::MultilineOption);
    QVERIFY(sum.match(QString::fromUtf8(text)).hasMatch());
}

QTEST_GUILESS_MAIN(TstBadInput)
#include "tst_bad_input.moc"
