// The hostile-input catalogue (issue 6, item 9): see hostile_catalogue.h. This file holds the
// set-up, the checks after every row, and the runners of the wire-, frame- and field-level
// tables; hostile_floods.cpp, hostile_deadlines.cpp, hostile_slow_readers.cpp, hostile_caps.cpp
// and hostile_auth_abuse.cpp run the action tables.
#include "tests/integration/hostile_catalogue.h"

#include "protocol/api/api.h"
#include "protocol/methods.h"
#include "tests/integration/hostile_cases.h"
#include "tests/integration/hostile_peer.h"
#include "tests/support/update_helpers.h"

#include <QDeadlineTimer>
#include <QTest>

#include <sys/resource.h>

namespace msgr::test::hostile {
namespace {
namespace m = msgr::protocol::method;
namespace api = msgr::protocol::api;

// How long a refused connection may take to be closed, and a close frame to arrive.
constexpr int kCloseMs = 5'000;
// The probe after a row resumes a token; every 10th logs in with a password and every 30th
// signs up a new account instead (sign-ups are limited per address: a burst of 20, then one
// per 10 s).
constexpr int kLogInEveryRows = 10;
constexpr int kSignUpEveryRows = 30;
//! Longest wait for the password hashes in flight to end before VmRSS is judged (a hash takes
//! ~0.3 s alone, several seconds on a loaded machine with a queue ahead of it).
constexpr int kHashesSettleMs = 15000;
constexpr int kRssRecheckMs = 100;

//! "A|B" accepts either code.
bool codeMatches(const QString &expected, const QString &got) {
    return expected.split(u'|').contains(got);
}

//! The main server: everything at its defaults except who may read /metrics (127.0.0.2 only,
//! so one port serves both the 200 and the 403 rows).
QStringList mainServerArgs() {
    return {QStringLiteral("--metrics-from"), QStringLiteral("127.0.0.2/32")};
}

//! Short deadlines, so each deadline row takes about a second.
QStringList deadlineServerArgs() {
    return {QStringLiteral("--upgrade-timeout-ms"), QStringLiteral("800"),
            QStringLiteral("--hello-timeout-ms"),   QStringLiteral("800"),
            QStringLiteral("--login-timeout-ms"),   QStringLiteral("2500"),
            QStringLiteral("--idle-timeout-ms"),    QStringLiteral("3000"),
            QStringLiteral("--close-timeout-ms"),   QStringLiteral("1000")};
}

void raiseOwnFileLimit() {
    // The connection-cap rows open hundreds of sockets from this process.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}
} // namespace

std::unique_ptr<Target> HostileCatalogue::startTarget(const QStringList &args) {
    auto target = std::make_unique<Target>(args);
    if (!target->server.start() || !target->probe.setUp())
        return nullptr;
    // One full round before the baseline: the first clients allocate what the server keeps
    // (thread-local store connections, arenas), which is not growth caused by a case.
    const QString warmUp = target->probe.serves(ServerProbe::Auth::LogIn);
    if (!warmUp.isEmpty()) {
        qWarning("warm-up failed: %s", qPrintable(warmUp));
        return nullptr;
    }
    target->rssBaseline = target->probe.rss();
    return target->rssBaseline > 0 ? std::move(target) : nullptr;
}

std::unique_ptr<TestClient> HostileCatalogue::resumed(Target &target, const QString &token) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(target.server.wsUrl()) || !client->resume(token))
        return nullptr;
    return client;
}

void HostileCatalogue::initTestCase() {
    raiseOwnFileLimit();
    m_main = startTarget(mainServerArgs());
    QVERIFY(m_main);
    m_deadlines = startTarget(deadlineServerArgs());
    QVERIFY(m_deadlines);

    QString why;
    m_mallory = signedUpClient(m_main->server, QStringLiteral("mallory"), kCataloguePassword, &why);
    QVERIFY2(m_mallory, qPrintable(why));
    auto alice = signedUpClient(m_main->server, QStringLiteral("alice"), kCataloguePassword, &why);
    auto bob = signedUpClient(m_main->server, QStringLiteral("bob"), kCataloguePassword, &why);
    auto flooder =
        signedUpClient(m_main->server, QStringLiteral("flooder"), kCataloguePassword, &why);
    QVERIFY2(alice && bob && flooder, qPrintable(why));
    const auto chatId = [](TestClient &c, qint64 peer) {
        const auto opened = c.call(api::OpenPrivateChat{peer});
        return opened.ok() ? opened.value->chat.id : 0;
    };
    m_foreignChat = chatId(*alice, bob->userId());
    m_victimChat = chatId(*m_mallory, m_main->probe.watcherId());
    m_floodChat = chatId(*flooder, m_main->probe.watcherId());
    m_floodToken = flooder->token();
    QVERIFY(m_foreignChat > 0 && m_victimChat > 0 && m_floodChat > 0);
}

