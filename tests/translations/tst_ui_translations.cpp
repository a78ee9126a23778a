// The interface's languages at run time: the language picked from the user's list, the Russian
// words and plural forms in C++ and QML, dates following the language, and a switch of
// Qt.uiLanguage re-translating what is on screen.
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QScopedPointer>
#include <QTest>

#include "core/account/session.h"
#include "translations/ui_translations.h"

using msgr::translations::UiTranslations;

class TstUiTranslations : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { m_translations.apply(QStringLiteral("en")); }

    void theAppSpeaksEnglishAndRussian() {
        const QStringList languages = UiTranslations::availableLanguages();
        QVERIFY2(languages.contains(QStringLiteral("en")), qPrintable(languages.join(',')));
        QVERIFY2(languages.contains(QStringLiteral("ru")), qPrintable(languages.join(',')));
    }

    void picksTheFirstLanguageItSpeaks_data() {
        QTest::addColumn<QStringList>("preferred");
        QTest::addColumn<QString>("picked");
        QTest::newRow("russian system") << QStringList{"ru-RU", "ru"} << "ru";
        QTest::newRow("german first, russian second") << QStringList{"de-DE", "ru"} << "ru";
        QTest::newRow("english before russian") << QStringList{"en-GB", "ru-RU"} << "en";
        QTest::newRow("nothing it speaks") << QStringList{"de-DE", "fr"} << "en";
        QTest::newRow("nothing at all") << QStringList{} << "en";
        QTest::newRow("not a language") << QStringList{"xx-YY"} << "en";
    }
    void picksTheFirstLanguageItSpeaks() {
        QFETCH(QStringList, preferred);
        QFETCH(QString, picked);
        QCOMPARE(UiTranslations::pickLanguage(preferred), picked);
    }

    void russianReachesCppAndQmlStrings() {
        QCOMPARE(m_translations.apply(QStringLiteral("ru")), QStringLiteral("ru"));
        // tr() of a class in a namespace: lupdate must have named the context as Qt does.
        QCOMPARE(msgr::core::Session::tr("Wrong passphrase"),
                 QStringLiteral("Неверный пароль шифрования"));
        QCOMPARE(QCoreApplication::translate("ChatListPage", "Chats"), QStringLiteral("Чаты"));
        // Dates and numbers follow the words.
        QCOMPARE(QLocale().language(), QLocale::Russian);
    }

    void russianPluralFormsFollowTheNumber_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("expected");
        QTest::newRow("1") << 1 << "1 новое сообщение";
        QTest::newRow("3") << 3 << "3 новых сообщения";
        QTest::newRow("5") << 5 << "5 новых сообщений";
        QTest::newRow("11") << 11 << "11 новых сообщений";
        QTest::newRow("12") << 12 << "12 новых сообщений";
        QTest::newRow("21") << 21 << "21 новое сообщение";
        QTest::newRow("22") << 22 << "22 новых сообщения";
        QTest::newRow("111") << 111 << "111 новых сообщений";
    }
    void russianPluralFormsFollowTheNumber() {
        QFETCH(int, count);
        QFETCH(QString, expected);
        m_translations.apply(QStringLiteral("ru"));
        QCOMPARE(QCoreApplication::translate("ChatPage", "%n new message(s)", nullptr, count),
                 expected);
    }

    void englishPluralFormsFollowTheNumber() {
        QCOMPARE(m_translations.apply(QStringLiteral("de")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("ChatPage", "%n new message(s)", nullptr, 1),
                 QStringLiteral("1 new message"));
        QCOMPARE(QCoreApplication::translate("ChatPage", "%n new message(s)", nullptr, 7),
                 QStringLiteral("7 new messages"));
        QCOMPARE(msgr::core::Session::tr("Wrong passphrase"), QStringLiteral("Wrong passphrase"));
    }

    // The real ChatHeader of the interface; a language switch from QML (a settings page sets
    // Qt.uiLanguage) re-translates it while it is shown.
    void switchingQtUiLanguageRetranslatesTheScreen() {
        m_translations.apply(QStringLiteral("ru"));
        QQmlEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        m_translations.follow(&engine);
        QCOMPARE(engine.uiLanguage(), QStringLiteral("ru"));

        QQmlComponent component(&engine);
        component.setData("import QtQuick\n"
                          "import Messenger.Ui.Common\n"
                          "ChatHeader {\n"
                          "    showBack: true\n"
                          "    function speak(language) { Qt.uiLanguage = language }\n"
                          "}\n",
                          QUrl(QStringLiteral("qrc:/tst_ui_translations/Header.qml")));
        QScopedPointer<QObject> header(component.create());
        QVERIFY2(header, qPrintable(component.errorString()));
        QObject *back = header->findChild<QObject *>(QStringLiteral("backButton"));
        QVERIFY(back);
        QCOMPARE(back->property("tip").toString(), QStringLiteral("Назад"));

        QMetaObject::invokeMethod(header.get(), "speak", Q_ARG(QVariant, QStringLiteral("en")));
        QCOMPARE(m_translations.language(), QStringLiteral("en"));
        QCOMPARE(back->property("tip").toString(), QStringLiteral("Back"));

        QMetaObject::invokeMethod(header.get(), "speak", Q_ARG(QVariant, QStringLiteral("ru")));
        QCOMPARE(back->property("tip").toString(), QStringLiteral("Назад"));
        QCOMPARE(QLocale().language(), QLocale::Russian);
    }

private:
    UiTranslations m_translations;
};

int main(int argc, char *argv[]) {
    QGuiApplication app(argc, argv);
    TstUiTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_translations.moc"
