#pragma once
//! users.* of docs/protocol.md §5: search by username prefix, profiles by id. Plain values,
//! thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

struct UsersResult {
    QList<User> users;

    QCborMap toCbor() const;
    static std::optional<UsersResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const UsersResult &, const UsersResult &) = default;
};

struct SearchUsers {
    using Result = UsersResult;
    static constexpr QLatin1StringView method = protocol::method::UsersSearch;
    static constexpr int kDefaultLimit = 20; // when the request leaves `limit` out
    QString query;                           // 1..32 characters
    int limit = kDefaultLimit;               // 1..kMaxUserSearchLimit

    QCborMap toCbor() const;
    static Decoded<SearchUsers> decode(const QCborValue &args);
    friend bool operator==(const SearchUsers &, const SearchUsers &) = default;
};

struct GetUsers {
    using Result = UsersResult;
    static constexpr QLatin1StringView method = protocol::method::UsersGet;
    QList<qint64> ids; // 1..kMaxUsersGet

    QCborMap toCbor() const;
    static Decoded<GetUsers> decode(const QCborValue &args);
    friend bool operator==(const GetUsers &, const GetUsers &) = default;
};

} // namespace msgr::protocol::api
