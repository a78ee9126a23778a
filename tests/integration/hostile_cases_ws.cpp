// WebSocket framing (RFC 6455) written by hand: unmasked frames, reserved bits and opcodes,
// broken fragmentation, control-frame rules, length encodings, text messages and the message
// size caps before and after log-in.
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "tests/integration/hostile_cases.h"
#include "tests/integration/hostile_peer.h"

#include <QTest>

namespace msgr::test::hostile {
namespace {
namespace proto = msgr::protocol;

// RFC 6455 §7.4.1 close codes the server sends for framing violations.
constexpr int kProtocolError = 1002;
constexpr int kUnsupportedData = 1003;
constexpr int kBadPayload = 1007;
constexpr int kTooBig = 1009;
constexpr int kNormal = 1000;
constexpr int kNoStatus = 1005;
// The largest message before log-in (the server's default --pre-login-message-bytes).
constexpr int kPreLoginBytes = 16 * 1024;
// A control frame's payload is at most 125 bytes.
constexpr int kMaxControlPayload = 125;

QByteArray hello() {
    return proto::encodeFrame(proto::Hello{{proto::kProtocolVersion}, QStringLiteral("hostile")});
}

void closes(const char *name, WsStage stage, const QByteArray &bytes, int code, int orCode = 0) {
    QTest::newRow(name) << int(stage) << bytes << code << orCode << int(ServesNothing)
                        << QByteArray();
}

void serves(const char *name, WsStage stage, const QByteArray &bytes, WsServes what,
            const QByteArray &pong = {}) {
    QTest::newRow(name) << int(stage) << bytes << 0 << 0 << int(what) << pong;
}

//! A messages.send request into the victim chat: refused sends must leave no trace there.
QByteArray sendRequest(qint64 chatId, const QString &text) {
    using L = QLatin1StringView;
    return proto::encodeFrame(proto::Request{
        77, proto::method::MessagesSend,
        QCborMap{{L("chatId"), chatId}, {L("randomId"), 99'001}, {L("text"), text}}});
}

QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true, quint8 rsv = 0) {
    return wsFrame({.opcode = opcode, .payload = payload, .fin = fin, .rsv = rsv});
}
} // namespace

void addWebSocketCases(qint64 victimChat) {
    QTest::addColumn<int>("stage");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("close");
    QTest::addColumn<int>("orClose");
    QTest::addColumn<int>("serves");
    QTest::addColumn<QByteArray>("pong");

    const QByteArray h = hello();
    // Masking: a client frame without a mask is refused (RFC 6455 §5.1).
    closes("ws: unmasked hello", StageUpgraded,
           wsFrame({.opcode = OpBinary, .payload = h, .masked = false}), kProtocolError);
    closes("ws: unmasked frame after log-in", StageLoggedIn,
           wsFrame({.opcode = OpBinary, .payload = h, .masked = false}), kProtocolError);
    closes("ws: unmasked ping", StageWelcomed,
           wsFrame({.opcode = OpPing, .payload = "x", .masked = false}), kProtocolError);

    // Reserved bits (no extension was negotiated).
    closes("ws: RSV1 set", StageUpgraded, frame(OpBinary, h, true, 0b100), kProtocolError);
    closes("ws: RSV2 set", StageUpgraded, frame(OpBinary, h, true, 0b010), kProtocolError);
    closes("ws: RSV3 set", StageUpgraded, frame(OpBinary, h, true, 0b001), kProtocolError);
    closes("ws: RSV1 on a ping", StageWelcomed, frame(OpPing, "x", true, 0b100), kProtocolError);
    closes("ws: RSV1 after log-in", StageLoggedIn, frame(OpBinary, h, true, 0b100), kProtocolError);

    // Reserved opcodes.
    closes("ws: opcode 0x3", StageUpgraded, frame(0x3, h), kProtocolError);
    closes("ws: opcode 0x4", StageUpgraded, frame(0x4, h), kProtocolError);
    closes("ws: opcode 0x5", StageUpgraded, frame(0x5, h), kProtocolError);
    closes("ws: opcode 0x6", StageUpgraded, frame(0x6, h), kProtocolError);
    closes("ws: opcode 0x7", StageUpgraded, frame(0x7, h), kProtocolError);
    closes("ws: opcode 0xB", StageUpgraded, frame(0xB, "x"), kProtocolError);
    closes("ws: opcode 0xC", StageUpgraded, frame(0xC, "x"), kProtocolError);
    closes("ws: opcode 0xD", StageUpgraded, frame(0xD, "x"), kProtocolError);
    closes("ws: opcode 0xE", StageUpgraded, frame(0xE, "x"), kProtocolError);
    closes("ws: opcode 0xF", StageUpgraded, frame(0xF, "x"), kProtocolError);
    closes("ws: reserved opcode after log-in", StageLoggedIn, frame(0x3, h), kProtocolError);

    // Fragmentation.
    closes("ws: continuation without a first frame", StageUpgraded, frame(OpContinuation, h),
           kProtocolError);
    closes("ws: fragmented ping", StageUpgraded,
           frame(OpPing, "a", false) + frame(OpContinuation, "b"), kProtocolError);
    closes("ws: fragmented close", StageUpgraded,
           frame(OpClose, closePayload(1000), false) + frame(OpContinuation, ""), kProtocolError);
    closes("ws: fragmented pong", StageWelcomed,
           frame(OpPong, "a", false) + frame(OpContinuation, "b"), kProtocolError);
    closes("ws: new message inside a fragmented one", StageUpgraded,
           frame(OpBinary, h.left(3), false) + frame(OpBinary, h.mid(3)), kProtocolError);
    closes("ws: text continuation of a binary message", StageWelcomed,
           frame(OpBinary, "a", false) + frame(OpText, "b"), kProtocolError);

    // Control frames: at most 125 bytes, close payloads well-formed.
    closes("ws: ping with 126 bytes", StageUpgraded,
           frame(OpPing, QByteArray(kMaxControlPayload + 1, 'p')), kProtocolError);
    closes("ws: close with a 1-byte payload", StageUpgraded, frame(OpClose, "\x03"),
           kProtocolError);
    closes("ws: close code 999", StageUpgraded, frame(OpClose, closePayload(999)), kProtocolError);
    closes("ws: close code 1005 (never sent)", StageUpgraded, frame(OpClose, closePayload(1005)),
           kProtocolError);
    closes("ws: close code 1006 (never sent)", StageUpgraded, frame(OpClose, closePayload(1006)),
           kProtocolError);
    closes("ws: close code 1004 (reserved)", StageUpgraded, frame(OpClose, closePayload(1004)),
           kProtocolError);
    closes("ws: close code 2999 (reserved)", StageUpgraded, frame(OpClose, closePayload(2999)),
           kProtocolError);
    // Codes from 5000 are undefined: failing the connection and echoing are both allowed.
    closes("ws: close code 5000", StageUpgraded, frame(OpClose, closePayload(5000)), kProtocolError,
           5000);
    closes("ws: close reason not UTF-8", StageUpgraded,
           frame(OpClose, closePayload(1000, "\xff\xfe")), kProtocolError, kBadPayload);

    // Length encodings.
    closes("ws: 64-bit length with the top bit set", StageUpgraded,
           wsFrame({.opcode = OpBinary, .payload = h, .announcedLength = quint64(1) << 63}),
           kProtocolError, kTooBig);
    closes("ws: 16-bit length for 5 bytes", StageUpgraded,
           wsFrame({.opcode = OpBinary, .payload = "12345", .lengthForm = LengthForm::Force16}),
           kProtocolError);
    closes("ws: 64-bit length for 200 bytes", StageUpgraded,
           wsFrame({.opcode = OpBinary,
                    .payload = QByteArray(200, 'x'),
                    .lengthForm = LengthForm::Force64}),
           kProtocolError);

    // Text messages: refused with 1003 (invalid UTF-8 is 1007 first).
    closes("ws: text message before hello", StageUpgraded, frame(OpText, "hello"),
           kUnsupportedData);
    closes("ws: empty text message", StageWelcomed, frame(OpText, ""), kUnsupportedData);
    closes("ws: text message after log-in", StageLoggedIn, frame(OpText, "{\"t\":\"req\"}"),
           kUnsupportedData);
    closes("ws: text message with invalid UTF-8", StageUpgraded, frame(OpText, "\xc3\x28"),
           kBadPayload);
    closes("ws: fragmented text message", StageWelcomed,
           frame(OpText, "he", false) + frame(OpContinuation, "llo"), kUnsupportedData);

    // Message size: 16 KiB before log-in, 1 MiB after (1009).
    closes("ws: 16 KiB + 1 before log-in", StageUpgraded,
           frame(OpBinary, QByteArray(kPreLoginBytes + 1, '\xa0')), kTooBig);
    closes("ws: 16 KiB + 1 after hello, before log-in", StageWelcomed,
           frame(OpBinary, QByteArray(kPreLoginBytes + 1, '\xa0')), kTooBig);
    closes("ws: header announcing 1 GiB before log-in", StageUpgraded,
           wsFrame({.opcode = OpBinary, .payload = "x", .announcedLength = quint64(1) << 30}),
           kTooBig);
    closes("ws: 24 KiB in 8 KiB fragments before log-in", StageUpgraded,
           fragmentedMessage(OpBinary, QByteArray(3 * 8 * 1024, '\xa0'), 8 * 1024), kTooBig);
    closes("ws: 1 MiB + 1 after log-in", StageLoggedIn,
           frame(OpBinary, QByteArray(proto::kMaxFrameBytes + 1, '\xa0')), kTooBig);
    closes("ws: messages.send of 1 MiB + 1 after log-in (not stored)", StageLoggedIn,
           frame(OpBinary, sendRequest(victimChat, QString(proto::kMaxFrameBytes, u'x'))), kTooBig);
    closes("ws: header announcing 2^62 bytes after log-in", StageLoggedIn,
           wsFrame({.opcode = OpBinary, .payload = "x", .announcedLength = quint64(1) << 62}),
           kTooBig);
    closes("ws: 1 MiB + 1 in 64 KiB fragments after log-in", StageLoggedIn,
           fragmentedMessage(OpBinary, QByteArray(proto::kMaxFrameBytes + 1, '\xa0'), 64 * 1024),
           kTooBig);

    // The closing handshake is answered.
    closes("ws: client close 1000", StageWelcomed, frame(OpClose, closePayload(kNormal, "bye")),
           kNormal);
    closes("ws: client close without a code", StageUpgraded, frame(OpClose, ""), kNoStatus,
           kNormal);
    closes("ws: close in the middle of a fragmented send (not stored)", StageLoggedIn,
           frame(OpBinary, sendRequest(victimChat, QStringLiteral("half")).left(20), false) +
               frame(OpClose, closePayload(kNormal)),
           kNormal);
    closes("ws: close, then more frames", StageWelcomed,
           frame(OpClose, closePayload(kNormal)) + frame(OpBinary, h) + frame(OpText, "x"),
           kNormal);

    // Legal but unusual framing is served.
    serves("ws: hello in 1-byte fragments", StageUpgraded, fragmentedMessage(OpBinary, h, 1),
           ServesWelcome);
    serves("ws: ping between the fragments of hello", StageUpgraded,
           frame(OpBinary, h.left(4), false) + frame(OpPing, "mid") +
               frame(OpContinuation, h.mid(4)),
           ServesWelcome);
    serves("ws: ping before hello", StageUpgraded, frame(OpPing, "are you there"), ServesPong,
           "are you there");
    serves("ws: ping with 125 bytes", StageWelcomed, frame(OpPing, QByteArray(125, 'p')),
           ServesPong, QByteArray(125, 'p'));
    serves("ws: unsolicited pong, then hello", StageUpgraded,
           frame(OpPong, "x") + frame(OpBinary, h), ServesWelcome);
    serves("ws: 64 KiB message after log-in is read (limit raised)", StageLoggedIn,
           frame(OpBinary, QByteArray(64 * 1024, '\xa0')), ServesBadFrame);
}

} // namespace msgr::test::hostile
