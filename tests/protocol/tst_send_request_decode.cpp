// The server's fast decoder of messages.send (protocol/send_request_decode.h) against the
// general one (decodeFrame + SendMessage::decode): what the fast one accepts, the general one
// accepts with the same values; every other shape it leaves to the general one.
#include "protocol/api/messages.h"
#include "protocol/cbor_head.h"
#include "protocol/frame.h"
#include "protocol/send_request_decode.h"

#include <QTest>

#include <limits>

using namespace msgr::protocol;
namespace head = msgr::protocol::cbor_head;

namespace {

//! The general decoders' reading: the request when they accept a messages.send, else nullopt.
std::optional<SendRequestFrame> generalDecode(const QByteArray &frame) {
    const DecodeResult decoded = decodeFrame(frame);
    const auto *parsed = std::get_if<Frame>(&decoded);
    const auto *request = parsed ? std::get_if<Request>(parsed) : nullptr;
    if (!request || request->method != method::MessagesSend)
        return std::nullopt;
    const api::Decoded<api::SendMessage> args = api::SendMessage::decode(QCborValue(request->args));
    if (!args.ok())
        return std::nullopt;
    return SendRequestFrame{request->id, *args.value};
}

//! Accepted by the fast decoder exactly as the general one reads it.
bool fastAgrees(const QByteArray &frame) {
    const std::optional<SendRequestFrame> fast = decodeSendRequestFrame(frame);
    if (!fast)
        return false;
    const std::optional<SendRequestFrame> general = generalDecode(frame);
    return general && general->id == fast->id && general->args == fast->args;
}

void text(QByteArray &out, QByteArrayView utf8) {
    head::append(out, head::kText, quint64(utf8.size()));
    out.append(utf8);
}

//! A request frame of hand-placed pieces: `entries` top-level pairs, already encoded.
QByteArray mapOf(int entries, const QByteArray &pairs) {
    QByteArray out;
    head::append(out, head::kMap, quint64(entries));
    return out + pairs;
}

QByteArray pair(QByteArrayView key, const QByteArray &encodedValue) {
    QByteArray out;
    text(out, key);
    return out + encodedValue;
}

QByteArray integer(qint64 value) {
    QByteArray out;
    head::appendInteger(out, value);
    return out;
}

//! A byte string literal with its NULs.
template <std::size_t N> QByteArray raw(const char (&bytes)[N]) {
    return QByteArray(bytes, qsizetype(N - 1));
}

QByteArray textValue(QByteArrayView utf8) {
    QByteArray out;
    text(out, utf8);
    return out;
}

QByteArray plainArgs(qint64 chatId = 7, qint64 randomId = 99, QByteArrayView body = "hello") {
    return mapOf(3, pair("chatId", integer(chatId)) + pair("randomId", integer(randomId)) +
                        pair("text", textValue(body)));
}

QByteArray requestWith(const QByteArray &args, qint64 id = 5,
                       QByteArrayView method = "messages.send") {
    return mapOf(4, pair("t", textValue("req")) + pair("id", integer(id)) +
                        pair("m", textValue(method)) + pair("a", args));
}

} // namespace

class TstSendRequestDecode : public QObject {
    Q_OBJECT
private slots:
    void acceptsWhatClientsSendWithTheGeneralDecodersValues();
    void leavesEveryOtherShapeToTheGeneralDecoder();
    void leavesEveryRefusalToTheGeneralDecoder();
    void neverAcceptsATruncatedFrame();
    void agreesOnEverySingleByteChange();
};

