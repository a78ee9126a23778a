#include "protocol/api/readers.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;

QString readerStateName(ReaderState state) {
    switch (state) {
    case ReaderState::Sent:
        return QStringLiteral("sent");
    case ReaderState::Delivered:
        return QStringLiteral("delivered");
    case ReaderState::Read:
        return QStringLiteral("read");
    }
    return QStringLiteral("sent");
}

std::optional<ReaderState> readerStateFromName(const QString &name) {
    for (const ReaderState s : {ReaderState::Sent, ReaderState::Delivered, ReaderState::Read}) {
        if (readerStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

QCborMap MessageReader::toCbor() const {
    return {{L("userId"), userId}, {L("state"), readerStateName(state)}, {L("at"), at}};
}

std::optional<MessageReader> MessageReader::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    MessageReader reader;
    reader.userId = r.requireInt(L("userId"), 1);
    const QString state = r.requireString(L("state"), 1, 16);
    reader.at = r.requireInt(L("at"), 0);
    if (r.ok()) {
        if (const std::optional<ReaderState> parsed = readerStateFromName(state))
            reader.state = *parsed;
        else
            r.fail(ErrorCode::BadRequest, QStringLiteral("state is sent, delivered or read"));
    }
    return codec::finish(r, reader, error);
}

QCborMap ReadersResult::toCbor() const {
    return {{L("readers"), codec::listToCbor(readers)}};
}

std::optional<ReadersResult> ReadersResult::fromCbor(const QCborMap &map, QString *error) {
    ReadersResult result;
    if (!codec::readList(map, L("readers"), &result.readers, error))
        return std::nullopt;
    if (result.readers.size() >= kMaxReadListMembers) {
        if (error)
            *error = QStringLiteral("more readers than a read list has");
        return std::nullopt;
    }
    return result;
}

QCborMap GetMessageReaders::toCbor() const {
    return {{L("chatId"), chatId}, {L("messageId"), messageId}};
}

Decoded<GetMessageReaders> GetMessageReaders::decode(const QCborValue &args) {
    return codec::decodeWith<GetMessageReaders>(args, [](MapReader &r, GetMessageReaders &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.messageId = r.requireInt(L("messageId"), 1);
    });
}

} // namespace msgr::protocol::api
