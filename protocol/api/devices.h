#pragma once
//! devices.* of docs/protocol.md §5: the account's sessions. Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

struct DevicesResult {
    QList<Device> devices;

    QCborMap toCbor() const;
    static std::optional<DevicesResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const DevicesResult &, const DevicesResult &) = default;
};

struct ListDevices {
    using Result = DevicesResult;
    static constexpr QLatin1StringView method = protocol::method::DevicesList;

    QCborMap toCbor() const { return {}; }
    static Decoded<ListDevices> decode(const QCborValue &args);
    friend bool operator==(const ListDevices &, const ListDevices &) = default;
};

struct RevokeDevice {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::DevicesRevoke;
    qint64 deviceId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<RevokeDevice> decode(const QCborValue &args);
    friend bool operator==(const RevokeDevice &, const RevokeDevice &) = default;
};

} // namespace msgr::protocol::api