void TstSendRequestDecode::acceptsWhatClientsSendWithTheGeneralDecodersValues() {
    // The client's own encoding (ServerConnection: encodeFrame of a Request).
    const api::SendMessage plain{42, -17, QStringLiteral("hello, world")};
    const QByteArray client =
        encodeFrame(Request{123, QString(method::MessagesSend), plain.toCbor()});
    QVERIFY(fastAgrees(client));
    QCOMPARE(decodeSendRequestFrame(client)->args, plain);
    QCOMPARE(decodeSendRequestFrame(client)->id, 123);

    api::SendMessage reply = plain;
    reply.replyToId = 9;
    QVERIFY(fastAgrees(encodeFrame(Request{1, QString(method::MessagesSend), reply.toCbor()})));

    // Keys in another order, at both levels.
    const QByteArray args = mapOf(3, pair("text", textValue("x")) + pair("randomId", integer(1)) +
                                         pair("chatId", integer(1)));
    QVERIFY(fastAgrees(mapOf(4, pair("a", args) + pair("m", textValue("messages.send")) +
                                    pair("id", integer(1)) + pair("t", textValue("req")))));

    // Every integer width and the ends of qint64.
    const qint64 max = std::numeric_limits<qint64>::max();
    const qint64 min = std::numeric_limits<qint64>::min();
    for (qint64 v : {qint64(1), qint64(23), qint64(24), qint64(255), qint64(256), qint64(65535),
                     qint64(65536), qint64(4294967295LL), qint64(4294967296LL), max}) {
        QVERIFY2(fastAgrees(requestWith(plainArgs(v, v, "t"), v)), QByteArray::number(v));
        QVERIFY2(fastAgrees(requestWith(plainArgs(1, -v, "t"))), QByteArray::number(-v));
    }
    QVERIFY(fastAgrees(requestWith(plainArgs(1, min, "t"))));

    // Non-ASCII text, and the longest text: 4,096 UTF-16 code units (2,048 emoji).
    QVERIFY(fastAgrees(requestWith(plainArgs(1, 1, "\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80"))));
    QByteArray longest;
    for (int i = 0; i < 2048; ++i)
        longest += "\xf0\x9f\x98\x80";
    QVERIFY(fastAgrees(requestWith(plainArgs(1, 1, longest))));
}

void TstSendRequestDecode::leavesEveryOtherShapeToTheGeneralDecoder() {
    // Shapes the general decoder accepts and the fast one does not read: they still work.
    QList<QByteArray> others;
    api::SendMessage withFile{1, 2, QStringLiteral("a file")};
    Attachment file;
    file.fileId = QStringLiteral("f1");
    file.name = QStringLiteral("a.txt");
    file.mime = QStringLiteral("text/plain");
    file.size = 3;
    withFile.attachments = {file};
    others << encodeFrame(Request{1, QString(method::MessagesSend), withFile.toCbor()});
    // An argument it does not know (ignored by the general decoder).
    others << requestWith(mapOf(4, pair("chatId", integer(1)) + pair("randomId", integer(2)) +
                                       pair("text", textValue("x")) + pair("extra", integer(0))));
    // A fifth top-level key.
    others << mapOf(5, pair("t", textValue("req")) + pair("id", integer(1)) +
                           pair("m", textValue("messages.send")) + pair("a", plainArgs()) +
                           pair("x", integer(0)));
    // Indefinite-length argument map.
    others << requestWith("\xbf" + pair("chatId", integer(1)) + pair("randomId", integer(2)) +
                          pair("text", textValue("x")) + "\xff");
    // Chunked text.
    others << requestWith(
        mapOf(3, pair("chatId", integer(1)) + pair("randomId", integer(2)) +
                     pair("text", "\x7f" + textValue("ab") + textValue("c") + "\xff")));
    // A repeated key (QCborMap keeps both entries; the general decoder reads the first).
    others << requestWith(mapOf(4, pair("chatId", integer(1)) + pair("randomId", integer(2)) +
                                       pair("text", textValue("x")) + pair("chatId", integer(3))));
    // Another method.
    others << encodeFrame(
        Request{1, QString(method::MessagesHistory), api::GetHistory{1, 0, 20}.toCbor()});
    for (const QByteArray &frame : others) {
        QVERIFY2(!decodeSendRequestFrame(frame), frame.toHex().constData());
        QVERIFY2(std::holds_alternative<Frame>(decodeFrame(frame)), frame.toHex().constData());
    }
    QVERIFY(generalDecode(others[1]));
    QCOMPARE(generalDecode(others[5])->args.chatId, 1);
}

