// Codec round trips for every frame, object and update type, and rejection of malformed input.
#include "protocol/api/messages.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/preencoded.h"
#include "protocol/updates.h"

#include <QCborArray>
#include <QCborValue>
#include <QTest>

#include <limits>

using namespace msgr::protocol;
using L = QLatin1StringView;

Q_DECLARE_METATYPE(msgr::protocol::Frame)

namespace {
Message sampleMessage() {
    return Message{1001, 7, 1, 1'763'700'000'000, QStringLiteral("привет 👋"), 812734617823};
}
Chat sampleChat() {
    return Chat{7, ChatKind::Private, {}, {1, 2}, 1'763'700'000'000};
}
} // namespace

class ProtocolCodecTest : public QObject {
    Q_OBJECT
private slots:
    void frameRoundTrip_data();
    void frameRoundTrip();
    void objectsRoundTrip();
    void updatesRoundTrip_data();
    void updatesRoundTrip();
    void unknownUpdateTypeIsKeptNotRejected();
    void unknownKeysAreIgnored();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void rejectsOversizedFrame();
    void unknownErrorCodeFromNewerServerIsInternal();
    void preencodedFramesAreTheBytesOfTheMapPath_data();
    void preencodedFramesAreTheBytesOfTheMapPath();
};

void ProtocolCodecTest::frameRoundTrip_data() {
    QTest::addColumn<Frame>("frame");
    QTest::newRow("hello") << Frame{Hello{{1, 2}, QStringLiteral("test/1")}};
    QTest::newRow("welcome") << Frame{Welcome{1, QStringLiteral("srv"), advertisedLimits()}};
    QTest::newRow("request") << Frame{
        Request{5, QStringLiteral("messages.send"),
                QCborMap{{L("chatId"), 7}, {L("randomId"), 42}, {L("text"), QStringLiteral("x")}}}};
    QTest::newRow("request-no-args") << Frame{Request{6, QStringLiteral("ping"), {}}};
    QTest::newRow("result") << Frame{Result{5, QCborMap{{L("pts"), 3}}}};
    QTest::newRow("error") << Frame{Error{5, ErrorCode::NotFound, QStringLiteral("no chat"), 0}};
    QTest::newRow("error-flood") << Frame{
        Error{9, ErrorCode::FloodWait, QStringLiteral("slow"), 250}};
    QTest::newRow("error-untied") << Frame{Error{0, ErrorCode::BadFrame, QStringLiteral("?"), 0}};
    QTest::newRow("update") << Frame{
        UpdateFrame{12, updateToCbor(NewMessageUpdate{sampleMessage()})}};
    QTest::newRow("update-no-pts") << Frame{UpdateFrame{0, QCborMap{{L("type"), L("typing")}}}};
}

void ProtocolCodecTest::frameRoundTrip() {
    QFETCH(Frame, frame);
    const QByteArray bytes = encodeFrame(frame);
    const DecodeResult decoded = decodeFrame(bytes);
    QVERIFY2(std::holds_alternative<Frame>(decoded),
             qPrintable(std::holds_alternative<DecodeError>(decoded)
                            ? std::get<DecodeError>(decoded).message
                            : QString()));
    QCOMPARE(std::get<Frame>(decoded), frame);
}

void ProtocolCodecTest::objectsRoundTrip() {
    const User user{3, QStringLiteral("alice"), QStringLiteral("Alice A.")};
    QCOMPARE(User::fromCbor(user.toCbor()), user);
    const Device device{4, QStringLiteral("laptop"), 10, 20, true};
    QCOMPARE(Device::fromCbor(device.toCbor()), device);
    for (ChatKind kind : {ChatKind::Private, ChatKind::Group, ChatKind::Channel}) {
        Chat chat = sampleChat();
        chat.kind = kind;
        QCOMPARE(Chat::fromCbor(chat.toCbor()), chat);
    }
    // The group its last member left, as that member's answer and chatChanged carry it (§5).
    Chat left = sampleChat();
    left.kind = ChatKind::Group;
    left.memberIds.clear();
    left.ownerId = 0;
    left.adminIds.clear();
    QCOMPARE(Chat::fromCbor(left.toCbor()), left);
    QCOMPARE(Message::fromCbor(sampleMessage().toCbor()), sampleMessage());
    ChatSummary summary{sampleChat(), sampleMessage(), 3, 900, 950, 1000};
    QCOMPARE(ChatSummary::fromCbor(summary.toCbor()), summary);
    summary.lastMessage.reset();
    QCOMPARE(ChatSummary::fromCbor(summary.toCbor()), summary);
}

