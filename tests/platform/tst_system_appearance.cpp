// The desktop's light/dark choice through the freedesktop portal (platform/linux/): answered at
// start, followed when the user switches, other settings ignored. Runs in a private D-Bus
// session (dbus-run-session) where this test owns org.freedesktop.portal.Desktop on a
// connection of its own: a real portal needs a desktop session, which a build machine lacks.
#include "platform/system_appearance.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QSignalSpy>
#include <QTest>

using msgr::platform::SystemAppearance;
using Scheme = SystemAppearance::Scheme;

namespace {

constexpr int kTimeoutMs = 10'000;
const QString kPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kNamespace = QStringLiteral("org.freedesktop.appearance");

// The portal's Settings interface as xdg-desktop-portal serves it (version 1: Read wraps the
// value in one more variant).
class FakePortalSettings : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")
public:
    uint colorScheme = 0;

public slots:
    QDBusVariant Read(const QString &nameSpace, const QString &key) {
        if (nameSpace != kNamespace || key != QLatin1String("color-scheme"))
            return QDBusVariant(QVariant::fromValue(QDBusVariant(QString())));
        return QDBusVariant(QVariant::fromValue(QDBusVariant(colorScheme)));
    }
};

} // namespace

class TstSystemAppearance : public QObject {
    Q_OBJECT
    QDBusConnection m_portalBus{QStringLiteral("none")};
    FakePortalSettings m_portal;

    void announce(const QString &nameSpace, const QString &key, uint value) {
        QDBusMessage changed =
            QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("SettingChanged"));
        changed << nameSpace << key << QVariant::fromValue(QDBusVariant(value));
        QVERIFY(m_portalBus.send(changed));
    }

private slots:
    void initTestCase() {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "run inside dbus-run-session");
        m_portalBus =
            QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("portal"));
        QVERIFY(m_portalBus.isConnected());
        QVERIFY(m_portalBus.registerObject(kPath, &m_portal, QDBusConnection::ExportAllSlots));
        QVERIFY(m_portalBus.registerService(QStringLiteral("org.freedesktop.portal.Desktop")));
    }

    void darkDesktopAtStartIsReported() {
        m_portal.colorScheme = 1;
        const auto appearance = msgr::platform::createSystemAppearance();
        QSignalSpy changed(appearance.get(), &SystemAppearance::schemeChanged);
        QVERIFY(changed.wait(kTimeoutMs));
        QCOMPARE(appearance->scheme(), Scheme::Dark);
    }

    void switchingTheDesktopIsFollowed() {
        m_portal.colorScheme = 2;
        const auto appearance = msgr::platform::createSystemAppearance();
        QSignalSpy changed(appearance.get(), &SystemAppearance::schemeChanged);
        QVERIFY(changed.wait(kTimeoutMs));
        QCOMPARE(appearance->scheme(), Scheme::Light);

        // Another setting of the same namespace changes nothing; the colour scheme does.
        announce(kNamespace, QStringLiteral("accent-color"), 1);
        announce(kNamespace, QStringLiteral("color-scheme"), 1);
        QVERIFY(changed.wait(kTimeoutMs));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(appearance->scheme(), Scheme::Dark);

        // "No preference" hands the choice back to the palette.
        announce(kNamespace, QStringLiteral("color-scheme"), 0);
        QVERIFY(changed.wait(kTimeoutMs));
        QCOMPARE(appearance->scheme(), Scheme::Unknown);
    }
};

QTEST_GUILESS_MAIN(TstSystemAppearance)

#include "tst_system_appearance.moc"
