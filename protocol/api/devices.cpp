#include "protocol/api/devices.h"

#include "protocol/api/codec.h"

namespace msgr::protocol::api {
using codec::L;

QCborMap DevicesResult::toCbor() const {
    return {{L("devices"), codec::listToCbor(devices)}};
}

std::optional<DevicesResult> DevicesResult::fromCbor(const QCborMap &map, QString *error) {
    DevicesResult d;
    if (!codec::readList(map, L("devices"), &d.devices, error))
        return std::nullopt;
    return d;
}

Decoded<ListDevices> ListDevices::decode(const QCborValue &args) {
    return codec::decodeWith<ListDevices>(args, [](MapReader &, ListDevices &) {});
}

QCborMap RevokeDevice::toCbor() const {
    return {{L("deviceId"), deviceId}};
}

Decoded<RevokeDevice> RevokeDevice::decode(const QCborValue &args) {
    return codec::decodeWith<RevokeDevice>(
        args, [](MapReader &r, RevokeDevice &v) { v.deviceId = r.requireInt(L("deviceId"), 1); });
}

} // namespace msgr::protocol::api
