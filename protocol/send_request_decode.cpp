#include "protocol/send_request_decode.h"

#include "protocol/limits.h"
#include "protocol/methods.h"

#include <QCborStreamReader>

#include <cstring>
#include <limits>

namespace msgr::protocol {
namespace {
using L = QLatin1StringView;

//! Longer than every key and word this decoder compares ("messages.send" is 13 bytes).
constexpr qsizetype kMaxWordBytes = 16;

//! A short text string (a key, `t`, `m`), its UTF-8 bytes copied out without an allocation.
struct Word {
    char bytes[kMaxWordBytes];
    qsizetype size = 0;
    bool is(QLatin1StringView expected) const {
        return expected.size() == size && std::memcmp(bytes, expected.data(), size_t(size)) == 0;
    }
};

//! Reads a definite-length text string of at most kMaxWordBytes bytes and moves past it. False
//! for anything else or an error: the frame is then left to the general decoder. (The bytes are
//! not checked as UTF-8: they are only ever compared with ASCII words.)
bool readWord(QCborStreamReader &reader, Word &word) {
    if (!reader.isString() || !reader.isLengthKnown() || reader.length() > quint64(kMaxWordBytes))
        return false;
    // A definite-length string is one chunk, then the end of the string (which moves on).
    QCborStreamReader::StringResult<qsizetype> chunk =
        reader.readStringChunk(word.bytes, kMaxWordBytes);
    word.size = 0;
    // At most the one chunk and the end: a definite-length string is not split.
    for (int step = 0; chunk.status == QCborStreamReader::Ok && step < 2; ++step) {
        word.size += chunk.data;
        chunk = reader.readStringChunk(word.bytes + word.size, kMaxWordBytes - word.size);
    }
    return chunk.status == QCborStreamReader::EndOfString &&
           reader.lastError() == QCborError::NoError;
}

//! Reads an integer that QCborValue would hold as an integer (within qint64; larger magnitudes
//! become doubles there, which the general decoder refuses) and moves past it.
std::optional<qint64> readInteger(QCborStreamReader &reader) {
    qint64 value = 0;
    if (reader.isUnsignedInteger()) {
        const quint64 raw = reader.toUnsignedInteger();
        if (raw > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        value = qint64(raw);
    } else if (reader.isNegativeInteger()) {
        // The magnitude, 1..2^64 (0 stands for 2^64); qint64 reaches -2^63.
        const auto magnitude = quint64(reader.toNegativeInteger());
        if (magnitude == 0 || magnitude > quint64(std::numeric_limits<qint64>::max()) + 1)
            return std::nullopt;
        value = -qint64(magnitude - 1) - 1;
    } else {
        return std::nullopt;
    }
    if (!reader.next())
        return std::nullopt;
    return value;
}

//! Reads a definite-length text string of 1..kMaxTextChars characters (UTF-16 code units,
//! as MapReader counts) and moves past it; nullopt for anything else, invalid UTF-8 included.
std::optional<QString> readText(QCborStreamReader &reader) {
    if (!reader.isString() || !reader.isLengthKnown())
        return std::nullopt;
    QCborStreamReader::StringResult<QString> chunk = reader.readString();
    QString text = std::move(chunk.data);
    while (chunk.status == QCborStreamReader::Ok) {
        chunk = reader.readString();
        text += chunk.data;
    }
    if (chunk.status != QCborStreamReader::EndOfString || reader.lastError() != QCborError::NoError)
        return std::nullopt;
    if (text.isEmpty() || text.size() > kMaxTextChars)
        return std::nullopt;
    return text;
}

//! The arguments map: chatId ≥ 1, randomId ≠ 0, text, and replyToId ≥ 1 when present; each
//! key once, no other key.
bool readArguments(QCborStreamReader &reader, api::SendMessage &args) {
    if (!reader.isMap() || !reader.isLengthKnown() || reader.length() < 3 || reader.length() > 4 ||
        !reader.enterContainer())
        return false;
    enum : unsigned { ChatId = 1, RandomId = 2, Text = 4, ReplyToId = 8 };
    unsigned seen = 0;
    while (reader.hasNext()) {
        Word key;
        if (!readWord(reader, key))
            return false;
        unsigned field = 0;
        std::optional<qint64> number;
        if (key.is(L("chatId"))) {
            field = ChatId;
            number = readInteger(reader);
            if (!number || *number < 1)
                return false;
            args.chatId = *number;
        } else if (key.is(L("randomId"))) {
            field = RandomId;
            number = readInteger(reader);
            if (!number || *number == 0)
                return false;
            args.randomId = *number;
        } else if (key.is(L("text"))) {
            field = Text;
            std::optional<QString> text = readText(reader);
            if (!text)
                return false;
            args.text = std::move(*text);
        } else if (key.is(L("replyToId"))) {
            field = ReplyToId;
            number = readInteger(reader);
            if (!number || *number < 1)
                return false;
            args.replyToId = *number;
        } else {
            return false;
        }
        if ((seen & field) != 0)
            return false; // a repeated key: QCborMap keeps both; let the general path decide
        seen |= field;
    }
    return (seen & (ChatId | RandomId | Text)) == (ChatId | RandomId | Text) &&
           reader.leaveContainer();
}

} // namespace

std::optional<SendRequestFrame> decodeSendRequestFrame(QByteArrayView frame) {
    if (frame.size() > kMaxFrameBytes)
        return std::nullopt;
    QCborStreamReader reader(frame.data(), frame.size());
    if (!reader.isMap() || !reader.isLengthKnown() || reader.length() != 4 ||
        !reader.enterContainer())
        return std::nullopt;
    enum : unsigned { Type = 1, Id = 2, Method = 4, Args = 8 };
    unsigned seen = 0;
    SendRequestFrame request;
    while (reader.hasNext()) {
        Word key;
        if (!readWord(reader, key))
            return std::nullopt;
        unsigned field = 0;
        if (key.is(L("t"))) {
            field = Type;
            Word type;
            if (!readWord(reader, type) || !type.is(L("req")))
                return std::nullopt;
        } else if (key.is(L("id"))) {
            field = Id;
            const std::optional<qint64> id = readInteger(reader);
            if (!id || *id < 1)
                return std::nullopt;
            request.id = *id;
        } else if (key.is(L("m"))) {
            field = Method;
            Word name;
            if (!readWord(reader, name) || !name.is(method::MessagesSend))
                return std::nullopt;
        } else if (key.is(L("a"))) {
            field = Args;
            if (!readArguments(reader, request.args))
                return std::nullopt;
        } else {
            return std::nullopt;
        }
        if ((seen & field) != 0)
            return std::nullopt;
        seen |= field;
    }
    // All four keys (the map has four entries, none repeated), the map closed, nothing after it.
    if (seen != (Type | Id | Method | Args) || !reader.leaveContainer() ||
        reader.lastError() != QCborError::NoError || reader.currentOffset() != frame.size())
        return std::nullopt;
    return request;
}

} // namespace msgr::protocol
