#include "core/account/device_name.h"

#include "protocol/limits.h"

#include <QSysInfo>

namespace msgr::core {

QString deviceNameFor(const QString &hostName, const QString &systemName) {
    const QString host = hostName.simplified();
    const QString system = systemName.simplified();
    QString name = host.isEmpty()     ? system
                   : system.isEmpty() ? host
                                      : QStringLiteral("%1 \u00b7 %2").arg(host, system);
    if (name.isEmpty())
        return QStringLiteral("Messenger");
    if (name.size() > protocol::kMaxDeviceNameChars) {
        qsizetype cut = protocol::kMaxDeviceNameChars;
        if (name.at(cut - 1).isHighSurrogate())
            --cut; // never half a character
        name.truncate(cut);
    }
    return name;
}

QString defaultDeviceName() {
    return deviceNameFor(QSysInfo::machineHostName(), QSysInfo::prettyProductName());
}

} // namespace msgr::core
