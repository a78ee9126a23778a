#include "protocol/api/sync.h"

#include "protocol/api/codec.h"

namespace msgr::protocol::api {
using codec::L;

QCborMap loggedUpdateToCbor(const LoggedUpdate &logged) {
    return {{L("pts"), logged.pts}, {L("u"), updateToCbor(logged.update)}};
}

QCborMap DifferenceResult::toCbor() const {
    if (tooLong)
        return {{L("tooLong"), true}, {L("pts"), pts}};
    QCborArray items;
    for (const LoggedUpdate &u : updates)
        items.append(loggedUpdateToCbor(u));
    return {{L("updates"), items}, {L("pts"), pts}, {L("final"), final}};
}

std::optional<DifferenceResult> DifferenceResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    DifferenceResult d;
    d.pts = r.requireInt(L("pts"), 0);
    d.tooLong = r.boolOr(L("tooLong"), false);
    d.final = r.boolOr(L("final"), true);
    if (!r.ok())
        return codec::finish(r, d, error);
    if (d.tooLong)
        return DifferenceResult{{}, d.pts, true, true}; // nothing but pts counts then
    // A missing or mistyped list is a malformed answer, not an empty difference: treating it as
    // empty would let a broken server move the client's pts past updates it never delivered.
    const QCborArray updates = r.requireArray(L("updates"), kMaxDifferenceSlice);
    if (!r.ok())
        return codec::finish(r, d, error);
    d.updates.reserve(updates.size());
    for (const auto &item : updates) { // QCborValueConstRef: no QCborValue per item
        MapReader u(item.toMap());
        LoggedUpdate logged;
        logged.pts = u.requireInt(L("pts"), 1);
        const QCborMap body = u.requireMap(L("u"));
        if (!u.ok())
            return codec::finish(u, d, error);
        std::optional<Update> update = updateFromCbor(body, error);
        if (!update)
            return std::nullopt;
        logged.update = *update;
        d.updates.append(logged);
    }
    return d;
}

QCborMap PongResult::toCbor() const {
    return {{L("time"), time}};
}

std::optional<PongResult> PongResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    PongResult p;
    p.time = r.requireInt(L("time"));
    return codec::finish(r, p, error);
}

Decoded<GetState> GetState::decode(const QCborValue &args) {
    return codec::decodeWith<GetState>(args, [](MapReader &, GetState &) {});
}

QCborMap GetDifference::toCbor() const {
    // The default limit is left out: the server applies its own cap, so a client built with a
    // larger kMaxDifferenceSlice still works against a server with a smaller one (500 before).
    if (limit == kMaxDifferenceSlice)
        return {{L("pts"), pts}};
    return {{L("pts"), pts}, {L("limit"), limit}};
}

Decoded<GetDifference> GetDifference::decode(const QCborValue &args) {
    return codec::decodeWith<GetDifference>(args, [](MapReader &r, GetDifference &v) {
        v.pts = r.requireInt(L("pts"), 0);
        v.limit = int(r.intOr(L("limit"), kMaxDifferenceSlice, 1, kMaxDifferenceSlice));
    });
}

Decoded<Ping> Ping::decode(const QCborValue &args) {
    return codec::decodeWith<Ping>(args, [](MapReader &, Ping &) {});
}

} // namespace msgr::protocol::api
