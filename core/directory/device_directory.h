#pragma once
//! The account's signed-in devices: listed for the devices page, and revoked (signed out
//! remotely) on the user's word.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "protocol/objects.h"

#include <QObject>

namespace msgr::core {

class RequestChannel;

class DeviceDirectory : public QObject {
    Q_OBJECT
public:
    //! `channel` must outlive the directory.
    explicit DeviceDirectory(RequestChannel *channel, QObject *parent = nullptr);

    //! devicesListed() follows when the server answers (nothing while signed out).
    void refresh();
    //! Revokes the device, then lists the devices again.
    void revoke(qint64 deviceId);

signals:
    void devicesListed(const QList<msgr::protocol::Device> &devices);

private:
    RequestChannel *m_channel;
};

} // namespace msgr::core
