// The catalogue's request floods (docs/protocol.md §1): a burst gets FLOOD_WAIT and recovers;
// flooding on closes with 4008 after every accepted request was answered, and what was refused
// is not stored.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "tests/integration/hostile_catalogue.h"
#include "tests/support/message_pump.h"
#include "tests/support/update_helpers.h"

#include <QSet>
#include <QTest>

namespace msgr::test::hostile {
namespace {
namespace m = msgr::protocol::method;
namespace api = msgr::protocol::api;
namespace proto = msgr::protocol;

enum Flood : int {
    FloodBurstRecovers,
    FloodPingsClose,
    FloodGarbageClose,
    FloodAnonymousClose,
    FloodSendsClose,
};
// More than enough to run the bucket dry (100) and reach the 200 rejections in a row that
// close the connection even while the bucket refills (50/s) during the burst.
constexpr int kFloodRequests = 700;
constexpr int kBurstRequests = 150;
// A flood close may wait for the answers to accepted requests first.
constexpr int kFloodCloseMs = 20'000;
} // namespace

void HostileCatalogue::floods_data() {
    QTest::addColumn<int>("action");
    QTest::newRow("flood: 150 pings in a burst get FLOOD_WAIT, then served again")
        << int(FloodBurstRecovers);
    QTest::newRow("flood: pings on after FLOOD_WAIT close 4008 after the answers")
        << int(FloodPingsClose);
    QTest::newRow("flood: a1 a1 frames on after FLOOD_WAIT close 4008") << int(FloodGarbageClose);
    QTest::newRow("flood: requests before log-in close 4008") << int(FloodAnonymousClose);
    QTest::newRow("flood: sends on after FLOOD_WAIT: accepted stored, refused not")
        << int(FloodSendsClose);
}

void HostileCatalogue::floods() {
    QFETCH(int, action);
    floodRow(action);
    if (QTest::currentTestFailed())
        return;
    const QString intact = victimChatIntact();
    QVERIFY2(intact.isEmpty(), qPrintable(intact));
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

void HostileCatalogue::floodRow(int action) {
    std::unique_ptr<TestClient> client;
    if (action == FloodAnonymousClose) {
        client = std::make_unique<TestClient>();
        QVERIFY(client->connectTo(m_main->server.wsUrl()));
    } else {
        client = resumed(*m_main, action == FloodSendsClose ? m_floodToken : m_mallory->token());
        QVERIFY(client);
    }

    if (action == FloodBurstRecovers) {
        QList<qint64> ids;
        for (int i = 0; i < kBurstRequests; ++i)
            ids << client->sendRequest(api::Ping{});
        QVERIFY2(waitAllAnswered(*client, ids, kAnswerMs), "not every request was answered");
        qint64 longestWait = 0;
        int floodWaits = 0;
        for (qint64 id : ids) {
            if (auto error = client->takeError(id)) {
                QCOMPARE(proto::errorCodeName(error->code), QStringLiteral("FLOOD_WAIT"));
                QVERIFY2(error->retryAfterMs > 0, "FLOOD_WAIT without retryAfterMs");
                longestWait = qMax(longestWait, error->retryAfterMs);
                ++floodWaits;
            }
        }
        QVERIFY2(floodWaits > 0, "a burst of 150 got no FLOOD_WAIT");
        QVERIFY(client->isConnected());
        QTest::qWait(int(longestWait));
        const auto pong = client->call(api::Ping{});
        MSGR_VERIFY_OK(pong);
        return;
    }

    // Flooding on after FLOOD_WAIT: the server closes with 4008, after answering what it
    // accepted and delivering the FLOOD_WAITs (a closing handshake, so not 1006).
    QList<qint64> ids;
    QHash<qint64, QString> sentTexts;
    for (int i = 0; i < kFloodRequests; ++i) {
        if (action == FloodGarbageClose) {
            client->sendRaw(QByteArray::fromHex("a1a1"));
        } else if (action == FloodSendsClose) {
            const QString text = QStringLiteral("flood %1").arg(i);
            const qint64 id =
                client->sendRequest(api::SendMessage{m_floodChat, newRandomId(), text});
            sentTexts.insert(id, text);
            ids << id;
        } else {
            ids << client->sendRequest(action == FloodAnonymousClose ? m::ChatsList : m::Ping);
        }
    }
    const int close = client->waitForClose(kFloodCloseMs);
    QVERIFY2(close == proto::CloseFlood,
             qPrintable(QStringLiteral("close %1, expected 4008").arg(close)));

    if (action == FloodGarbageClose) {
        const QList<proto::Error> errors = client->takeFrameErrors();
        QVERIFY2(errors.size() >= proto::kFloodCloseAfterRejected - 1,
                 qPrintable(QStringLiteral("%1 errors before the close").arg(errors.size())));
        for (qsizetype i = errors.size() - (proto::kFloodCloseAfterRejected - 1); i < errors.size();
             ++i)
            QCOMPARE(proto::errorCodeName(errors[i].code), QStringLiteral("FLOOD_WAIT"));
        for (const proto::Error &e : errors)
            QVERIFY(e.code == proto::ErrorCode::BadFrame || e.code == proto::ErrorCode::FloodWait);
        return;
    }

    // Every request up to the one that closed the connection was answered; none after it.
    qsizetype answered = 0;
    while (answered < ids.size() && client->hasAnswer(ids[answered]))
        ++answered;
    for (qsizetype i = answered; i < ids.size(); ++i)
        QVERIFY2(!client->hasAnswer(ids[i]),
                 qPrintable(QStringLiteral("request %1 unanswered but %2 answered")
                                .arg(answered + 1)
                                .arg(i + 1)));
    // The burst (100, less what authentication used) was accepted before the rejections.
    QVERIFY2(answered >= proto::kRequestBurst / 2 + proto::kFloodCloseAfterRejected - 1,
             qPrintable(QStringLiteral("only %1 answers").arg(answered)));
    int rejectedAtEnd = 0;
    for (qsizetype i = answered - 1; i >= 0; --i) {
        const auto error = client->takeError(ids[i]);
        if (!error || error->code != proto::ErrorCode::FloodWait)
            break;
        ++rejectedAtEnd;
    }
    QCOMPARE(rejectedAtEnd, proto::kFloodCloseAfterRejected - 1);

    if (action == FloodSendsClose) {
        // What was accepted is stored once; what was refused is not stored at all.
        QSet<QString> accepted;
        for (qsizetype i = 0; i < answered; ++i) {
            const QCborMap result = client->takeResult(ids[i]);
            if (!result.isEmpty())
                accepted.insert(sentTexts.value(ids[i]));
        }
        auto reader = resumed(*m_main, m_floodToken);
        QVERIFY(reader);
        const QList<protocol::Message> stored = fetchHistory(*reader, m_floodChat);
        QVERIFY(!reader->lastError());
        QSet<QString> storedTexts;
        for (const protocol::Message &message : stored)
            storedTexts.insert(message.text);
        QCOMPARE(stored.size(), m_floodMessages + accepted.size());
        QCOMPARE(storedTexts, accepted);
        m_floodMessages = stored.size();
    }
}

} // namespace msgr::test::hostile