void ProtocolCodecTest::updatesRoundTrip_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < 5; ++i)
        QTest::newRow(QByteArray::number(i).constData()) << i;
}

void ProtocolCodecTest::updatesRoundTrip() {
    QFETCH(int, index);
    const QList<Update> all{NewMessageUpdate{sampleMessage()}, NewChatUpdate{sampleChat()},
                            ReadInboxUpdate{7, 10}, ReadOutboxUpdate{7, 11},
                            DeliveredUpdate{7, 12}};
    const Update &u = all.at(index);
    QCOMPARE(updateFromCbor(updateToCbor(u)), u);
}

void ProtocolCodecTest::unknownUpdateTypeIsKeptNotRejected() {
    const auto u = updateFromCbor(QCborMap{{L("type"), L("userTyping")}, {L("chatId"), 1}});
    QVERIFY(u.has_value());
    QCOMPARE(std::get<UnknownUpdate>(*u).type, QStringLiteral("userTyping"));
}

void ProtocolCodecTest::unknownKeysAreIgnored() {
    QCborMap m = sampleMessage().toCbor();
    m.insert(L("media"), QCborMap{{L("fileId"), 5}});
    QCOMPARE(Message::fromCbor(m), sampleMessage());
    QCborMap frame{{L("t"), L("req")}, {L("id"), 1}, {L("m"), L("ping")}, {L("future"), 1}};
    QVERIFY(std::holds_alternative<Frame>(decodeFrame(frame.toCborValue().toCbor())));
}

void ProtocolCodecTest::rejectsMalformed_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    const auto cbor = [](const QCborValue &v) { return v.toCbor(); };
    QTest::newRow("empty") << QByteArray() << int(ErrorCode::BadFrame);
    QTest::newRow("garbage") << QByteArray("\xff\xfe\x00garbage", 10) << int(ErrorCode::BadFrame);
    QTest::newRow("truncated-map") << QByteArray("\xa2\x61t", 3) << int(ErrorCode::BadFrame);
    QTest::newRow("not-a-map") << cbor(QCborArray{1, 2}) << int(ErrorCode::BadFrame);
    QTest::newRow("no-type") << cbor(QCborMap{{L("id"), 1}}) << int(ErrorCode::BadFrame);
    QTest::newRow("type-not-text") << cbor(QCborMap{{L("t"), 5}}) << int(ErrorCode::BadFrame);
    QTest::newRow("unknown-type") << cbor(QCborMap{{L("t"), L("nope")}})
                                  << int(ErrorCode::BadFrame);
    QTest::newRow("req-id-text") << cbor(QCborMap{
                                        {L("t"), L("req")}, {L("id"), L("1")}, {L("m"), L("ping")}})
                                 << int(ErrorCode::BadRequest);
    QTest::newRow("req-id-zero") << cbor(QCborMap{
                                        {L("t"), L("req")}, {L("id"), 0}, {L("m"), L("ping")}})
                                 << int(ErrorCode::BadRequest);
    QTest::newRow("req-args-array")
        << cbor(QCborMap{
               {L("t"), L("req")}, {L("id"), 1}, {L("m"), L("ping")}, {L("a"), QCborArray{}}})
        << int(ErrorCode::BadRequest);
    QTest::newRow("hello-versions-text")
        << cbor(QCborMap{{L("t"), L("hello")}, {L("versions"), QCborArray{L("1")}}})
        << int(ErrorCode::BadRequest);
    QByteArray trailing = cbor(QCborMap{{L("t"), L("req")}, {L("id"), 1}, {L("m"), L("ping")}});
    trailing.append('\x01');
    QTest::newRow("trailing-bytes") << trailing << int(ErrorCode::BadFrame);
}

void ProtocolCodecTest::rejectsMalformed() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    const DecodeResult decoded = decodeFrame(bytes);
    QVERIFY(std::holds_alternative<DecodeError>(decoded));
    QCOMPARE(int(std::get<DecodeError>(decoded).code), code);
    QVERIFY(!std::get<DecodeError>(decoded).message.isEmpty());
}

void ProtocolCodecTest::rejectsOversizedFrame() {
    const QString huge(int(kMaxFrameBytes), QLatin1Char('a'));
    const QByteArray bytes =
        encodeFrame(Request{1, QStringLiteral("messages.send"), QCborMap{{L("text"), huge}}});
    const DecodeResult decoded = decodeFrame(bytes);
    QVERIFY(std::holds_alternative<DecodeError>(decoded));
    QCOMPARE(std::get<DecodeError>(decoded).code, ErrorCode::TooLarge);
}

