#pragma once
//! updates.* and ping of docs/protocol.md §5, §6: the user's log position and its difference.
//! Plain values, thread-safe.
#include "protocol/api/messages.h" // PtsResult
#include "protocol/api/reply.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "protocol/updates.h"

#include <QCborValue>

namespace msgr::protocol::api {

struct DifferenceResult {
    QList<LoggedUpdate> updates;
    qint64 pts = 0;
    bool final = true;    // false: ask again from pts for the next slice
    bool tooLong = false; // the gap is too long to replay: reload the state (updates is empty)

    QCborMap toCbor() const;
    static std::optional<DifferenceResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const DifferenceResult &, const DifferenceResult &) = default;
};

//! One entry of DifferenceResult::updates as it goes on the wire ({pts, u}).
QCborMap loggedUpdateToCbor(const LoggedUpdate &logged);

struct PongResult {
    qint64 time = 0; // the server's clock, ms since the Unix epoch

    QCborMap toCbor() const;
    static std::optional<PongResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const PongResult &, const PongResult &) = default;
};

struct GetState {
    using Result = PtsResult;
    static constexpr QLatin1StringView method = protocol::method::UpdatesGetState;

    QCborMap toCbor() const { return {}; }
    static Decoded<GetState> decode(const QCborValue &args);
    friend bool operator==(const GetState &, const GetState &) = default;
};

struct GetDifference {
    using Result = DifferenceResult;
    static constexpr QLatin1StringView method = protocol::method::UpdatesGetDifference;
    qint64 pts = 0;                  // ≥ 0: the updates after this one
    int limit = kMaxDifferenceSlice; // 1..kMaxDifferenceSlice

    QCborMap toCbor() const;
    static Decoded<GetDifference> decode(const QCborValue &args);
    friend bool operator==(const GetDifference &, const GetDifference &) = default;
};

struct Ping {
    using Result = PongResult;
    static constexpr QLatin1StringView method = protocol::method::Ping;

    QCborMap toCbor() const { return {}; }
    static Decoded<Ping> decode(const QCborValue &args);
    friend bool operator==(const Ping &, const Ping &) = default;
};

} // namespace msgr::protocol::api
