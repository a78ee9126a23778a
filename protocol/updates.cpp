#include "protocol/updates.h"

#include "protocol/map_reader.h"

#include <type_traits>

namespace msgr::protocol {
namespace {
using L = QLatin1StringView;

template <typename T> constexpr bool kIsUnknown = std::is_same_v<T, UnknownUpdate>;

//! Decodes `map` as the variant's alternative whose wire type is `type`; nullopt in `matched`
//! when none is (then it is an UnknownUpdate).
template <typename... Ts>
std::optional<Update> decodeKnown(std::variant<Ts...> *, const QString &type, const QCborMap &map,
                                  QString *error, bool *matched) {
    std::optional<Update> out;
    auto tryOne = [&](auto *tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        if constexpr (!kIsUnknown<T>) {
            if (!*matched && type == T::type) {
                *matched = true;
                if (std::optional<T> u = T::fromFields(map, error))
                    out = Update{std::move(*u)};
            }
        }
    };
    (tryOne(static_cast<Ts *>(nullptr)), ...);
    return out;
}

//! An update that wraps one object under `key` (a message, a chat).
template <typename U, typename Inner>
std::optional<U> wrapping(const QCborMap &map, QLatin1StringView key, QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(key);
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<Inner> value = Inner::fromCbor(inner, error);
    return value ? std::optional<U>(U{*value}) : std::nullopt;
}
} // namespace

QCborMap NewMessageUpdate::fields() const {
    return {{L("message"), message.toCbor()}};
}

std::optional<NewMessageUpdate> NewMessageUpdate::fromFields(const QCborMap &map, QString *error) {
    return wrapping<NewMessageUpdate, Message>(map, L("message"), error);
}

QCborMap NewChatUpdate::fields() const {
    return {{L("chat"), chat.toCbor()}};
}

std::optional<NewChatUpdate> NewChatUpdate::fromFields(const QCborMap &map, QString *error) {
    return wrapping<NewChatUpdate, Chat>(map, L("chat"), error);
}

template <typename Tag>
std::optional<ChatPositionUpdate<Tag>> ChatPositionUpdate<Tag>::fromFields(const QCborMap &map,
                                                                           QString *error) {
    MapReader r(map);
    ChatPositionUpdate u;
    u.chatId = r.requireInt(L("chatId"), 1);
    u.maxId = r.requireInt(L("maxId"), 0);
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return u;
}

template struct ChatPositionUpdate<ReadInboxTag>;
template struct ChatPositionUpdate<ReadOutboxTag>;
template struct ChatPositionUpdate<DeliveredTag>;

QCborMap updateToCbor(const Update &update) {
    return std::visit(
        [](const auto &u) {
            using T = std::decay_t<decltype(u)>;
            if constexpr (kIsUnknown<T>) {
                return QCborMap{{L("type"), u.type}};
            } else {
                QCborMap map = u.fields();
                map.insert(L("type"), T::type);
                return map;
            }
        },
        update);
}

std::optional<Update> updateFromCbor(const QCborMap &map, QString *error) {
    const QCborValue typeValue = map.value(L("type"));
    if (!typeValue.isString()) {
        if (error)
            *error = QStringLiteral("update without a text 'type'");
        return std::nullopt;
    }
    const QString type = typeValue.toString();
    bool matched = false;
    std::optional<Update> known =
        decodeKnown(static_cast<Update *>(nullptr), type, map, error, &matched);
    if (matched)
        return known;
    return Update{UnknownUpdate{type}};
}

} // namespace msgr::protocol
