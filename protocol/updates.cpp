#include "protocol/updates.h"

#include "protocol/api/pins.h"
#include "protocol/map_reader.h"

namespace msgr::protocol {
namespace {
using L = QLatin1StringView;

QCborMap chatPosition(const char *type, qint64 chatId, qint64 maxId) {
    return QCborMap{{L("type"), L(type)}, {L("chatId"), chatId}, {L("maxId"), maxId}};
}

template <typename T> std::optional<Update> readPosition(const QCborMap &map, QString *error) {
    MapReader r(map);
    T u;
    u.chatId = r.requireInt(L("chatId"), 1);
    u.maxId = r.requireInt(L("maxId"), 0);
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return Update{u};
}
} // namespace

QCborMap updateToCbor(const Update &update) {
    struct Visitor {
        QCborMap operator()(const NewMessageUpdate &u) const {
            return {{L("type"), L("newMessage")}, {L("message"), u.message.toCbor()}};
        }
        QCborMap operator()(const NewChatUpdate &u) const {
            return {{L("type"), L("newChat")}, {L("chat"), u.chat.toCbor()}};
        }
        QCborMap operator()(const ReadInboxUpdate &u) const {
            return chatPosition("readInbox", u.chatId, u.maxId);
        }
        QCborMap operator()(const ReadOutboxUpdate &u) const {
            return chatPosition("readOutbox", u.chatId, u.maxId);
        }
        QCborMap operator()(const DeliveredUpdate &u) const {
            return chatPosition("delivered", u.chatId, u.maxId);
        }
        QCborMap operator()(const PinnedChatsUpdate &u) const {
            QCborArray ids;
            for (qint64 id : u.chatIds)
                ids.append(id);
            return {{L("type"), L("pinnedChats")}, {L("chatIds"), ids}};
        }
        QCborMap operator()(const UnknownUpdate &u) const { return {{L("type"), u.type}}; }
    };
    return std::visit(Visitor{}, update);
}

std::optional<Update> updateFromCbor(const QCborMap &map, QString *error) {
    const QCborValue typeValue = map.value(L("type"));
    if (!typeValue.isString()) {
        if (error)
            *error = QStringLiteral("update without a text 'type'");
        return std::nullopt;
    }
    const QString type = typeValue.toString();
    if (type == L("newMessage") || type == L("newChat")) {
        MapReader r(map);
        const QCborMap inner = r.requireMap(type == L("newMessage") ? L("message") : L("chat"));
        if (!r.ok()) {
            if (error)
                *error = r.error();
            return std::nullopt;
        }
        if (type == L("newMessage")) {
            auto m = Message::fromCbor(inner, error);
            return m ? std::optional<Update>(NewMessageUpdate{*m}) : std::nullopt;
        }
        auto c = Chat::fromCbor(inner, error);
        return c ? std::optional<Update>(NewChatUpdate{*c}) : std::nullopt;
    }
    if (type == L("readInbox"))
        return readPosition<ReadInboxUpdate>(map, error);
    if (type == L("readOutbox"))
        return readPosition<ReadOutboxUpdate>(map, error);
    if (type == L("delivered"))
        return readPosition<DeliveredUpdate>(map, error);
    if (type == L("pinnedChats")) {
        MapReader r(map);
        PinnedChatsUpdate u{r.requireIntArray(L("chatIds"), 0, api::kMaxPinnedChats)};
        if (!r.ok()) {
            if (error)
                *error = r.error();
            return std::nullopt;
        }
        return Update{u};
    }
    return Update{UnknownUpdate{type}};
}

} // namespace msgr::protocol
