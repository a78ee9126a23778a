#include "api_requests.h"

#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <QCborArray>

namespace msgr::core::api {
namespace {
using L = QLatin1StringView;

// A list of objects under `key`; the first malformed element fails the whole answer.
template <typename T> bool readList(const QCborMap &map, L key, QList<T> *out, QString *error) {
    const QCborValue value = map.value(key);
    if (!value.isArray()) {
        if (error)
            *error = QStringLiteral("'%1' is not an array").arg(key);
        return false;
    }
    const QCborArray array = value.toArray();
    out->reserve(array.size());
    for (const QCborValue &item : array) {
        std::optional<T> parsed = T::fromCbor(item.toMap(), error);
        if (!parsed)
            return false;
        out->append(*parsed);
    }
    return true;
}

template <typename T> std::optional<T> done(const protocol::MapReader &r, T v, QString *error) {
    if (r.ok())
        return v;
    if (error)
        *error = r.error();
    return std::nullopt;
}
} // namespace

std::optional<AuthResult> AuthResult::fromCbor(const QCborMap &map, QString *error) {
    protocol::MapReader r(map);
    AuthResult a;
    a.userId = r.requireInt(L("userId"), 1);
    a.deviceId = r.requireInt(L("deviceId"), 1);
    a.token = r.stringOr(L("token"), {}, 256);
    a.pts = r.requireInt(L("pts"), 0);
    return done(r, a, error);
}

std::optional<PtsResult> PtsResult::fromCbor(const QCborMap &map, QString *error) {
    protocol::MapReader r(map);
    PtsResult p;
    p.pts = r.intOr(L("pts"), 0, 0);
    return done(r, p, error);
}

std::optional<DevicesResult> DevicesResult::fromCbor(const QCborMap &map, QString *error) {
    DevicesResult d;
    if (!readList(map, L("devices"), &d.devices, error))
        return std::nullopt;
    return d;
}

std::optional<UsersResult> UsersResult::fromCbor(const QCborMap &map, QString *error) {
    UsersResult u;
    if (!readList(map, L("users"), &u.users, error))
        return std::nullopt;
    return u;
}

std::optional<ChatResult> ChatResult::fromCbor(const QCborMap &map, QString *error) {
    protocol::MapReader r(map);
    ChatResult c;
    std::optional<protocol::Chat> chat = protocol::Chat::fromCbor(r.requireMap(L("chat")), error);
    c.pts = r.intOr(L("pts"), 0, 0);
    if (!chat)
        return std::nullopt;
    c.chat = *chat;
    return done(r, c, error);
}

std::optional<ChatsResult> ChatsResult::fromCbor(const QCborMap &map, QString *error) {
    protocol::MapReader r(map);
    ChatsResult c;
    c.pts = r.requireInt(L("pts"), 0);
    if (!r.ok())
        return done(r, c, error);
    if (!readList(map, L("chats"), &c.chats, error))
        return std::nullopt;
    return c;
}

std::optional<SendResult> SendResult::fromCbor(const QCborMap &map, QString *error) {
    protocol::MapReader r(map);
    SendResult s;
    std::optional<protocol::Message> message =
        protocol::Message::fromCbor(r.requireMap(L("message")), error);
    s.pts = r.intOr(L("pts"), 0, 0);
    s.duplicate = r.boolOr(L("duplicate"), false);
    if (!message)
        return std::nullopt;
    s.message = *message;
    return done(r, s, error);
}

std::optional<MessagesResult> MessagesResult::fromCbor(const QCborMap &map, QString *error) {
    MessagesResult m;
    if (!readList(map, L("messages"), &m.messages, error))
        return std::nullopt;
    const QCborValue final = map.value(L("final"));
    if (final.isBool())
        m.final = final.toBool();
    else if (!final.isUndefined()) {
        if (error)
            *error = QStringLiteral("'final' must be a boolean");
        return std::nullopt;
    }
    return m;
}

std::optional<DifferenceResult> DifferenceResult::fromCbor(const QCborMap &map, QString *error) {
    protocol::MapReader r(map);
    DifferenceResult d;
    d.pts = r.requireInt(L("pts"), 0);
    d.tooLong = r.boolOr(L("tooLong"), false);
    d.final = r.boolOr(L("final"), true);
    if (!r.ok())
        return done(r, d, error);
    if (d.tooLong)
        return d;
    // A missing or mistyped list is a malformed answer, not an empty difference: treating it as
    // empty would let a broken server move the client's pts past updates it never delivered.
    const QCborArray updates = r.requireArray(L("updates"), protocol::kMaxDifferenceSlice);
    if (!r.ok())
        return done(r, d, error);
    d.updates.reserve(updates.size());
    for (const QCborValue &item : updates) {
        protocol::MapReader u(item.toMap());
        protocol::LoggedUpdate logged;
        logged.pts = u.requireInt(L("pts"), 1);
        const QCborMap body = u.requireMap(L("u"));
        if (!u.ok())
            return done(u, d, error);
        std::optional<protocol::Update> update = protocol::updateFromCbor(body, error);
        if (!update)
            return std::nullopt;
        logged.update = *update;
        d.updates.append(logged);
    }
    return d;
}

QCborMap SignUp::args() const {
    QCborMap a{{L("username"), username}, {L("password"), password}, {L("deviceName"), deviceName}};
    if (!displayName.isEmpty())
        a.insert(L("displayName"), displayName);
    return a;
}

QCborMap LogIn::args() const {
    return {{L("username"), username}, {L("password"), password}, {L("deviceName"), deviceName}};
}

QCborMap Resume::args() const {
    return {{L("token"), token}};
}

QCborMap RevokeDevice::args() const {
    return {{L("deviceId"), deviceId}};
}

QCborMap SearchUsers::args() const {
    return {{L("query"), query}, {L("limit"), limit}};
}

QCborMap GetUsers::args() const {
    QCborArray array;
    for (qint64 id : ids)
        array.append(id);
    return {{L("ids"), array}};
}

QCborMap OpenPrivateChat::args() const {
    return {{L("userId"), userId}};
}

QCborMap SendMessage::args() const {
    return {{L("chatId"), chatId}, {L("randomId"), randomId}, {L("text"), text}};
}

QCborMap GetHistory::args() const {
    return {{L("chatId"), chatId}, {L("beforeId"), beforeId}, {L("limit"), limit}};
}

QCborMap MarkReceived::args() const {
    return {{L("chatId"), chatId}, {L("maxId"), maxId}};
}

QCborMap MarkRead::args() const {
    return {{L("chatId"), chatId}, {L("maxId"), maxId}};
}

QCborMap GetDifference::args() const {
    return {{L("pts"), pts}, {L("limit"), limit}};
}

} // namespace msgr::core::api
