#include "protocol/api/users.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"

namespace msgr::protocol::api {
using codec::L;

QCborMap UsersResult::toCbor() const {
    return {{L("users"), codec::listToCbor(users)}};
}

std::optional<UsersResult> UsersResult::fromCbor(const QCborMap &map, QString *error) {
    UsersResult u;
    if (!codec::readList(map, L("users"), &u.users, error))
        return std::nullopt;
    return u;
}

QCborMap SearchUsers::toCbor() const {
    return {{L("query"), query}, {L("limit"), limit}};
}

Decoded<SearchUsers> SearchUsers::decode(const QCborValue &args) {
    return codec::decodeWith<SearchUsers>(args, [](MapReader &r, SearchUsers &v) {
        v.query = r.requireString(L("query"), 1, kMaxUsernameChars);
        v.limit = int(r.intOr(L("limit"), kDefaultLimit, 1, kMaxUserSearchLimit));
    });
}

QCborMap GetUsers::toCbor() const {
    return {{L("ids"), codec::intsToCbor(ids)}};
}

Decoded<GetUsers> GetUsers::decode(const QCborValue &args) {
    return codec::decodeWith<GetUsers>(args, [](MapReader &r, GetUsers &v) {
        v.ids = r.requireIntArray(L("ids"), 1, kMaxUsersGet);
    });
}

} // namespace msgr::protocol::api