void TstSendRequestDecode::leavesEveryRefusalToTheGeneralDecoder() {
    // Everything the general decoders refuse: the fast one declines, so the typed error the
    // server answers is the general one's, as before.
    QByteArray tooLong(4097, 'x');
    QByteArray invalidUtf8 = "ab\xc3";
    QList<QByteArray> refused = {
        requestWith(plainArgs(0, 1, "x")),           // chatId 0
        requestWith(plainArgs(-1, 1, "x")),          // chatId < 0
        requestWith(plainArgs(1, 0, "x")),           // randomId 0
        requestWith(plainArgs(1, 1, "")),            // no text, no file
        requestWith(plainArgs(1, 1, tooLong)),       // TOO_LARGE
        requestWith(plainArgs(1, 1, invalidUtf8)),   // invalid UTF-8
        requestWith(plainArgs(), 0),                 // id 0
        requestWith(plainArgs(), -3),                // id < 0
        requestWith(plainArgs(), 5, "messages.sen"), // unknown method
        requestWith(plainArgs()) + '\0',             // a trailing byte
        requestWith(mapOf(4, pair("chatId", integer(1)) + pair("randomId", integer(2)) +
                                 pair("text", textValue("x")) + pair("replyToId", integer(0)))),
        requestWith(mapOf(2, pair("chatId", integer(1)) + pair("text", textValue("x")))),
        // 2^63 (a double to QCborValue) and -2^64.
        requestWith(mapOf(3, pair("chatId", raw("\x1b\x80\0\0\0\0\0\0\0")) +
                                 pair("randomId", integer(2)) + pair("text", textValue("x")))),
        requestWith(mapOf(3, pair("chatId", integer(1)) +
                                 pair("randomId", raw("\x3b\xff\xff\xff\xff\xff\xff\xff\xff")) +
                                 pair("text", textValue("x")))),
        // A tagged integer, a byte string for the text, a float for the id.
        requestWith(mapOf(3, pair("chatId", raw("\xc1\x01")) + pair("randomId", integer(2)) +
                                 pair("text", textValue("x")))),
        requestWith(mapOf(3, pair("chatId", integer(1)) + pair("randomId", integer(2)) +
                                 pair("text", raw("\x41x")))),
        mapOf(4, pair("t", textValue("req")) + pair("id", raw("\xf9\x3c\x00")) +
                     pair("m", textValue("messages.send")) + pair("a", plainArgs())),
        // Not a request; the bytes a1 a1.
        mapOf(4, pair("t", textValue("res")) + pair("id", integer(1)) +
                     pair("m", textValue("messages.send")) + pair("a", plainArgs())),
        raw("\xa1\xa1"),
    };
    for (const QByteArray &frame : refused) {
        QVERIFY2(!decodeSendRequestFrame(frame), frame.toHex().constData());
        QVERIFY2(!generalDecode(frame), frame.toHex().constData());
    }
}

void TstSendRequestDecode::neverAcceptsATruncatedFrame() {
    const QByteArray whole = requestWith(plainArgs(3, 4, "some text"));
    QVERIFY(fastAgrees(whole));
    for (qsizetype n = 0; n < whole.size(); ++n)
        QVERIFY2(!decodeSendRequestFrame(whole.first(n)), QByteArray::number(n));
}

void TstSendRequestDecode::agreesOnEverySingleByteChange() {
    // Every byte of a frame replaced by every value: whatever the fast decoder still accepts,
    // the general one accepts with the same values (the fuzz target checks the same on
    // arbitrary inputs, fuzz_frame_decode).
    const QByteArray whole = requestWith(
        mapOf(4, pair("chatId", integer(300)) + pair("randomId", integer(-70000)) +
                     pair("text", textValue("h\xc3\xa9llo")) + pair("replyToId", integer(2))),
        65536);
    int accepted = 0;
    for (qsizetype at = 0; at < whole.size(); ++at) {
        for (int value = 0; value < 256; ++value) {
            QByteArray changed = whole;
            changed[at] = char(value);
            if (!decodeSendRequestFrame(changed))
                continue;
            ++accepted;
            QVERIFY2(fastAgrees(changed), changed.toHex().constData());
        }
    }
    // Changes inside the values keep the shape (a different id, chatId, text...).
    QVERIFY(accepted > int(whole.size()));
}

QTEST_APPLESS_MAIN(TstSendRequestDecode)
#include "tst_send_request_decode.moc"
