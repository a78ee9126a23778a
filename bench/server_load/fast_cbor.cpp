#include "bench/server_load/fast_cbor.h"

#include "protocol/cbor_head.h"

#include <cstdint>

namespace msgr::bench {
namespace {
// CBOR (RFC 8949) major types.
constexpr int kUnsigned = 0;
constexpr int kNegative = 1;
constexpr int kBytes = 2;
constexpr int kText = 3;
constexpr int kArray = 4;
constexpr int kMap = 5;
constexpr int kTag = 6;
constexpr int kSimple = 7;
constexpr int kIndefinite = 31;
//! Nesting the scanner follows when skipping a value (frames of the protocol are shallow).
constexpr int kMaxDepth = 16;

class Reader {
public:
    Reader(const char *data, std::size_t size)
        : m_p(reinterpret_cast<const unsigned char *>(data)), m_end(m_p + size) {}

    //! One item head: major type and argument. False at the end or for an indefinite length.
    bool head(int *major, std::uint64_t *argument) {
        if (m_p >= m_end)
            return false;
        const int initial = *m_p++;
        *major = initial >> 5;
        const int info = initial & 31;
        if (info < 24) {
            *argument = std::uint64_t(info);
            return true;
        }
        if (info == kIndefinite || info > 27)
            return false;
        const int bytes = 1 << (info - 24); // 24: 1, 25: 2, 26: 4, 27: 8
        if (m_end - m_p < bytes)
            return false;
        std::uint64_t value = 0;
        for (int i = 0; i < bytes; ++i)
            value = (value << 8) | *m_p++;
        *argument = value;
        return true;
    }

    bool text(std::string_view *out) {
        int major = 0;
        std::uint64_t length = 0;
        if (!head(&major, &length) || major != kText || std::uint64_t(m_end - m_p) < length)
            return false;
        *out = std::string_view(reinterpret_cast<const char *>(m_p), std::size_t(length));
        m_p += length;
        return true;
    }

    bool integer(qint64 *out) {
        int major = 0;
        std::uint64_t value = 0;
        if (!head(&major, &value) || value > std::uint64_t(INT64_MAX))
            return false;
        if (major == kUnsigned)
            *out = qint64(value);
        else if (major == kNegative)
            *out = -1 - qint64(value);
        else
            return false;
        return true;
    }

    //! The number of pairs of a map that starts here.
    bool mapHead(std::uint64_t *pairs) {
        int major = 0;
        return head(&major, pairs) && major == kMap;
    }

    bool skip(int depth = 0) {
        if (depth > kMaxDepth)
            return false;
        int major = 0;
        std::uint64_t argument = 0;
        if (!head(&major, &argument))
            return false;
        switch (major) {
        case kUnsigned:
        case kNegative:
            return true;
        case kBytes:
        case kText:
            if (std::uint64_t(m_end - m_p) < argument)
                return false;
            m_p += argument;
            return true;
        case kArray:
            for (std::uint64_t i = 0; i < argument; ++i)
                if (!skip(depth + 1))
                    return false;
            return true;
        case kMap:
            for (std::uint64_t i = 0; i < 2 * argument; ++i)
                if (!skip(depth + 1))
                    return false;
            return true;
        case kTag:
            return skip(depth + 1);
        case kSimple:
            return true; // the argument (simple value or float bits) was read by head()
        }
        return false;
    }

private:
    const unsigned char *m_p;
    const unsigned char *m_end;
};

//! message: {id, chatId, senderId, date, text, randomId, ...}
bool scanMessage(Reader &r, ScannedFrame *out) {
    std::uint64_t pairs = 0;
    if (!r.mapHead(&pairs))
        return false;
    for (std::uint64_t i = 0; i < pairs; ++i) {
        std::string_view key;
        if (!r.text(&key))
            return false;
        if (key == "senderId") {
            if (!r.integer(&out->senderId))
                return false;
        } else if (key == "text") {
            if (!r.text(&out->text))
                return false;
        } else if (!r.skip()) {
            return false;
        }
    }
    return true;
}

//! u: {type, message, ...}
bool scanUpdate(Reader &r, ScannedFrame *out) {
    std::uint64_t pairs = 0;
    if (!r.mapHead(&pairs))
        return false;
    bool hasMessage = false;
    for (std::uint64_t i = 0; i < pairs; ++i) {
        std::string_view key;
        if (!r.text(&key))
            return false;
        if (key == "type") {
            std::string_view type;
            if (!r.text(&type))
                return false;
            out->newMessage = type == "newMessage";
        } else if (key == "message") {
            if (!scanMessage(r, out))
                return false;
            hasMessage = true;
        } else if (!r.skip()) {
            return false;
        }
    }
    if (!hasMessage)
        out->newMessage = false;
    return true;
}

void appendText(QByteArray &out, std::string_view text) {
    protocol::cbor_head::append(out, protocol::cbor_head::kText, text.size());
    out.append(text.data(), qsizetype(text.size()));
}
} // namespace

bool scanServerFrame(const char *data, std::size_t size, ScannedFrame *out) {
    *out = {};
    Reader r(data, size);
    std::uint64_t pairs = 0;
    if (!r.mapHead(&pairs))
        return false;
    for (std::uint64_t i = 0; i < pairs; ++i) {
        std::string_view key;
        if (!r.text(&key))
            return false;
        if (key == "t") {
            std::string_view type;
            if (!r.text(&type))
                return false;
            if (type == "res")
                out->type = ScannedFrame::Type::Result;
            else if (type == "err")
                out->type = ScannedFrame::Type::Error;
            else if (type == "upd")
                out->type = ScannedFrame::Type::Update;
        } else if (key == "id") {
            if (!r.integer(&out->id))
                return false;
        } else if (key == "u") {
            if (!scanUpdate(r, out))
                return false;
        } else if (!r.skip()) {
            return false;
        }
    }
    return true;
}

QByteArray encodeSendRequest(qint64 id, qint64 chatId, qint64 randomId, std::string_view text) {
    QByteArray out;
    out.reserve(qsizetype(64 + text.size()));
    protocol::cbor_head::append(out, protocol::cbor_head::kMap, 4);
    appendText(out, "t");
    appendText(out, "req");
    appendText(out, "id");
    protocol::cbor_head::appendInteger(out, id);
    appendText(out, "m");
    appendText(out, "messages.send");
    appendText(out, "a");
    protocol::cbor_head::append(out, protocol::cbor_head::kMap, 3);
    appendText(out, "chatId");
    protocol::cbor_head::appendInteger(out, chatId);
    appendText(out, "randomId");
    protocol::cbor_head::appendInteger(out, randomId);
    appendText(out, "text");
    appendText(out, text);
    return out;
}

} // namespace msgr::bench
