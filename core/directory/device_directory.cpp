#include "core/directory/device_directory.h"

#include "core/net/request_channel.h"
#include "protocol/api/devices.h"

namespace msgr::core {

DeviceDirectory::DeviceDirectory(RequestChannel *channel, QObject *parent)
    : QObject(parent), m_channel(channel) {}

void DeviceDirectory::refresh() {
    if (!m_channel->isAuthorized())
        return;
    m_channel->call(api::ListDevices{}, this, [this](const api::Reply<api::DevicesResult> &reply) {
        if (reply.ok())
            emit devicesListed(reply.value->devices);
    });
}

void DeviceDirectory::revoke(qint64 deviceId) {
    if (!m_channel->isAuthorized())
        return;
    m_channel->call(api::RevokeDevice{deviceId}, this,
                    [this](const api::Reply<api::Empty> &) { refresh(); });
}

} // namespace msgr::core
