// No answer exceeds the protocol's 1 MiB frame cap (docs/protocol.md §1), even when every
// message is a 4,096-character text of 3-byte UTF-8 characters: history pages and difference
// slices are cut by encoded size (final: false), and paging still reaches every message and
// every update.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
// Enough full-size texts that one page of 100 (1.2 MB) and one slice of 500 (6 MB) would pass
// the cap many times over if they were cut by count alone.
constexpr int kMessages = 240;
// Room for the " n" suffix MessagePump appends (up to 3 digits here).
constexpr int kPrefixChars = protocol::kMaxTextChars - 4;

//! 3-byte characters ('漢字') and 2-byte ones ('жи'): the UTF-8 encoding is what grows.
QString longText(const QString &pair) {
    QString text;
    while (text.size() + pair.size() <= kPrefixChars)
        text += pair;
    return text;
}

//! Records the size of every binary message the client receives.
struct FrameSizes {
    explicit FrameSizes(TestClient &client) {
        QObject::connect(&client.socket(), &QWebSocket::binaryMessageReceived, &client.socket(),
                         [this](const QByteArray &frame) {
                             largest = std::max<qint64>(largest, frame.size());
                             if (frame.size() > protocol::kMaxFrameBytes)
                                 ++oversized;
                         });
    }
    qint64 largest = 0;
    int oversized = 0;
};
} // namespace

class TstAnswerFrameCap : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void historyPagesStayUnderTheCapAndReachEveryMessage();
    void differenceSlicesStayUnderTheCapAndReachEveryUpdate();

private:
    ServerProcess m_server;
    TestClient m_alice;
    TestClient m_bob;
    qint64 m_chatId = 0;
    QList<qint64> m_sentIds; // ascending
};

void TstAnswerFrameCap::initTestCase() {
    QVERIFY(m_server.start());
    QVERIFY(m_alice.connectTo(m_server.wsUrl()));
    QVERIFY(m_bob.connectTo(m_server.wsUrl()));
    QVERIFY(!m_alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
    QVERIFY(!m_bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
    const auto opened = m_alice.call(api::OpenPrivateChat{m_bob.userId()});
    MSGR_VERIFY_OK(opened);
    m_chatId = opened.value->chat.id;
    QVERIFY(m_chatId > 0);

    // Half CJK, half Cyrillic, each text at the character limit.
    for (const QString &pair : {QStringLiteral("漢字"), QStringLiteral("жи")}) {
        MessagePump pump(m_alice, m_chatId, longText(pair) + u' ', 32);
        pump.start(kMessages / 2);
        QVERIFY(pump.waitFinished(120'000));
        QCOMPARE(pump.failures(), 0);
        for (const MessagePump::Sent &sent : pump.sent()) {
            QVERIFY(sent.text.size() <= protocol::kMaxTextChars);
            m_sentIds.append(sent.messageId);
        }
    }
    std::sort(m_sentIds.begin(), m_sentIds.end());
    QCOMPARE(m_sentIds.size(), kMessages);
}

void TstAnswerFrameCap::historyPagesStayUnderTheCapAndReachEveryMessage() {
    TestClient reader;
    FrameSizes sizes(reader);
    QVERIFY(reader.connectTo(m_server.wsUrl()));
    QVERIFY(!reader.logIn(QStringLiteral("bob"), kPassword, QStringLiteral("pager")).isEmpty());

    QList<qint64> seen; // ascending once complete
    qint64 beforeId = 0;
    int cutPages = 0;
    for (int page = 0; page < kMessages; ++page) {
        const auto r = reader.call(api::GetHistory{m_chatId, beforeId, protocol::kMaxHistoryLimit});
        MSGR_VERIFY_OK(r);
        const QList<protocol::Message> &messages = r.value->messages;
        QVERIFY(r.value->final.has_value());
        const bool final = *r.value->final;
        if (!final && messages.size() < protocol::kMaxHistoryLimit)
            ++cutPages;
        QVERIFY(!messages.isEmpty() || final);
        for (qsizetype i = messages.size() - 1; i >= 0; --i)
            seen.prepend(messages.at(i).id);
        if (final)
            break;
        beforeId = messages.first().id; // the next page: older than the oldest one here
    }
    QCOMPARE(seen, m_sentIds);
    QVERIFY2(cutPages > 0, "no page was cut by size: the test proves nothing");
    QCOMPARE(sizes.oversized, 0);
    QVERIFY2(sizes.largest <= protocol::kMaxFrameBytes, qPrintable(QString::number(sizes.largest)));
    // Cut close to the cap, not far below it (a page holds as much as fits).
    QVERIFY2(sizes.largest > protocol::kMaxFrameBytes * 9 / 10,
             qPrintable(QString::number(sizes.largest)));
}

void TstAnswerFrameCap::differenceSlicesStayUnderTheCapAndReachEveryUpdate() {
    TestClient reader;
    FrameSizes sizes(reader);
    QVERIFY(reader.connectTo(m_server.wsUrl()));
    QVERIFY(!reader.logIn(QStringLiteral("bob"), kPassword, QStringLiteral("catch-up")).isEmpty());

    QList<qint64> pts;
    QList<qint64> messageIds;
    qint64 from = 0;
    int cutSlices = 0;
    for (int slice = 0; slice <= kMessages; ++slice) {
        const auto r = reader.call(api::GetDifference{from, protocol::kMaxDifferenceSlice});
        MSGR_VERIFY_OK(r);
        QVERIFY(!r.value->tooLong);
        const QList<protocol::UpdateFrame> updates = differenceUpdates(*r.value);
        const bool final = r.value->final;
        if (!final && updates.size() < protocol::kMaxDifferenceSlice)
            ++cutSlices;
        for (const protocol::UpdateFrame &u : updates)
            pts.append(u.pts);
        for (const protocol::Message &message : newMessages(updates))
            messageIds.append(message.id);
        // The returned pts is that of the last update handed out: nothing is skipped.
        if (!updates.isEmpty())
            QCOMPARE(r.value->pts, updates.last().pts);
        from = r.value->pts;
        if (final)
            break;
    }
    // newChat, then every message: pts 1, 2, 3, ... without a gap or a repeat.
    QCOMPARE(pts.size(), kMessages + 1);
    for (qsizetype i = 0; i < pts.size(); ++i)
        QCOMPARE(pts.at(i), i + 1);
    QCOMPARE(messageIds, m_sentIds);
    QVERIFY2(cutSlices > 0, "no slice was cut by size: the test proves nothing");
    QCOMPARE(sizes.oversized, 0);
    QVERIFY2(sizes.largest <= protocol::kMaxFrameBytes, qPrintable(QString::number(sizes.largest)));
}

QTEST_GUILESS_MAIN(TstAnswerFrameCap)
#include "tst_answer_frame_cap.moc"
