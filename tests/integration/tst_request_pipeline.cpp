// Requests pipelined by a client: many in one TCP write, read by the server from one buffer.
// Every one is answered, exactly once; sends are stored and answered in the order they were
// written, and reach the other member in that order. A pipeline that mixes the shape the
// server's fast messages.send decoder reads (protocol/send_request_decode.h) with shapes it
// leaves to the general decoder (a repeated key, out-of-range values, invalid UTF-8, trailing
// bytes, another method) gets, for each, the answer the general decoder gives.
#include "protocol/api/api.h"
#include "protocol/cbor_head.h"
#include "protocol/frame.h"
#include "protocol/updates.h"
#include "tests/integration/hostile_peer.h"
#include "tests/integration/hostile_probe.h"
#include "tests/integration/hostile_wire.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QElapsedTimer>
#include <QTest>
#include <map>
#include <memory>

using namespace msgr;
using namespace msgr::test;
using namespace msgr::test::hostile;
namespace api = msgr::protocol::api;
namespace proto = msgr::protocol;
namespace head = msgr::protocol::cbor_head;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kWaitMs = 20'000;

QByteArray sendFrame(qint64 id, const api::SendMessage &send) {
    return binaryFrame(
        proto::encodeFrame(proto::Request{id, api::SendMessage::method, send.toCbor()}));
}

void appendText(QByteArray &out, QByteArrayView utf8) {
    head::append(out, head::kText, quint64(utf8.size()));
    out.append(utf8);
}

//! {t: req, id, m: messages.send, a: {<argPairs>}} with the argument pairs given as bytes.
QByteArray sendWithArgs(qint64 id, int argCount, const QByteArray &argPairs) {
    QByteArray out;
    head::append(out, head::kMap, 4);
    appendText(out, "t");
    appendText(out, "req");
    appendText(out, "id");
    head::appendInteger(out, id);
    appendText(out, "m");
    appendText(out, "messages.send");
    appendText(out, "a");
    head::append(out, head::kMap, quint64(argCount));
    return out + argPairs;
}

QByteArray intPair(QByteArrayView key, qint64 value) {
    QByteArray out;
    appendText(out, key);
    head::appendInteger(out, value);
    return out;
}

QByteArray textPair(QByteArrayView key, QByteArrayView utf8) {
    QByteArray out;
    appendText(out, key);
    appendText(out, utf8);
    return out;
}

//! One answer: "" for a result, else the error code's wire name.
struct Answer {
    QString code;
    QCborMap result;
};

//! Reads until every id of `ids` is answered (res or err), in arrival order; `upd` frames are
//! skipped. A second answer to one id fails the test through `duplicates`.
QList<QPair<qint64, Answer>> readAnswers(RawPeer &peer, const QSet<qint64> &ids, int *duplicates) {
    QList<QPair<qint64, Answer>> answers;
    QSet<qint64> seen;
    QElapsedTimer timer;
    timer.start();
    while (seen.size() < ids.size() && timer.elapsed() < kWaitMs) {
        const std::optional<proto::Frame> frame =
            peer.readProtocolFrame(int(kWaitMs - timer.elapsed()));
        if (!frame)
            break;
        const proto::Frame *parsed = &*frame;
        qint64 id = 0;
        Answer answer;
        if (const auto *result = std::get_if<proto::Result>(parsed)) {
            id = result->id;
            answer.result = result->result;
        } else if (const auto *error = std::get_if<proto::Error>(parsed)) {
            id = error->id;
            answer.code = proto::errorCodeName(error->code);
        } else {
            continue;
        }
        if (seen.contains(id))
            ++*duplicates;
        seen.insert(id);
        answers.append({id, answer});
    }
    return answers;
}
} // namespace

class TstRequestPipeline : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sendsInOneWriteAreAllAnsweredInOrder();
    void mixedPipelineGetsTheGeneralDecodersAnswers();

private:
    std::unique_ptr<RawPeer> alicePeer();

    ServerProcess m_server;
    qint64 m_chatId = 0;               // alice's and bob's
    QString m_aliceToken;              // alice connects through raw peers (alicePeer())
    std::unique_ptr<TestClient> m_bob; // the receiving end, connected throughout
};

void TstRequestPipeline::initTestCase() {
    QVERIFY(m_server.start());
    QString why;
    std::optional<TwoUsersInAChat> users =
        twoUsersInAChat(m_server, QStringLiteral("alice"), QStringLiteral("bob"), kPassword, &why);
    QVERIFY2(users, qPrintable(why));
    m_aliceToken = users->first->token();
    users->first->close();
    m_bob = std::move(users->second);
    m_chatId = users->chatId;
}

std::unique_ptr<RawPeer> TstRequestPipeline::alicePeer() {
    return resumedPeer(m_server.wsPort(), m_aliceToken);
}

