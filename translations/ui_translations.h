#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTranslator>

class QQmlEngine;

namespace msgr::core {
class UiPreferences;
}

namespace msgr::translations {

// The language of the user interface: the app's own strings (translations/*.ts, compiled into
// :/i18n/messenger_<language>.qm) and Qt's (the standard controls' texts, from the system's Qt
// translations when they are installed), for one language at a time. English is the source
// language; its file holds only the plural forms.
// GUI thread only: it installs translators into the application and retranslates QML.
class UiTranslations : public QObject {
    Q_OBJECT

public:
    explicit UiTranslations(QObject *parent = nullptr);
    ~UiTranslations() override;

    // The languages the app speaks, as ISO 639 codes ("en", "ru"), from the embedded files.
    static QStringList availableLanguages();

    // The first of `preferred` (names such as "ru-RU" or "en", as QLocale::uiLanguages() lists
    // them) that the app speaks; English when it speaks none of them.
    static QString pickLanguage(const QStringList &preferred);

    // The language to use for a user's choice: `chosen` when set, else the system's pick.
    static QString resolve(const QString &chosen);

    // Installs the translations of `language` in place of the previous ones (English when the
    // app does not speak it) and makes QLocale's default follow, so dates and numbers match the
    // words. Returns the language now in use.
    QString apply(const QString &language);
    QString language() const { return m_language; }

    // Keeps `engine` in step: its Qt.uiLanguage starts as language(), and when QML sets
    // Qt.uiLanguage (a language setting), that language is applied and every qsTr re-evaluated.
    void follow(QQmlEngine *engine);
    // And a language picked in the settings: sets `engine`'s uiLanguage to it (the system's
    // when the choice is cleared), which follow() then applies.
    void followPreference(QQmlEngine *engine, core::UiPreferences *preferences);

private:
    void uninstall();

    QString m_language;
    QTranslator m_appTranslator;
    QTranslator m_qtTranslator;
    bool m_appInstalled = false;
    bool m_qtInstalled = false;
};

} // namespace msgr::translations