void ProtocolCodecTest::unknownErrorCodeFromNewerServerIsInternal() {
    const QCborMap m{{L("t"), L("err")}, {L("id"), 3}, {L("code"), L("PREMIUM_REQUIRED")}};
    const DecodeResult decoded = decodeFrame(m.toCborValue().toCbor());
    QVERIFY(std::holds_alternative<Frame>(decoded));
    QCOMPARE(std::get<Error>(std::get<Frame>(decoded)).code, ErrorCode::Internal);
}

QTEST_GUILESS_MAIN(ProtocolCodecTest)
// The server builds a message's frames around its bytes encoded once (protocol/preencoded.h):
// a client must receive exactly what the QCborMap path gives, for every size of integer.
void ProtocolCodecTest::preencodedFramesAreTheBytesOfTheMapPath_data() {
    QTest::addColumn<qint64>("number"); // pts, request id and message id alike
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("duplicate");
    QTest::addColumn<bool>("reply"); // a plain message is written field by field, a reply not
    for (const bool reply : {false, true}) {
        const char *kind = reply ? "reply, " : "plain, ";
        QTest::addRow("%ssmall", kind) << qint64(1) << QStringLiteral("hi") << false << reply;
        QTest::addRow("%sone byte", kind) << qint64(23) << QString() << true << reply;
        QTest::addRow("%s24", kind) << qint64(24) << QStringLiteral("x") << false << reply;
        QTest::addRow("%stwo bytes", kind) << qint64(300) << QString(100, u'a') << false << reply;
        QTest::addRow("%sfour bytes", kind)
            << qint64(70'000) << QStringLiteral("приве́т 👋") << true << reply;
        QTest::addRow("%seight bytes", kind)
            << qint64(1) + 0xffffffffLL << QString(kMaxTextChars, u'z') << false << reply;
        QTest::addRow("%slargest", kind)
            << std::numeric_limits<qint64>::max() << QStringLiteral("m") << true << reply;
        // A lone surrogate: both paths write what QString::toUtf8 makes of it.
        QTest::addRow("%sbroken UTF-16", kind)
            << qint64(5) << QString(QChar(0xd800)) + QStringLiteral("z") << false << reply;
    }
}

void ProtocolCodecTest::preencodedFramesAreTheBytesOfTheMapPath() {
    QFETCH(qint64, number);
    QFETCH(QString, text);
    QFETCH(bool, duplicate);
    QFETCH(bool, reply);
    Message message{number, 7, 3, 1'763'700'000'000, text, -number};
    if (reply)
        message.replyTo = ReplyTo{2, 4, QStringLiteral("quoted")};
    const QByteArray encodedMessage = preencoded::message(message);
    QCOMPARE(encodedMessage, QCborValue(message.toCbor()).toCbor());

    const Update update = NewMessageUpdate{message};
    const QByteArray body = preencoded::newMessageUpdate(encodedMessage);
    QCOMPARE(body, QCborValue(updateToCbor(update)).toCbor());
    QCOMPARE(preencoded::updateFrame(number, body),
             encodeFrame(UpdateFrame{number, updateToCbor(update)}));
    QCOMPARE(preencoded::updateFrame(0, body), encodeFrame(UpdateFrame{0, updateToCbor(update)}));

    const QCborMap sendResult = api::SendResult{message, number, duplicate}.toCbor();
    const QByteArray result = preencoded::sendResult(encodedMessage, number, duplicate);
    QCOMPARE(result, QCborValue(sendResult).toCbor());
    QCOMPARE(preencoded::resultFrame(number, result), encodeFrame(Result{number, sendResult}));
    // And a client decodes it as the same message.
    const DecodeResult decoded = decodeFrame(preencoded::updateFrame(number, body));
    QVERIFY(std::holds_alternative<Frame>(decoded));
    const auto &frame = std::get<UpdateFrame>(std::get<Frame>(decoded));
    // (What UTF-8 could carry of the text: a lone surrogate arrives as U+FFFD either way.)
    Message received = message;
    received.text = QString::fromUtf8(text.toUtf8());
    QCOMPARE(updateFromCbor(frame.update), std::optional<Update>(NewMessageUpdate{received}));
}

#include "tst_protocol_codec.moc"
