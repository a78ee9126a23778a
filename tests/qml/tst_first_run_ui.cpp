// What a user meets first and last, through the real Main.qml over a real client (issue 11):
// a first run opens on "Sign up" and an error of one tab does not linger on the other; a used
// profile opens on "Log in"; the window title is the user's name once (Qt adds the app's);
// at phone width an open chat says why messages may not arrive, with "Retry now" when the
// server (not the network) is the problem; logging out asks first.
//
// No server answers (ws://127.0.0.1:1): the stored session signs in offline, as in
// tst_keyboard_shortcuts.
#include "app/client_root.h"
#include "core/account/session.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"

#include <QDateTime>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;

namespace {

constexpr int kTimeoutMs = 20'000;
constexpr qint64 kSelf = 1;
constexpr qint64 kChat = 11;

//! The app on one profile: the client, and Main.qml in its window.
struct App {
    std::unique_ptr<app::ClientRoot> client;
    std::unique_ptr<QQmlEngine> engine;
    std::unique_ptr<QQuickWindow> window;

    bool start(const QString &profileDir) {
        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = profileDir;
        config.rawKey = test::testKey();
        client = std::make_unique<app::ClientRoot>(config);
        client->start();
        engine = std::make_unique<QQmlEngine>();
        engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        window.reset(qobject_cast<QQuickWindow *>(main.create()));
        if (!window)
            qWarning() << main.errorString();
        return window != nullptr;
    }
    ~App() {
        window.reset();
        engine.reset();
        client.reset();
    }
    core::Session *session() const { return client->session(); }
    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(window->contentItem(), name);
    }
    bool resizeTo(int width) {
        window->resize(width, 700);
        return QTest::qWaitFor([&] { return window->contentItem()->width() == width; }, kTimeoutMs);
    }
};

} // namespace

class TstFirstRunUi : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
    }

    void firstRunOpensOnSignUpAndErrorsDoNotLinger() {
        QTemporaryDir base;
        App app;
        QVERIFY(app.start(base.filePath(QStringLiteral("new-profile"))));
        QVERIFY(app.session()->newProfile());
        QTRY_COMPARE_WITH_TIMEOUT(app.session()->state(), core::Session::SignedOut, kTimeoutMs);
        QVERIFY(app.resizeTo(900));
        QQuickItem *tabs = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((tabs = app.item(QStringLiteral("loginModeTabs"))), kTimeoutMs);
        QCOMPARE(tabs->property("currentIndex").toInt(), 1); // "Sign up"

        // A failed attempt leaves its error; moving to the other tab clears it.
        app.session()->logIn(QStringLiteral("someone"), QStringLiteral("password123"));
        QTRY_VERIFY_WITH_TIMEOUT(!app.session()->errorText().isEmpty(), kTimeoutMs);
        QVERIFY(app.item(QStringLiteral("loginError")));
        tabs->setProperty("currentIndex", 0);
        QCOMPARE(app.session()->errorText(), QString());
        QTRY_VERIFY(!app.item(QStringLiteral("loginError")));
    }

    void usedProfileTitleBannerAndLogOut() {
        QTemporaryDir profile;
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, profile.path()));
            test::saveAccount(seed, {kSelf, 1, QStringLiteral("alice"), QStringLiteral("t"), 0});
            const QList<storage::UserRecord> users{
                {kSelf, QStringLiteral("alice"), QStringLiteral("Alice Liddell")},
                {kChat, QStringLiteral("bob"), QStringLiteral("Bob")}};
            seed.write(
                [users](storage::WriteTransaction &tx) { storage::UsersTable::store(tx, users); });
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            qint64 pts = 0;
            QVERIFY(test::qml::applyUpdates(
                seed,
                {protocol::NewChatUpdate{
                     {kChat, protocol::ChatKind::Private, {}, {kSelf, kChat}, now - 60'000}},
                 protocol::NewMessageUpdate{
                     {100, kChat, kChat, now - 30'000, QStringLiteral("hello"), 0}}},
                pts, kTimeoutMs));
        }
        App app;
        QVERIFY(app.start(profile.path()));
        QVERIFY(!app.session()->newProfile());
        QTRY_COMPARE_WITH_TIMEOUT(app.session()->state(), core::Session::SignedIn, kTimeoutMs);
        // The name once (Qt's window system adds " — Messenger" itself), after the unread count:
        // Bob's "hello" is unread.
        QTRY_COMPARE_WITH_TIMEOUT(app.window->title(), QStringLiteral("(1) Alice Liddell"),
                                  kTimeoutMs);

        // Phone width: the chat covers the list, so the chat says why nothing arrives.
        QVERIFY(app.resizeTo(400));
        app.window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(app.window.get()));
        QQuickItem *list = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((list = app.item(QStringLiteral("chatList"))), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 1, kTimeoutMs);
        QTest::keyClick(app.window.get(), Qt::Key_Tab, Qt::ControlModifier); // the first chat
        QTRY_VERIFY_WITH_TIMEOUT(app.item(QStringLiteral("chatPage")), kTimeoutMs);
        // Read here (offline: the mark is stored at once and sent later): no count in the title.
        QTRY_COMPARE_WITH_TIMEOUT(app.window->title(), QStringLiteral("Alice Liddell"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.session()->connection(), core::Session::Offline, kTimeoutMs);
        QQuickItem *banner = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((banner = app.item(QStringLiteral("chatConnectionBanner"))),
                                 kTimeoutMs);
        const QString text = test::qml::visibleItem(banner, QStringLiteral("connectionBannerText"))
                                 ->property("text")
                                 .toString();
        // Without a network-information backend (as in a container) the network counts as up.
        if (app.session()->networkReachable()) {
            QVERIFY2(text.startsWith(QStringLiteral("Cannot reach the server")), qPrintable(text));
            QVERIFY(test::qml::visibleItem(banner, QStringLiteral("retryNowButton")));
        } else {
            QCOMPARE(text, QStringLiteral("Waiting for network\u2026"));
        }

        // Log out asks first; Cancel keeps the session.
        QTest::keyClick(app.window.get(), Qt::Key_Escape); // back to the list
        QTRY_VERIFY_WITH_TIMEOUT((list = app.item(QStringLiteral("chatListPage"))), kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(list, "logOutRequested"));
        auto *confirm = app.window->findChild<QObject *>(QStringLiteral("logOutConfirm"));
        QVERIFY(confirm);
        QTRY_VERIFY(confirm->property("opened").toBool());
        auto *cancel = confirm->findChild<QObject *>(QStringLiteral("confirmCancel"));
        auto *action = confirm->findChild<QObject *>(QStringLiteral("confirmAction"));
        QVERIFY(cancel && action);
        QCOMPARE(action->property("text").toString(), QStringLiteral("Log out"));
        QVERIFY(QMetaObject::invokeMethod(cancel, "clicked"));
        QTRY_VERIFY(!confirm->property("visible").toBool());
        QCOMPARE(app.session()->state(), core::Session::SignedIn);

        QVERIFY(QMetaObject::invokeMethod(list, "logOutRequested"));
        QTRY_VERIFY(confirm->property("opened").toBool());
        QVERIFY(QMetaObject::invokeMethod(action, "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(app.session()->state(), core::Session::SignedOut, kTimeoutMs);
        // A used profile offers "Log in" first.
        QQuickItem *tabs = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((tabs = app.item(QStringLiteral("loginModeTabs"))), kTimeoutMs);
        QCOMPARE(tabs->property("currentIndex").toInt(), 0);
    }
};

QTEST_MAIN(TstFirstRunUi)
#include "tst_first_run_ui.moc"
