// The messenger client: reads --server, --profile and --language, sets the interface's
// language, builds the accounts (app/account_manager.h, a client each) and shows the UI.
// Before anything else, core dumps are disabled: the process will hold the database key.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <memory>

#include "app/account_manager.h"
#include "app/saved_accounts.h"
#include "app/shell_host.h"
#include "core/account/client_config.h"
#include "core/photos/avatar_images.h"
#include "core/preferences/ui_preferences.h"
#include "crypto/process_hardening.h"
#include "platform/system_appearance.h"
#include "platform/tray/system_tray.h"
#include "translations/ui_translations.h"

namespace {

constexpr auto kDefaultServer = "ws://127.0.0.1:8765";

struct CommandLine {
    msgr::core::ClientConfig config;
    //! --profile: that profile alone (no switching, the saved list untouched); else the saved
    //! accounts.
    bool singleProfile = false;
    msgr::app::SavedAccounts accounts;
    //! Where "Add account" makes new profiles.
    QString profilesDir;
    // Empty: what the user saved (UiPreferences), else the system's languages.
    QString language;
};

CommandLine parseCommandLine(const QGuiApplication &app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Messenger client"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("Sync server address (ws:// or wss://)."),
                                    QStringLiteral("URL"));
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QStringLiteral("Directory of an account's local data: opens that account alone."),
        QStringLiteral("DIR"));
    // For developers running a server on another machine of a trusted network: allows ws://
    // for this run only. Users opt in through the setting instead (saved in the profile).
    const QCommandLineOption allowInsecure(
        QStringLiteral("allow-insecure-ws"),
        QStringLiteral("Allow unencrypted ws:// to a server that is not on this machine (for "
                       "development on a trusted network only)."));
    const QCommandLineOption language(
        QStringLiteral("language"),
        QStringLiteral("Language of the interface (en, ru); the system's by default."),
        QStringLiteral("CODE"));
    parser.addOption(server);
    parser.addOption(profile);
    parser.addOption(allowInsecure);
    parser.addOption(language);
    parser.process(app);

    // Command line first, then what the user saved, then the defaults.
    const QSettings settings;
    CommandLine result;
    msgr::core::ClientConfig &config = result.config;
    config.serverUrl =
        QUrl(parser.isSet(server)
                 ? parser.value(server)
                 : settings.value(QStringLiteral("server"), QString::fromLatin1(kDefaultServer))
                       .toString());
    const QDir appData(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    result.profilesDir = appData.path();
    result.singleProfile = parser.isSet(profile);
    if (result.singleProfile)
        result.accounts = {{parser.value(profile)}, {QString()}, parser.value(profile)};
    else
        result.accounts =
            msgr::app::readSavedAccounts(settings, appData.filePath(QStringLiteral("default")));
    config.allowInsecureTransport = parser.isSet(allowInsecure);
    if (config.allowInsecureTransport)
        qWarning("--allow-insecure-ws: unencrypted connections to other machines are allowed");
    result.language = parser.isSet(language) ? parser.value(language) : QString();
    return result;
}

} // namespace

int main(int argc, char *argv[]) {
    const msgr::crypto::HardeningResult hardening = msgr::crypto::disableCoreDumps();
    QApplication app(argc, argv); // not QGuiApplication: the tray icon's menu is a widget
    if (!hardening.ok())
        qWarning("could not fully disable core dumps (not dumpable: %d, no core file: %d)",
                 hardening.notDumpable, hardening.noCoreFile);
    QGuiApplication::setOrganizationName(QStringLiteral("msgr"));
    QGuiApplication::setApplicationName(QStringLiteral("messenger"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Messenger"));
    QGuiApplication::setApplicationVersion(QStringLiteral(MSGR_APP_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.msgr.Messenger"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/Messenger/Ui/icons/messenger.svg")));
    // A style whose controls take the Theme's colours everywhere.
    QQuickStyle::setStyle(QStringLiteral("Basic"));

    // Every part of the client is built here, before the QML engine that shows it (and is
    // destroyed after it).
    const CommandLine commandLine = parseCommandLine(app);
    msgr::core::UiPreferences preferences(QString{}); // the app's default settings file
    msgr::core::UiPreferences::provideForQml(&preferences);
    msgr::translations::UiTranslations translations;
    translations.apply(msgr::translations::UiTranslations::resolve(
        commandLine.language.isEmpty() ? preferences.language() : commandLine.language));
    // The desktop's light/dark choice, for the theme "same as the system".
    const std::unique_ptr<msgr::platform::SystemAppearance> appearance =
        msgr::platform::createSystemAppearance();
    QObject::connect(appearance.get(), &msgr::platform::SystemAppearance::schemeChanged,
                     &preferences, [&preferences](msgr::platform::SystemAppearance::Scheme scheme) {
                         using Scheme = msgr::platform::SystemAppearance::Scheme;
                         preferences.setSystemScheme(scheme != Scheme::Unknown,
                                                     scheme == Scheme::Dark);
                     });

    // Every account is a client of its own, all signed in; QML's Session and Notifier resolve
    // to the shown one, and the window is rebuilt when another is shown (app/shell_host.h).
    msgr::app::AccountManager accounts({commandLine.config,
                                        commandLine.profilesDir,
                                        !commandLine.singleProfile,
                                        QString(),
                                        &preferences,
                                        {}});
    accounts.open(commandLine.accounts);
    // New messages while the window is not active (the shown account) or at any time (the
    // others): the desktop's notifications. A minute in the background: this device is idle for
    // presence (docs/protocol.md §17.3).
    accounts.setWindowActive(QGuiApplication::applicationState() == Qt::ApplicationActive);
    QObject::connect(&app, &QGuiApplication::applicationStateChanged, &accounts,
                     [&accounts](Qt::ApplicationState state) {
                         accounts.setWindowActive(state == Qt::ApplicationActive);
                     });

    msgr::app::ShellHost shell([&translations, &preferences](QQmlEngine *engine) {
        translations.follow(engine);
        translations.followPreference(engine, &preferences);
        msgr::core::AvatarImages::installInto(engine); // "image://avatar" (core/photos)
    });
    QObject::connect(
        &shell, &msgr::app::ShellHost::loadFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    QObject::connect(&accounts, &msgr::app::AccountManager::activeChanged, &shell,
                     &msgr::app::ShellHost::reload);
    if (!shell.reload())
        return 1;

    // The tray icon with the unread count (chats not muted, every account). With a tray,
    // closing the window keeps the app running there, as Telegram Desktop does; without one it
    // quits as before.
    msgr::platform::SystemTray tray(QGuiApplication::windowIcon());
    tray.setUnreadCount(accounts.unreadTotal());
    QObject::connect(&accounts, &msgr::app::AccountManager::unreadTotalChanged, &tray,
                     [&tray, &accounts] { tray.setUnreadCount(accounts.unreadTotal()); });
    QObject::connect(&tray, &msgr::platform::SystemTray::showRequested, &shell, [&shell] {
        if (QQuickWindow *window = shell.window()) {
            window->show();
            window->raise();
            window->requestActivate();
        }
    });
    QObject::connect(&tray, &msgr::platform::SystemTray::quitRequested, &app,
                     &QCoreApplication::quit);
    QGuiApplication::setQuitOnLastWindowClosed(!tray.available());
    return app.exec();
}