void TstRequestPipeline::sendsInOneWriteAreAllAnsweredInOrder() {
    auto alice = alicePeer();
    QVERIFY(alice);
    m_bob->takeUpdates();
    // 60 sends (within the request burst of 100 and the write burst of 200), ~6 KiB: several
    // of the server's reads' worth, all in one write.
    constexpr int kSends = 60;
    QByteArray pipeline;
    QSet<qint64> ids;
    for (int i = 0; i < kSends; ++i) {
        const qint64 id = 1000 + i;
        pipeline += sendFrame(
            id, api::SendMessage{m_chatId, 7000 + i, QStringLiteral("pipelined %1").arg(i)});
        ids.insert(id);
    }
    alice->send(pipeline);

    int duplicates = 0;
    const auto answers = readAnswers(*alice, ids, &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(answers.size(), kSends);
    qint64 previousMessageId = 0;
    for (int i = 0; i < kSends; ++i) {
        QCOMPARE(answers[i].first, 1000 + i); // answered in the order written
        QCOMPARE(answers[i].second.code, QString());
        const auto sent = api::SendResult::fromCbor(answers[i].second.result);
        QVERIFY(sent);
        QCOMPARE(sent->message.text, QStringLiteral("pipelined %1").arg(i));
        QVERIFY(!sent->duplicate);
        QVERIFY(sent->message.id > previousMessageId); // stored in that order
        previousMessageId = sent->message.id;
    }

    // The other member hears them in the same order.
    QVERIFY(m_bob->waitForUpdates(kSends, kWaitMs));
    const QList<proto::UpdateFrame> updates = m_bob->takeUpdates();
    QStringList texts;
    for (const proto::UpdateFrame &frame : updates) {
        const auto update = proto::updateFromCbor(frame.update);
        if (const auto *message = update ? std::get_if<proto::NewMessageUpdate>(&*update) : nullptr)
            texts << message->message.text;
    }
    QCOMPARE(texts.size(), kSends);
    for (int i = 0; i < kSends; ++i)
        QCOMPARE(texts[i], QStringLiteral("pipelined %1").arg(i));
}

void TstRequestPipeline::mixedPipelineGetsTheGeneralDecodersAnswers() {
    auto alice = alicePeer();
    QVERIFY(alice);
    const qint64 chat = m_chatId;
    // id → the answer the server gives (the general decoder's for every shape the fast one
    // leaves to it): "" a result, else the error code.
    const std::map<qint64, QString> expected = {
        {1, {}},            // the plain shape
        {2, {}},            // a repeated chatId: the general decoder reads the first
        {3, "BAD_REQUEST"}, // chatId 0
        {4, {}},            // ping between sends
        {5, "BAD_FRAME"},   // a trailing byte after the map (id peeked for the answer)
        // Invalid UTF-8 in the text (request 6): the frame does not parse, and the id is not
        // read out of it either (peekRequestId stops at the bad string): an error without id.
        {0, "BAD_FRAME"},
        {7, "BAD_REQUEST"}, // replyToId 0
        {8, "BAD_REQUEST"}, // chatId 2^63: a double to the general decoder
        {9, "TOO_LARGE"},   // 4,097 characters
        {10, {}},           // the plain shape again
    };
    QByteArray pipeline;
    pipeline += sendFrame(1, api::SendMessage{chat, 8001, QStringLiteral("first")});
    pipeline += binaryFrame(sendWithArgs(2, 4,
                                         intPair("chatId", chat) + intPair("randomId", 8002) +
                                             textPair("text", "repeated") +
                                             intPair("chatId", chat + 1000)));
    pipeline += sendFrame(3, api::SendMessage{0, 8003, QStringLiteral("no chat")});
    pipeline += binaryFrame(proto::encodeFrame(proto::Request{4, api::Ping::method, {}}));
    pipeline += binaryFrame(proto::encodeFrame(proto::Request{
                                5, api::SendMessage::method,
                                api::SendMessage{chat, 8005, QStringLiteral("tail")}.toCbor()}) +
                            '\0');
    pipeline += binaryFrame(sendWithArgs(
        6, 3, intPair("chatId", chat) + intPair("randomId", 8006) + textPair("text", "ab\xc3")));
    pipeline += binaryFrame(sendWithArgs(7, 4,
                                         intPair("chatId", chat) + intPair("randomId", 8007) +
                                             textPair("text", "x") + intPair("replyToId", 0)));
    QByteArray hugeChat;
    appendText(hugeChat, "chatId");
    hugeChat += QByteArray("\x1b\x80\0\0\0\0\0\0\0", 9);
    pipeline += binaryFrame(
        sendWithArgs(8, 3, hugeChat + intPair("randomId", 8008) + textPair("text", "x")));
    pipeline += sendFrame(9, api::SendMessage{chat, 8009, QString(4097, QLatin1Char('x'))});
    pipeline += sendFrame(10, api::SendMessage{chat, 8010, QStringLiteral("last")});
    QSet<qint64> ids;
    for (const auto &[id, code] : expected)
        ids.insert(id);
    alice->send(pipeline);

    int duplicates = 0;
    const auto answers = readAnswers(*alice, ids, &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(answers.size(), qsizetype(expected.size()));
    QList<qint64> storedOrder;
    for (const auto &[id, answer] : answers) {
        QVERIFY2(expected.count(id) == 1, qPrintable(QString::number(id) + answer.code));
        QCOMPARE(answer.code, expected.at(id));
        if (id == 2) {
            const auto sent = api::SendResult::fromCbor(answer.result);
            QVERIFY(sent);
            QCOMPARE(sent->message.chatId, chat);
            QCOMPARE(sent->message.text, QStringLiteral("repeated"));
        }
        if (answer.code.isEmpty() && id != 4)
            storedOrder << id;
    }
    QCOMPARE(storedOrder, (QList<qint64>{1, 2, 10})); // the sends, in the order written
    // The connection is still in use after all of that.
    QString code;
    QVERIFY(alice->call(api::Ping{}, &code));
}

QTEST_GUILESS_MAIN(TstRequestPipeline)
#include "tst_request_pipeline.moc"