void HostileCatalogue::cleanup() {
    ++m_rowsRun;
}

void HostileCatalogue::cleanupTestCase() {
    qInfo("hostile inputs run: %d", m_rowsRun);
    for (Target *target : {m_main.get(), m_deadlines.get(), m_slow.get(), m_auth.get()}) {
        if (target)
            qInfo("server %lld: %d rows, VmRSS %lld MiB (baseline %lld MiB)", target->server.pid(),
                  target->rows, target->probe.rss() / kMiB, target->rssBaseline / kMiB);
    }
}

QString HostileCatalogue::stillServing(Target &target) {
    ++target.rows;
    const ServerProbe::Auth auth = target.rows % kSignUpEveryRows == 0  ? ServerProbe::Auth::SignUp
                                   : target.rows % kLogInEveryRows == 0 ? ServerProbe::Auth::LogIn
                                                                        : ServerProbe::Auth::Resume;
    const QString failure = target.probe.serves(auth);
    if (!failure.isEmpty())
        return QStringLiteral("the server no longer serves a new client: ") + failure;
    // Each log-in, sign-up and failed guess runs Argon2id on the server's hash pool (64 MiB of
    // working memory per hash, two at a time, unmapped when the hash ends). Under load a check
    // can land while hashes still run: then VmRSS is baseline + 128 MiB for a moment. Growth
    // that stays past kRssGrowthBound once the hashes are done is what this row must catch.
    qint64 rss = target.probe.rss();
    QDeadlineTimer hashesSettle(kHashesSettleMs);
    while (rss > target.rssBaseline + kRssGrowthBound && !hashesSettle.hasExpired()) {
        QTest::qWait(kRssRecheckMs);
        rss = target.probe.rss();
    }
    if (rss <= 0 || rss > target.rssBaseline + kRssGrowthBound)
        return QStringLiteral("server VmRSS %1 MiB exceeds its bound (baseline %2 MiB + %3 MiB)")
            .arg(rss / kMiB)
            .arg(target.rssBaseline / kMiB)
            .arg(kRssGrowthBound / kMiB);
    return {};
}

QString HostileCatalogue::victimChatIntact() {
    if (!m_mallory || !m_mallory->isConnected())
        return QStringLiteral("mallory's own connection was lost");
    const QList<protocol::Message> stored = fetchHistory(*m_mallory, m_victimChat);
    if (m_mallory->lastError())
        return QStringLiteral("history failed: ") + m_mallory->lastErrorName();
    if (stored.size() != m_victimMessages)
        return QStringLiteral("the chat holds %1 messages, %2 were accepted")
            .arg(stored.size())
            .arg(m_victimMessages);
    return {};
}

// ---- HTTP ----

void HostileCatalogue::http_data() {
    addHttpCases();
}

