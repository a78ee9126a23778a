#pragma once
//! The app's own preferences, the same for every account on this machine: the theme (system,
//! light or dark), the interface language and whether new messages notify, with or without the
//! sender and text. QML's `Preferences` singleton. Read once at start (before the window shows);
//! a change takes effect at once in memory and is saved by PreferencesWriter off the GUI thread.
//! Nothing secret is kept here (the file is not encrypted; accounts' settings live in their
//! encrypted profiles).
//!
//! Thread affinity: GUI thread.
#include "core/preferences/preferences_writer.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace msgr::core {

class UiPreferences : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Preferences)
    QML_SINGLETON
    //! "system", "light" or "dark"; anything else is refused (stays as it was).
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    //! An ISO 639 code the app speaks ("en", "ru"), or empty: the system's languages.
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    //! New messages notify while the window is not active.
    Q_PROPERTY(
        bool notifications READ notifications WRITE setNotifications NOTIFY notificationsChanged)
    //! A notification shows the sender and the text; off: only "New message" (shared screens).
    Q_PROPERTY(bool notificationPreview READ notificationPreview WRITE setNotificationPreview NOTIFY
                   notificationPreviewChanged)
    //! What the desktop asks for, when it says (platform/system_appearance.h); set by the app.
    Q_PROPERTY(bool systemSchemeKnown READ systemSchemeKnown NOTIFY systemSchemeChanged)
    Q_PROPERTY(bool systemDark READ systemDark NOTIFY systemSchemeChanged)

public:
    //! Reads the saved preferences from `settingsPath` (empty: the app's default QSettings).
    //! Not default-constructible on purpose: Qt 6.4 would then make QML's singleton with the
    //! default constructor and never ask create().
    explicit UiPreferences(const QString &settingsPath, QObject *parent = nullptr);

    //! The instance QML's `Preferences` resolves to; provided before QML loads (without one,
    //! each engine makes its own on the default settings).
    static void provideForQml(UiPreferences *preferences);
    static UiPreferences *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    QString theme() const { return m_theme; }
    void setTheme(const QString &theme);
    QString language() const { return m_language; }
    void setLanguage(const QString &language);
    bool notifications() const { return m_notifications; }
    void setNotifications(bool on);
    bool notificationPreview() const { return m_notificationPreview; }
    void setNotificationPreview(bool on);

    bool systemSchemeKnown() const { return m_systemSchemeKnown; }
    bool systemDark() const { return m_systemDark; }
    //! The desktop's answer: `known` false when it gave none (Theme then reads the palette).
    void setSystemScheme(bool known, bool dark);

signals:
    void themeChanged();
    void languageChanged();
    void notificationsChanged();
    void notificationPreviewChanged();
    void systemSchemeChanged();
    //! A change is on disk (ok) or could not be written; for tests and a status line.
    void saved(const QString &key, bool ok);

private:
    PreferencesWriter m_writer;
    QString m_theme;
    QString m_language;
    bool m_notifications = true;
    bool m_notificationPreview = true;
    bool m_systemSchemeKnown = false;
    bool m_systemDark = false;
};

} // namespace msgr::core
