// The settings page through the real Main.qml over a real client (issue 11, item 4): opened
// from the chat list's menu as a user would; the theme choice recolours the window at once and
// is kept for the next start; "same as the system" follows the desktop; the language switches
// the interface while the page is open; the notification switches are kept; the proxy form
// refuses an empty host and a port out of range with their reasons and applies a valid proxy.
// Preferences go to an INI file in a temporary directory, saved off the GUI thread (awaited through
// `saved`).
//
// No server: the stored session signs in offline, as in tst_qml_big_ids.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/context/core_context.h"
#include "core/media/storage_usage.h"
#include "core/preferences/ui_preferences.h"
#include "core/presence/presence.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"
#include "translations/ui_translations.h"

#include <QColor>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;

namespace {

constexpr int kTimeoutMs = 20'000;
const QColor kLightWindow(QStringLiteral("#ffffff"));
const QColor kDarkWindow(QStringLiteral("#17212b"));

} // namespace

class TstSettingsPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_settingsPath;
    std::unique_ptr<core::UiPreferences> m_preferences;
    std::unique_ptr<QSignalSpy> m_saved;
    std::unique_ptr<translations::UiTranslations> m_translations;
    std::unique_ptr<app::ClientRoot> m_client;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QQuickWindow> m_window;

    //! A visible item of the window (popups included: they live in its overlay).
    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    //! Clicks the middle of `name` once it is shown; false when it never is.
    bool click(const QString &name) {
        if (!QTest::qWaitFor([&] { return item(name) != nullptr; }, kTimeoutMs))
            return false;
        QQuickItem *target = item(name);
        // Popups animate in: click once the item has its size.
        if (!QTest::qWaitFor([&] { return target->width() > 0 && target->height() > 0; },
                             kTimeoutMs))
            return false;
        // Press where the item is once it has stopped moving (a layout pass may still be due).
        const auto centreNow = [target] {
            return target->mapToScene({target->width() / 2, target->height() / 2});
        };
        QPointF centre = centreNow();
        for (int settled = 0, turns = 0; settled < 3 && turns < 100; ++turns) {
            QTest::qWait(20);
            const QPointF now = centreNow();
            settled = now == centre ? settled + 1 : 0;
            centre = now;
        }
        QTest::mousePress(m_window.get(), Qt::LeftButton, {}, centre.toPoint());
        QTest::mouseRelease(m_window.get(), Qt::LeftButton, {}, centre.toPoint(), 50);
        return true;
    }
    //! Scrolls the page so that `name` is in the window (the page is taller than it); the
    //! flickable scrolled, or null.
    QQuickItem *scrollTo(const QString &name) {
        QQuickItem *target = item(name);
        if (!target)
            return nullptr;
        for (QQuickItem *p = target->parentItem(); p; p = p->parentItem()) {
            if (!p->inherits("QQuickFlickable"))
                continue;
            // Scroll within the flickable's bounds: an out-of-bounds contentY is pulled back at
            // the next change of the content's height (the proxy section's problem line comes
            // and goes with each failed dial), which moved the item between a click's press and
            // its release. A section just shown or hidden is laid out at the next polish, so
            // the bounds are taken once the content's height has settled.
            qreal height = p->property("contentHeight").toReal();
            for (int settled = 0, turns = 0; settled < 3 && turns < 100; ++turns) {
                QTest::qWait(20);
                const qreal now = p->property("contentHeight").toReal();
                settled = now == height ? settled + 1 : 0;
                height = now;
            }
            const QPointF inContent =
                target->mapToItem(p->property("contentItem").value<QQuickItem *>(), {0, 0});
            const qreal maxY = qMax(0.0, height - p->height());
            p->setProperty("contentY", qBound(0.0, inContent.y() - 100, maxY));
            return p;
        }
        return nullptr;
    }
    QColor windowColour() const { return m_window->property("color").value<QColor>(); }
    //! Where the record of saves stands now; awaitSaved looks only after it.
    qsizetype mark() const { return m_saved->size(); }
    //! Waits until `key` is on disk (saved after `from`); false when not within the deadline.
    bool awaitSaved(const QString &key, qsizetype from) {
        return QTest::qWaitFor(
            [&] {
                for (qsizetype i = from; i < m_saved->size(); ++i)
                    if (m_saved->at(i).at(0).toString() == key && m_saved->at(i).at(1).toBool())
                        return true;
                return false;
            },
            kTimeoutMs);
    }
    QString settingsTitle() const {
        QQuickItem *page = item(QStringLiteral("settingsPage"));
        auto *header = page ? page->property("header").value<QQuickItem *>() : nullptr;
        return header ? header->property("title").toString() : QString();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        const QString profile = m_dir.filePath(QStringLiteral("profile"));
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, profile));
            test::saveAccount(seed, {42, 1, QStringLiteral("self"), QStringLiteral("token"), 0});
        }
        m_settingsPath = m_dir.filePath(QStringLiteral("messenger.conf"));
        m_preferences = std::make_unique<core::UiPreferences>(m_settingsPath);
        core::UiPreferences::provideForQml(m_preferences.get());
        m_saved = std::make_unique<QSignalSpy>(m_preferences.get(), &core::UiPreferences::saved);
        m_translations = std::make_unique<translations::UiTranslations>();
        m_translations->apply(QStringLiteral("en"));

        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = profile;
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), core::Session::SignedIn,
                                  kTimeoutMs);

        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        m_translations->follow(m_engine.get());
        m_translations->followPreference(m_engine.get(), m_preferences.get());
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_window.reset(qobject_cast<QQuickWindow *>(main.create()));
        QVERIFY2(m_window, qPrintable(main.errorString()));
        m_window->resize(1000, 700);
        m_window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

        QVERIFY(click(QStringLiteral("menuButton")));
        QVERIFY(click(QStringLiteral("settingsMenuItem")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("settingsPage")), kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_engine.reset();
        m_saved.reset();
        m_client.reset();
        core::UiPreferences::provideForQml(nullptr);
    }

    void themeChoiceRecoloursAndIsKept() {
        QCOMPARE(m_preferences->theme(), QStringLiteral("system"));
        qsizetype from = mark();
        QVERIFY(click(QStringLiteral("theme_dark")));
        QCOMPARE(m_preferences->theme(), QStringLiteral("dark"));
        QTRY_COMPARE_WITH_TIMEOUT(windowColour(), kDarkWindow, kTimeoutMs);
        QVERIFY(awaitSaved(QStringLiteral("theme"), from));
        QCOMPARE(core::UiPreferences(m_settingsPath).theme(), QStringLiteral("dark"));

        from = mark();
        QVERIFY(click(QStringLiteral("theme_light")));
        QTRY_COMPARE_WITH_TIMEOUT(windowColour(), kLightWindow, kTimeoutMs);
        QVERIFY(awaitSaved(QStringLiteral("theme"), from));
        QCOMPARE(core::UiPreferences(m_settingsPath).theme(), QStringLiteral("light"));
    }

    // A choice made just before the app quits is on disk once the preferences are gone.
    void lastChoiceBeforeQuittingIsKept() {
        const QString path = m_dir.filePath(QStringLiteral("quitting.conf"));
        {
            core::UiPreferences preferences(path);
            preferences.setTheme(QStringLiteral("dark"));
            preferences.setLanguage(QStringLiteral("ru"));
        }
        const core::UiPreferences reloaded(path);
        QCOMPARE(reloaded.theme(), QStringLiteral("dark"));
        QCOMPARE(reloaded.language(), QStringLiteral("ru"));
    }

    void systemThemeFollowsTheDesktop() {
        QVERIFY(click(QStringLiteral("theme_system")));
        m_preferences->setSystemScheme(true, true);
        QTRY_COMPARE_WITH_TIMEOUT(windowColour(), kDarkWindow, kTimeoutMs);
        m_preferences->setSystemScheme(true, false);
        QTRY_COMPARE_WITH_TIMEOUT(windowColour(), kLightWindow, kTimeoutMs);
        // An explicit choice wins over the desktop.
        m_preferences->setSystemScheme(true, true);
        QVERIFY(click(QStringLiteral("theme_light")));
        QTRY_COMPARE_WITH_TIMEOUT(windowColour(), kLightWindow, kTimeoutMs);
        QVERIFY(click(QStringLiteral("theme_system")));
        QTRY_COMPARE_WITH_TIMEOUT(windowColour(), kDarkWindow, kTimeoutMs);
        m_preferences->setSystemScheme(false, false);
    }

    void languageSwitchesWhileThePageIsOpen() {
        QCOMPARE(settingsTitle(), QStringLiteral("Settings"));
        QQuickItem *choice = item(QStringLiteral("languageChoice"));
        QVERIFY(choice);
        choice->forceActiveFocus();
        const qsizetype from = mark();
        // Same as the system -> English -> Русский, as the arrow keys walk a closed combo box.
        QTest::keyClick(m_window.get(), Qt::Key_Down);
        QTest::keyClick(m_window.get(), Qt::Key_Down);
        QCOMPARE(m_preferences->language(), QStringLiteral("ru"));
        QTRY_COMPARE_WITH_TIMEOUT(settingsTitle(), QStringLiteral("Настройки"), kTimeoutMs);
        QCOMPARE(choice->property("displayText").toString(), QStringLiteral("Русский"));
        QVERIFY(awaitSaved(QStringLiteral("language"), from));
        QCOMPARE(core::UiPreferences(m_settingsPath).language(), QStringLiteral("ru"));

        QTest::keyClick(m_window.get(), Qt::Key_Up);
        QCOMPARE(m_preferences->language(), QStringLiteral("en"));
        QTRY_COMPARE_WITH_TIMEOUT(settingsTitle(), QStringLiteral("Settings"), kTimeoutMs);
        QCOMPARE(choice->property("displayText").toString(), QStringLiteral("English"));
    }

    // Settings > Privacy and security: who sees the last seen time (docs/protocol.md §17.3), the
    // server's setting: shown once read, asked to change on a click, and the mark moves only
    // with the server's answer (a refusal leaves the stored one).
    void lastSeenChoiceFollowsTheServer() {
        core::Presence *presence = m_client->context()->presence();
        QStringList asked;
        presence->setPrivacySender([&asked](const QString &name) { asked.append(name); });
        QQuickItem *page = scrollTo(QStringLiteral("lastSeen_contacts"));
        QVERIFY(page);
        QQuickItem *contacts = item(QStringLiteral("lastSeen_contacts"));
        QQuickItem *nobody = item(QStringLiteral("lastSeen_nobody"));
        QVERIFY(contacts && nobody);
        QVERIFY(!contacts->isEnabled()); // nothing read yet (offline): no choice to offer
        presence->notePrivacy(QStringLiteral("contacts"));
        QTRY_VERIFY_WITH_TIMEOUT(contacts->isEnabled(), kTimeoutMs);
        QVERIFY(contacts->property("checked").toBool());
        QVERIFY(!nobody->property("checked").toBool());

        QVERIFY(click(QStringLiteral("lastSeen_nobody")));
        QTRY_COMPARE_WITH_TIMEOUT(asked, QStringList{QStringLiteral("nobody")}, kTimeoutMs);
        presence->notePrivacyRefused(QStringLiteral("OFFLINE"));
        QTRY_VERIFY_WITH_TIMEOUT(contacts->property("checked").toBool(), kTimeoutMs);
        QVERIFY(!nobody->property("checked").toBool());

        QVERIFY(click(QStringLiteral("lastSeen_nobody")));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, kTimeoutMs);
        presence->notePrivacy(QStringLiteral("nobody"));
        QTRY_VERIFY_WITH_TIMEOUT(nobody->property("checked").toBool(), kTimeoutMs);
        QVERIFY(!contacts->property("checked").toBool());
        page->setProperty("contentY", 0); // the next tests click from the top
    }

    // Settings > Storage: the profile's disk use, measured off the GUI thread, shown once it
    // came back; nothing downloaded, so nothing to clear. Settings > Passphrase: this profile's
    // key does not come from a passphrase (as from a keychain), so it says so and offers no form.
    void storageAndPassphraseSections() {
        core::StorageUsage *usage = m_client->context()->storage();
        QVERIFY(usage);
        QQuickItem *page = scrollTo(QStringLiteral("storageTotal"));
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(usage->measured(), kTimeoutMs);
        QVERIFY(usage->databaseBytes() > 0);
        QCOMPARE(usage->clearableBytes(), 0.0);
        QTRY_COMPARE_WITH_TIMEOUT(
            item(QStringLiteral("storageTotal"))->property("valueText").toString(),
            usage->formatBytes(usage->totalBytes()), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("clearCacheButton"))->isEnabled());

        scrollTo(QStringLiteral("keychainNote"));
        QVERIFY(item(QStringLiteral("keychainNote")));
        QVERIFY(!item(QStringLiteral("currentPassphraseField")));
        QVERIFY(!item(QStringLiteral("changePassphraseButton")));
        page->setProperty("contentY", 0);
    }

    void notificationSwitchesAreKept() {
        QVERIFY(m_preferences->notificationPreview());
        const qsizetype from = mark();
        QVERIFY(click(QStringLiteral("notificationPreviewSwitch")));
        QVERIFY(!m_preferences->notificationPreview());
        QVERIFY(awaitSaved(QStringLiteral("notifications/preview"), from));

        QVERIFY(click(QStringLiteral("notificationsSwitch")));
        QVERIFY(!m_preferences->notifications());
        // Without notifications the preview has nothing to apply to.
        QVERIFY(!item(QStringLiteral("notificationPreviewSwitch"))->isEnabled());
        QVERIFY(awaitSaved(QStringLiteral("notifications/enabled"), from));

        const core::UiPreferences reloaded(m_settingsPath);
        QVERIFY(!reloaded.notifications());
        QVERIFY(!reloaded.notificationPreview());
    }

    void proxyFormRefusesBadInput() {
        core::Session *session = m_client->session();
        QQuickItem *page = scrollTo(QStringLiteral("proxyMode_2"));
        QVERIFY(page);
        QVERIFY(click(QStringLiteral("proxyMode_2"))); // SOCKS5: the form shows
        QVERIFY(scrollTo(QStringLiteral("proxySaveButton")));
        QQuickItem *host = item(QStringLiteral("proxyHostField"));
        QQuickItem *port = item(QStringLiteral("proxyPortField"));
        QVERIFY(host && port);
        const auto error = [&] {
            QQuickItem *label = item(QStringLiteral("proxyError"));
            return label ? label->property("text").toString() : QString();
        };

        QVERIFY(click(QStringLiteral("proxySaveButton")));
        QTRY_COMPARE(error(), QStringLiteral("Enter the proxy's host name or address"));
        host->setProperty("text", QStringLiteral("127.0.0.1"));
        port->setProperty("text", QStringLiteral("70000"));
        QVERIFY(click(QStringLiteral("proxySaveButton")));
        QTRY_COMPARE(error(), QStringLiteral("The proxy's port is a number from 1 to 65535"));
        QCOMPARE(session->proxyMode(), int(core::Session::ProxyOff)); // nothing applied

        port->setProperty("text", QStringLiteral("1080"));
        QVERIFY(click(QStringLiteral("proxySaveButton")));
        QTRY_COMPARE(session->proxyMode(), int(core::Session::ProxySocks5));
        QVERIFY(error().isEmpty());
        QCOMPARE(session->proxyPort(), 1080);

        QVERIFY(scrollTo(QStringLiteral("proxyMode_0")));
        QVERIFY(click(QStringLiteral("proxyMode_0"))); // "No proxy" applies at once
        QTRY_COMPARE(session->proxyMode(), int(core::Session::ProxyOff));
        page->setProperty("contentY", 0);
    }
};

QTEST_MAIN(TstSettingsPage)

#include "tst_settings_page.moc"
