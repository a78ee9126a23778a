// The messenger client: reads --server, --profile and --language, sets the interface's
// language, builds the client (app/client_root.h) and shows the UI.
// Before anything else, core dumps are disabled: the process will hold the database key.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QWindow>
#include <memory>

#include "app/client_root.h"
#include "core/account/client_config.h"
#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/notifications/message_notifier.h"
#include "core/preferences/ui_preferences.h"
#include "crypto/process_hardening.h"
#include "platform/desktop_notifications.h"
#include "platform/system_appearance.h"
#include "platform/tray/system_tray.h"
#include "translations/ui_translations.h"

namespace {

constexpr auto kDefaultServer = "ws://127.0.0.1:8765";

struct CommandLine {
    msgr::core::ClientConfig config;
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
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QStringLiteral("Directory of this account's local data."),
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
    msgr::core::ClientConfig config;
    config.serverUrl =
        QUrl(parser.isSet(server)
                 ? parser.value(server)
                 : settings.value(QStringLiteral("server"), QString::fromLatin1(kDefaultServer))
                       .toString());
    const QString defaultProfile =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("default"));
    config.profileDir = parser.isSet(profile)
                            ? parser.value(profile)
                            : settings.value(QStringLiteral("profile"), defaultProfile).toString();
    config.allowInsecureTransport = parser.isSet(allowInsecure);
    if (config.allowInsecureTransport)
        qWarning("--allow-insecure-ws: unencrypted connections to other machines are allowed");
    return {config, parser.isSet(language) ? parser.value(language) : QString()};
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
    // destroyed after it); QML's Session singleton is root.session().
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

    msgr::app::ClientRoot root(commandLine.config);
    root.start();

    // New messages while the window is not active: the desktop's notifications.
    const std::unique_ptr<msgr::platform::DesktopNotifications> desktopNotifications =
        msgr::platform::createDesktopNotifications();
    msgr::core::MessageNotifier notifier(root.context(), root.session()->chats(), &preferences,
                                         desktopNotifications.get());
    msgr::core::MessageNotifier::provideForQml(&notifier);
    notifier.setWindowActive(QGuiApplication::applicationState() == Qt::ApplicationActive);
    QObject::connect(&app, &QGuiApplication::applicationStateChanged, &notifier,
                     [&notifier](Qt::ApplicationState state) {
                         notifier.setWindowActive(state == Qt::ApplicationActive);
                     });
    // A minute in the background: this device is idle for presence (docs/protocol.md §17.3).
    QObject::connect(&app, &QGuiApplication::applicationStateChanged, root.context()->presence(),
                     [&root](Qt::ApplicationState state) {
                         root.context()->presence()->setAppActive(state == Qt::ApplicationActive);
                     });

    QQmlApplicationEngine engine;
    // Qt 6.4 puts static QML modules at qrc:/<URI path>; the engine does not look there itself.
    engine.addImportPath(QStringLiteral("qrc:/"));
    translations.follow(&engine);
    translations.followPreference(&engine, &preferences);
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));

    // The tray icon with the unread count (chats not muted). With a tray, closing the window
    // keeps the app running there, as Telegram Desktop does; without one it quits as before.
    msgr::platform::SystemTray tray(QGuiApplication::windowIcon());
    msgr::core::ChatListModel *chats = root.session()->chats();
    tray.setUnreadCount(chats->unreadTotal());
    QObject::connect(chats, &msgr::core::ChatListModel::unreadTotalChanged, &tray,
                     [&tray, chats] { tray.setUnreadCount(chats->unreadTotal()); });
    QObject::connect(&tray, &msgr::platform::SystemTray::showRequested, &engine, [&engine] {
        const QList<QObject *> roots = engine.rootObjects();
        if (auto *window = roots.isEmpty() ? nullptr : qobject_cast<QWindow *>(roots.first())) {
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
