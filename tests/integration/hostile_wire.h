#pragma once
//! Hand-built bytes for the hostile-input catalogue: HTTP requests, WebSocket frames exactly as
//! a hostile client would write them (masked or not, any opcode, reserved bits, any length
//! encoding), and a parser for the frames the server sends back. Pure functions.
#include <QByteArray>
#include <QList>
#include <QPair>
#include <optional>

namespace msgr::test::hostile {

//! RFC 6455 §5.2 opcodes; the reserved ones are written as numbers by the cases.
enum Opcode : quint8 {
    OpContinuation = 0x0,
    OpText = 0x1,
    OpBinary = 0x2,
    OpClose = 0x8,
    OpPing = 0x9,
    OpPong = 0xA,
};

//! How the payload length is written: the shortest form (as RFC 6455 requires) or forced into
//! the 16-bit (126) or 64-bit (127) form even when a shorter one would do.
enum class LengthForm { Shortest, Force16, Force64 };

struct FrameSpec {
    quint8 opcode = OpBinary;
    QByteArray payload{};
    bool fin = true;
    bool masked = true; //!< clients must mask (RFC 6455 §5.1)
    quint8 rsv = 0;     //!< bits RSV1..RSV3 as 0b100, 0b010, 0b001
    LengthForm lengthForm = LengthForm::Shortest;
    //! The header announces this length instead of payload.size() (the payload is still sent
    //! as given): "a 1 GiB frame" without sending 1 GiB.
    std::optional<quint64> announcedLength{};
};

//! One client frame, masked with a fixed key unless spec.masked is false.
QByteArray wsFrame(const FrameSpec &spec);
//! Shorthands for the common shapes.
QByteArray binaryFrame(const QByteArray &payload);
QByteArray textFrame(const QByteArray &payload);
//! The payload of a close frame: a 2-byte code, then the reason.
QByteArray closePayload(quint16 code, const QByteArray &reason = {});
//! A message split into fragments of at most `fragmentBytes` (first frame `opcode`, then
//! continuations; FIN on the last).
QByteArray fragmentedMessage(quint8 opcode, const QByteArray &payload, int fragmentBytes);

//! A well-formed WebSocket upgrade request for "/".
QByteArray upgradeRequest();
//! The upgrade request with one header removed (by name, case-insensitively).
QByteArray upgradeRequestWithout(const QByteArray &headerName);
//! The upgrade request with a header's value replaced (added if absent).
QByteArray upgradeRequestWith(const QByteArray &headerName, const QByteArray &value);
//! "GET <target> HTTP/1.1" with a Host header and the given extra header lines.
QByteArray httpGet(const QByteArray &target, const QByteArray &extraHeaders = {});

//! A frame from the server. Servers never mask (RFC 6455 §5.1); a masked one is an error.
struct ServerFrame {
    quint8 opcode = 0;
    bool fin = true;
    bool masked = false;
    quint8 rsv = 0;
    QByteArray payload{};
    //! For a close frame: its code, 1005 ("no status") when the payload is empty.
    int closeCode() const;
};

//! Takes one complete frame off the front of `buffer`; nullopt while it is incomplete.
std::optional<ServerFrame> takeServerFrame(QByteArray &buffer);

//! One HTTP response taken off the front of a buffer (Content-Length bodies only: the server
//! never sends chunked answers).
struct HttpAnswer {
    int status = 0;
    QByteArray head; //!< status line and headers, lower-cased
    QByteArray body;
    bool closeRequested = false; //!< "Connection: close"
};
//! nullopt while the response is incomplete; status -1 if the bytes are not HTTP at all.
std::optional<HttpAnswer> takeHttpAnswer(QByteArray &buffer, bool headRequest = false);

} // namespace msgr::test::hostile