void HostileCatalogue::http() {
    QFETCH(QByteArray, request);
    QFETCH(QString, from);
    QFETCH(int, status);
    QFETCH(bool, orClosed);
    QFETCH(QByteArray, body);
    QFETCH(int, answers);
    QFETCH(int, after);

    RawPeer peer;
    RawPeer::Options options;
    if (!from.isEmpty())
        options.bindAddress = QHostAddress(from);
    QVERIFY(peer.connectTo(m_main->server.wsPort(), options));
    peer.send(request);
    const bool head = request.startsWith("HEAD ");
    for (int i = 0; i < answers; ++i) {
        const std::optional<HttpAnswer> answer = peer.readHttp(kAnswerMs, head);
        if (!answer) {
            QVERIFY2(i == 0 && orClosed && peer.waitForDisconnected(kCloseMs),
                     qPrintable(QStringLiteral("answer %1 of %2: none, and %3 (received: %4)")
                                    .arg(i + 1)
                                    .arg(answers)
                                    .arg(peer.isConnected() ? QStringLiteral("still open")
                                                            : QStringLiteral("closed"))
                                    .arg(QString::fromLatin1(peer.pending().left(200)))));
            break;
        }
        QVERIFY2(answer->status == status,
                 qPrintable(QStringLiteral("answer %1: status %2, expected %3 (%4)")
                                .arg(i + 1)
                                .arg(answer->status)
                                .arg(status)
                                .arg(QString::fromLatin1(answer->head.left(200)))));
        if (!body.isEmpty())
            QVERIFY2(answer->body.startsWith(body), answer->body.left(200).constData());
        if (head)
            QVERIFY(answer->body.isEmpty());
    }
    if (after == AfterClosed) {
        QVERIFY2(peer.waitForDisconnected(kCloseMs), "the server kept the connection open");
        QVERIFY2(peer.pending().isEmpty(), "more bytes than the expected answers");
    } else if (after == AfterStaysOpen) {
        peer.send(httpGet("/healthz"));
        const std::optional<HttpAnswer> again = peer.readHttp(kAnswerMs);
        QVERIFY2(again && again->status == 200, "the keep-alive connection stopped serving");
    }
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

// ---- WebSocket framing ----

void HostileCatalogue::webSocketFraming_data() {
    addWebSocketCases(m_victimChat);
}

void HostileCatalogue::webSocketFraming() {
    QFETCH(int, stage);
    QFETCH(QByteArray, bytes);
    QFETCH(int, close);
    QFETCH(int, orClose);
    QFETCH(int, serves);
    QFETCH(QByteArray, pong);

    RawPeer peer;
    QVERIFY(peer.connectTo(m_main->server.wsPort()));
    QVERIFY(peer.upgrade());
    if (stage >= StageWelcomed)
        QVERIFY(peer.hello());
    if (stage == StageLoggedIn) {
        QString code;
        QVERIFY2(peer.call(api::Resume{m_mallory->token()}, &code), qPrintable(code));
    }
    peer.send(bytes);

    // Frames the server sends before what the row looks for (pongs, errors) are skipped.
    const auto nextOf = [&](quint8 opcode) -> std::optional<ServerFrame> {
        for (;;) {
            std::optional<ServerFrame> frame = peer.readFrame(kAnswerMs);
            if (!frame || frame->opcode == opcode || frame->opcode == OpClose)
                return frame;
        }
    };
    switch (serves) {
    case ServesNothing: {
        const int got = peer.waitForClose(kCloseMs);
        QVERIFY2(got == close || (orClose != 0 && got == orClose),
                 qPrintable(QStringLiteral("close %1, expected %2%3")
                                .arg(got)
                                .arg(close)
                                .arg(orClose ? QStringLiteral(" or %1").arg(orClose) : QString())));
        break;
    }
    case ServesPong: {
        const std::optional<ServerFrame> answer = nextOf(OpPong);
        QVERIFY2(answer && answer->opcode == OpPong, "no pong");
        QCOMPARE(answer->payload, pong);
        if (stage == StageUpgraded)
            QVERIFY2(peer.hello(), "hello failed after the ping");
        break;
    }
    case ServesWelcome: {
        const std::optional<ServerFrame> welcome = nextOf(OpBinary);
        QVERIFY2(welcome && welcome->opcode == OpBinary, "no welcome");
        const protocol::DecodeResult decoded = protocol::decodeFrame(welcome->payload);
        const auto *frame = std::get_if<protocol::Frame>(&decoded);
        QVERIFY(frame && std::holds_alternative<protocol::Welcome>(*frame));
        break;
    }
    case ServesBadFrame: {
        const std::optional<ServerFrame> error = nextOf(OpBinary);
        QVERIFY2(error && error->opcode == OpBinary, "no answer");
        const protocol::DecodeResult decoded = protocol::decodeFrame(error->payload);
        const auto *frame = std::get_if<protocol::Frame>(&decoded);
        const auto *err = frame ? std::get_if<protocol::Error>(frame) : nullptr;
        QVERIFY(err);
        QCOMPARE(protocol::errorCodeName(err->code), QStringLiteral("BAD_FRAME"));
        QString code;
        QVERIFY2(peer.call(api::Ping{}, &code), qPrintable(code));
        break;
    }
    }
    const QString intact = victimChatIntact();
    QVERIFY2(intact.isEmpty(), qPrintable(intact));
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

// ---- The first message ----

void HostileCatalogue::firstMessage_data() {
    addHandshakeCases();
}

void HostileCatalogue::firstMessage() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    QFETCH(int, close);

    TestClient client;
    QVERIFY(client.open(m_main->server.wsUrl()));
    client.sendRaw(bytes);
    QVERIFY2(client.waitForFrameErrors(1, kAnswerMs), "no err frame");
    const QList<protocol::Error> errors = client.takeFrameErrors();
    QCOMPARE(protocol::errorCodeName(errors.first().code), code);
    QCOMPARE(client.waitForClose(kCloseMs), close);
    QVERIFY(!client.welcome());
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

// ---- Frames after hello ----

void HostileCatalogue::badFrames_data() {
    addBadFrameCases();
}

void HostileCatalogue::badFrames() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, loggedIn);
    QFETCH(QString, code);
    QFETCH(qint64, id);

    std::unique_ptr<TestClient> client;
    if (loggedIn) {
        client = resumed(*m_main, m_mallory->token());
    } else {
        client = std::make_unique<TestClient>();
        QVERIFY(client->connectTo(m_main->server.wsUrl()));
    }
    QVERIFY(client);
    client->sendRaw(bytes);
    std::optional<protocol::Error> error;
    if (id == 0) {
        QVERIFY2(client->waitForFrameErrors(1, kAnswerMs), "no err without id");
        error = client->takeFrameErrors().first();
    } else {
        QVERIFY2(client->waitForAnswer(id, kAnswerMs), "no err for the request id");
        error = client->takeError(id);
        QVERIFY2(error, "a res where an err was due");
    }
    QCOMPARE(protocol::errorCodeName(error->code), code);
    // The connection stays: the next request is answered (ping needs a log-in; before it the
    // answer is UNAUTHORIZED, an answer all the same).
    client->call(api::Ping{});
    QVERIFY2(client->isConnected(), "the connection was closed");
    QCOMPARE(client->lastErrorName(), loggedIn ? QString() : QStringLiteral("UNAUTHORIZED"));
    QCOMPARE(client->undecodableFrames(), 0);
    const QString intact = victimChatIntact();
    QVERIFY2(intact.isEmpty(), qPrintable(intact));
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

// ---- Arguments ----

void HostileCatalogue::badArguments_data() {
    addArgumentCases({m_victimChat, m_foreignChat, m_mallory ? m_mallory->userId() : 0});
}

void HostileCatalogue::badArguments() {
    QFETCH(QString, method);
    QFETCH(QCborMap, args);
    QFETCH(QString, code);
    QFETCH(bool, loggedIn);

    TestClient anonymous;
    TestClient *client = m_mallory.get();
    if (!loggedIn) {
        QVERIFY(anonymous.connectTo(m_main->server.wsUrl()));
        client = &anonymous;
    }
    const QByteArray name = method.toLatin1();
    const QCborMap result = client->call(QLatin1StringView(name), args, kAnswerMs);
    if (!client->lastError() && method == m::MessagesSend)
        ++m_victimMessages; // accepted after all: the ledger follows so the next rows hold
    QVERIFY2(
        codeMatches(code, client->lastErrorName()),
        qPrintable(QStringLiteral("%1 %2 -> '%3' (%4), expected %5")
                       .arg(method, QCborValue(args).toDiagnosticNotation().left(200),
                            client->lastErrorName(),
                            client->lastError() ? client->lastError()->message : QString(), code)));
    QVERIFY(client->isConnected());
    const QString intact = victimChatIntact();
    QVERIFY2(intact.isEmpty(), qPrintable(intact));
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

} // namespace msgr::test::hostile

QTEST_GUILESS_MAIN(msgr::test::hostile::HostileCatalogue)
