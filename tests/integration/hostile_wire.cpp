#include "tests/integration/hostile_wire.h"

#include <QList>

namespace msgr::test::hostile {
namespace {
// A fixed masking key: the cases must be reproducible byte for byte.
constexpr quint8 kMask[4] = {0x37, 0xfa, 0x21, 0x3d};
// RFC 6455 §5.2: 7-bit lengths up to 125, 126 = a 16-bit length follows, 127 = 64-bit.
constexpr quint64 kMax7BitLength = 125;
constexpr quint64 kMax16BitLength = 0xffff;
constexpr quint8 kLength16 = 126;
constexpr quint8 kLength64 = 127;
constexpr int kNoCloseStatus = 1005; // RFC 6455 §7.1.5: the close frame carried no code

const QByteArray kKey = QByteArrayLiteral("dGhlIHNhbXBsZSBub25jZQ==");

QList<QPair<QByteArray, QByteArray>> upgradeHeaders() {
    return {{"Host", "127.0.0.1"},
            {"Upgrade", "websocket"},
            {"Connection", "Upgrade"},
            {"Sec-WebSocket-Key", kKey},
            {"Sec-WebSocket-Version", "13"}};
}

QByteArray request(const QList<QPair<QByteArray, QByteArray>> &headers) {
    QByteArray out = "GET / HTTP/1.1\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

void appendBigEndian(QByteArray &out, quint64 value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
        out.append(char((value >> (8 * i)) & 0xff));
}

quint64 readBigEndian(const QByteArray &in, int at, int bytes) {
    quint64 value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | quint8(in.at(at + i));
    return value;
}
} // namespace

QByteArray wsFrame(const FrameSpec &spec) {
    QByteArray out;
    out.append(char((spec.fin ? 0x80 : 0) | ((spec.rsv & 0x7) << 4) | (spec.opcode & 0x0f)));
    const quint64 length = spec.announcedLength.value_or(quint64(spec.payload.size()));
    const quint8 maskBit = spec.masked ? 0x80 : 0;
    LengthForm form = spec.lengthForm;
    if (form == LengthForm::Shortest)
        form = length <= kMax7BitLength    ? LengthForm::Shortest
               : length <= kMax16BitLength ? LengthForm::Force16
                                           : LengthForm::Force64;
    if (form == LengthForm::Shortest) {
        out.append(char(maskBit | quint8(length)));
    } else if (form == LengthForm::Force16) {
        out.append(char(maskBit | kLength16));
        appendBigEndian(out, length, 2);
    } else {
        out.append(char(maskBit | kLength64));
        appendBigEndian(out, length, 8);
    }
    if (!spec.masked)
        return out + spec.payload;
    out.append(reinterpret_cast<const char *>(kMask), 4);
    QByteArray masked = spec.payload;
    for (qsizetype i = 0; i < masked.size(); ++i)
        masked[i] = char(quint8(masked[i]) ^ kMask[i % 4]);
    return out + masked;
}

QByteArray binaryFrame(const QByteArray &payload) {
    return wsFrame({.opcode = OpBinary, .payload = payload});
}

QByteArray textFrame(const QByteArray &payload) {
    return wsFrame({.opcode = OpText, .payload = payload});
}

QByteArray closePayload(quint16 code, const QByteArray &reason) {
    QByteArray out;
    appendBigEndian(out, code, 2);
    return out + reason;
}

QByteArray fragmentedMessage(quint8 opcode, const QByteArray &payload, int fragmentBytes) {
    QByteArray out;
    for (qsizetype at = 0; at < payload.size() || at == 0; at += fragmentBytes) {
        const bool last = at + fragmentBytes >= payload.size();
        out += wsFrame({.opcode = at == 0 ? opcode : quint8(OpContinuation),
                        .payload = payload.mid(at, fragmentBytes),
                        .fin = last});
        if (last)
            break;
    }
    return out;
}

QByteArray upgradeRequest() {
    return request(upgradeHeaders());
}

QByteArray upgradeRequestWithout(const QByteArray &headerName) {
    auto headers = upgradeHeaders();
    headers.removeIf(
        [&](const auto &h) { return h.first.compare(headerName, Qt::CaseInsensitive) == 0; });
    return request(headers);
}

QByteArray upgradeRequestWith(const QByteArray &headerName, const QByteArray &value) {
    auto headers = upgradeHeaders();
    bool replaced = false;
    for (auto &h : headers) {
        if (h.first.compare(headerName, Qt::CaseInsensitive) == 0) {
            h.second = value;
            replaced = true;
        }
    }
    if (!replaced)
        headers.append({headerName, value});
    return request(headers);
}

QByteArray httpGet(const QByteArray &target, const QByteArray &extraHeaders) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

int ServerFrame::closeCode() const {
    if (payload.size() < 2)
        return kNoCloseStatus;
    return int(readBigEndian(payload, 0, 2));
}

std::optional<ServerFrame> takeServerFrame(QByteArray &buffer) {
    if (buffer.size() < 2)
        return std::nullopt;
    ServerFrame frame;
    const quint8 first = quint8(buffer.at(0));
    const quint8 second = quint8(buffer.at(1));
    frame.fin = first & 0x80;
    frame.rsv = (first >> 4) & 0x7;
    frame.opcode = first & 0x0f;
    frame.masked = second & 0x80;
    int at = 2;
    quint64 length = second & 0x7f;
    if (length == kLength16) {
        if (buffer.size() < at + 2)
            return std::nullopt;
        length = readBigEndian(buffer, at, 2);
        at += 2;
    } else if (length == kLength64) {
        if (buffer.size() < at + 8)
            return std::nullopt;
        length = readBigEndian(buffer, at, 8);
        at += 8;
    }
    QByteArray mask;
    if (frame.masked) {
        if (buffer.size() < at + 4)
            return std::nullopt;
        mask = buffer.mid(at, 4);
        at += 4;
    }
    if (quint64(buffer.size() - at) < length)
        return std::nullopt;
    frame.payload = buffer.mid(at, qsizetype(length));
    for (qsizetype i = 0; frame.masked && i < frame.payload.size(); ++i)
        frame.payload[i] = char(frame.payload[i] ^ mask[i % 4]);
    buffer.remove(0, at + qsizetype(length));
    return frame;
}

std::optional<HttpAnswer> takeHttpAnswer(QByteArray &buffer, bool headRequest) {
    if (!buffer.isEmpty() && !buffer.startsWith('H'))
        return HttpAnswer{-1, {}, {}, true};
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    HttpAnswer answer;
    answer.head = buffer.left(end).toLower();
    const QList<QByteArray> lines = answer.head.split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    bool ok = false;
    answer.status = statusLine.size() >= 2 ? statusLine.at(1).toInt(&ok) : 0;
    if (!ok || !lines.first().startsWith("http/1."))
        return HttpAnswer{-1, {}, {}, true};
    qsizetype contentLength = 0;
    for (const QByteArray &line : lines) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("content-length:")) {
            contentLength = trimmed.mid(15).trimmed().toLongLong(&ok);
            if (!ok || contentLength < 0)
                return HttpAnswer{-1, {}, {}, true}; // a server answer we cannot frame
        }
        if (trimmed == "connection: close")
            answer.closeRequested = true;
    }
    if (headRequest || answer.status == 101 || answer.status == 204 || answer.status == 304)
        contentLength = 0;
    if (buffer.size() < end + 4 + contentLength)
        return std::nullopt;
    answer.body = buffer.mid(end + 4, contentLength);
    buffer.remove(0, end + 4 + contentLength);
    return answer;
}

} // namespace msgr::test::hostile
