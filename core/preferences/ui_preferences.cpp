#include "core/preferences/ui_preferences.h"

#include <QJSEngine>
#include <QLoggingCategory>
#include <QQmlEngine>
#include <QSettings>
#include <memory>

namespace msgr::core {
namespace {

Q_LOGGING_CATEGORY(lcPreferences, "msgr.preferences")

const QString kThemeKey = QStringLiteral("theme");
const QString kLanguageKey = QStringLiteral("language");
const QString kNotificationsKey = QStringLiteral("notifications/enabled");
const QString kPreviewKey = QStringLiteral("notifications/preview");
const QString kSystemTheme = QStringLiteral("system");

bool isTheme(const QString &name) {
    return name == kSystemTheme || name == QLatin1String("light") || name == QLatin1String("dark");
}

UiPreferences *&providedForQml() {
    static UiPreferences *instance = nullptr;
    return instance;
}

} // namespace

UiPreferences::UiPreferences(const QString &settingsPath, QObject *parent)
    : QObject(parent), m_writer(settingsPath) {
    // Read once, before the window: the writer's thread owns every later access to the file.
    const std::unique_ptr<QSettings> settings = PreferencesWriter::openSettings(settingsPath);
    const QString theme = settings->value(kThemeKey, kSystemTheme).toString();
    m_theme = isTheme(theme) ? theme : kSystemTheme;
    m_language = settings->value(kLanguageKey).toString();
    m_notifications = settings->value(kNotificationsKey, true).toBool();
    m_notificationPreview = settings->value(kPreviewKey, true).toBool();
    connect(&m_writer, &PreferencesWriter::saved, this, [this](const QString &key, bool ok) {
        if (!ok)
            qCWarning(lcPreferences) << "could not save the preference" << key;
        emit saved(key, ok);
    });
}

void UiPreferences::provideForQml(UiPreferences *preferences) {
    providedForQml() = preferences;
}

UiPreferences *UiPreferences::create(QQmlEngine *qmlEngine, QJSEngine *) {
    UiPreferences *preferences = providedForQml();
    if (!preferences) {
        // QML loaded without the app's main() (tests, tools): the engine gets its own, on the
        // default settings, so every page that reads the theme still works.
        qCDebug(lcPreferences) << "no preferences provided; the engine makes its own";
        return new UiPreferences(QString(), qmlEngine);
    }
    QJSEngine::setObjectOwnership(preferences, QJSEngine::CppOwnership);
    return preferences;
}

void UiPreferences::setTheme(const QString &theme) {
    if (!isTheme(theme)) {
        qCWarning(lcPreferences) << "not a theme:" << theme;
        return;
    }
    if (theme == m_theme)
        return;
    m_theme = theme;
    m_writer.write(kThemeKey, theme);
    emit themeChanged();
}

void UiPreferences::setLanguage(const QString &language) {
    if (language == m_language)
        return;
    m_language = language;
    m_writer.write(kLanguageKey, language);
    emit languageChanged();
}

void UiPreferences::setNotifications(bool on) {
    if (on == m_notifications)
        return;
    m_notifications = on;
    m_writer.write(kNotificationsKey, on);
    emit notificationsChanged();
}

void UiPreferences::setNotificationPreview(bool on) {
    if (on == m_notificationPreview)
        return;
    m_notificationPreview = on;
    m_writer.write(kPreviewKey, on);
    emit notificationPreviewChanged();
}

void UiPreferences::setSystemScheme(bool known, bool dark) {
    if (known == m_systemSchemeKnown && dark == m_systemDark)
        return;
    m_systemSchemeKnown = known;
    m_systemDark = dark;
    emit systemSchemeChanged();
}

} // namespace msgr::core
