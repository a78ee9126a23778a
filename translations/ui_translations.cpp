#include "translations/ui_translations.h"

#include "core/preferences/ui_preferences.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QQmlEngine>

namespace msgr::translations {

namespace {

const QString kResourceDir = QStringLiteral(":/i18n");
const QString kFilePrefix = QStringLiteral("messenger_");
const QString kSourceLanguage = QStringLiteral("en");

QString languageCode(const QString &localeName) {
    const QLocale locale(localeName);
    // QLocale("xx") is the C locale: not a language anyone asked for.
    if (locale.language() == QLocale::C)
        return {};
    return QLocale::languageToCode(locale.language());
}

} // namespace

UiTranslations::UiTranslations(QObject *parent) : QObject(parent) {}

UiTranslations::~UiTranslations() {
    uninstall();
}

QStringList UiTranslations::availableLanguages() {
    QStringList languages;
    const QStringList files =
        QDir(kResourceDir).entryList({kFilePrefix + QStringLiteral("*.qm")}, QDir::Files);
    for (const QString &file : files)
        languages << file.mid(kFilePrefix.size()).chopped(3);
    if (!languages.contains(kSourceLanguage))
        languages << kSourceLanguage;
    languages.sort();
    return languages;
}

QString UiTranslations::pickLanguage(const QStringList &preferred) {
    const QStringList available = availableLanguages();
    for (const QString &name : preferred) {
        const QString code = languageCode(name);
        if (available.contains(code))
            return code;
    }
    return kSourceLanguage;
}

QString UiTranslations::apply(const QString &language) {
    const QString chosen = pickLanguage({language});
    uninstall();
    m_language = chosen;

    const QString appFile = kResourceDir + QLatin1Char('/') + kFilePrefix + chosen;
    m_appInstalled =
        m_appTranslator.load(appFile) && QCoreApplication::installTranslator(&m_appTranslator);
    if (!m_appInstalled)
        qWarning("no translation of the interface into %s", qPrintable(chosen));

    // Qt's own strings (text fields' context menus, dialogs' buttons) come from the system's Qt
    // translations (package qt6-translations-l10n); without them those few stay in English.
    if (chosen != kSourceLanguage) {
        m_qtInstalled = m_qtTranslator.load(QStringLiteral("qt_") + chosen,
                                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
                        QCoreApplication::installTranslator(&m_qtTranslator);
    }

    // The system's own locale when it speaks this language (it knows the user's region: date
    // order, first day of the week); the language's usual one otherwise.
    const QLocale system = QLocale::system();
    QLocale::setDefault(languageCode(system.name()) == chosen ? system : QLocale(chosen));
    return chosen;
}

QString UiTranslations::resolve(const QString &chosen) {
    return chosen.isEmpty() ? pickLanguage(QLocale::system().uiLanguages()) : chosen;
}

void UiTranslations::followPreference(QQmlEngine *engine, core::UiPreferences *preferences) {
    connect(preferences, &core::UiPreferences::languageChanged, engine,
            [engine, preferences] { engine->setUiLanguage(resolve(preferences->language())); });
}

void UiTranslations::follow(QQmlEngine *engine) {
    engine->setUiLanguage(m_language);
    connect(engine, &QQmlEngine::uiLanguageChanged, this, [this, engine] {
        if (engine->uiLanguage() == m_language)
            return;
        apply(engine->uiLanguage());
        engine->retranslate();
    });
}

void UiTranslations::uninstall() {
    if (m_appInstalled)
        QCoreApplication::removeTranslator(&m_appTranslator);
    if (m_qtInstalled)
        QCoreApplication::removeTranslator(&m_qtTranslator);
    m_appInstalled = false;
    m_qtInstalled = false;
}

} // namespace msgr::translations
