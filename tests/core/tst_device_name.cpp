// The name a device gets in the account's device list: the user tells their sessions apart by
// it (before, every device was "Messenger Qt").
#include "core/account/device_name.h"
#include "protocol/limits.h"

#include <QTest>

using msgr::core::deviceNameFor;

class TstDeviceName : public QObject {
    Q_OBJECT
private slots:
    void hostAndSystem() {
        QCOMPARE(deviceNameFor(QStringLiteral("workstation"),
                               QStringLiteral("Debian GNU/Linux 12 (bookworm)")),
                 QStringLiteral("workstation \u00b7 Debian GNU/Linux 12 (bookworm)"));
    }

    void whatIsKnownWhenOneIsMissing() {
        QCOMPARE(deviceNameFor(QString(), QStringLiteral("Windows 11")),
                 QStringLiteral("Windows 11"));
        QCOMPARE(deviceNameFor(QStringLiteral("  laptop\n"), QString()), QStringLiteral("laptop"));
        QCOMPARE(deviceNameFor(QString(), QStringLiteral(" ")), QStringLiteral("Messenger"));
    }

    // The server refuses a name over 64 characters (docs/protocol.md): a long host name is cut,
    // never inside a character that needs two UTF-16 units.
    void cutToTheProtocolsLimit() {
        const QString emoji = QStringLiteral("\U0001F600");
        const QString host = QString(msgr::protocol::kMaxDeviceNameChars - 1, QLatin1Char('h')) +
                             emoji + QStringLiteral("tail");
        const QString name = deviceNameFor(host, QStringLiteral("Linux"));
        QCOMPARE(name.size(), msgr::protocol::kMaxDeviceNameChars - 1);
        QVERIFY(!name.back().isHighSurrogate());
        const QString plain = deviceNameFor(QString(100, QLatin1Char('x')), QString());
        QCOMPARE(plain.size(), msgr::protocol::kMaxDeviceNameChars);
    }

    void thisMachineHasAValidName() {
        const QString name = msgr::core::defaultDeviceName();
        QVERIFY(!name.isEmpty());
        QVERIFY(name.size() <= msgr::protocol::kMaxDeviceNameChars);
    }
};

QTEST_GUILESS_MAIN(TstDeviceName)
#include "tst_device_name.moc"
