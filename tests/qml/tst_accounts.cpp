// Several accounts in one window (issue 11, Telegram Desktop's three), over the REAL msgr-server:
// alice and bob are two accounts of one app (AccountManager: a client each) and the real
// Main.qml at desktop size (ShellHost). A message to bob while alice is shown reaches bob's
// store, counts in the switcher and the tray total, and raises bob's notification; the switcher
// lists both with their unread counts, and picking bob shows bob's chats in the window; a click
// on a background account's notification shows that account and opens the chat; "Add account"
// opens a log-in page whose Cancel returns; removing an account (after the confirmation) signs
// it out on the server and forgets it (its folder and its entry in the settings file).
#include "app/account_manager.h"
#include "app/client_root.h"
#include "app/shell_host.h"
#include "core/account/session.h"
#include "core/accounts/account_list_model.h"
#include "core/chats/chat_list_model.h"
#include "core/preferences/ui_preferences.h"
#include "platform/desktop_notifications.h"
#include "protocol/api/api.h"
#include "storage/profile_store.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/app_takeover.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QFileInfo>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = protocol::api;

namespace {

constexpr int kTimeoutMs = 20'000;
const QString kPassword = QStringLiteral("correct horse battery");

//! Records what an account would show on the desktop; activate() is the user's click.
class RecordedNotifications : public platform::DesktopNotifications {
public:
    bool available() const override { return true; }
    void show(qint64 chatId, const QString &, const QString &body) override {
        shown.append({chatId, body});
    }
    void withdraw(qint64) override {}
    void activate(qint64 chatId) { emit activated(chatId); }

    QList<QPair<qint64, QString>> shown;
};

} // namespace

class TstAccounts : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_dir;
    TestClient m_carol; // writes to bob from outside the app
    QString m_aliceToken;
    qint64 m_carolChat = 0; // carol and bob
    std::unique_ptr<core::UiPreferences> m_preferences;
    std::unique_ptr<app::AccountManager> m_accounts;
    std::unique_ptr<app::ShellHost> m_shell;
    QList<RecordedNotifications *> m_notifications; // one per account, in order of creation

    QString settingsPath() const { return m_dir.filePath(QStringLiteral("settings.ini")); }
    QString profile(const QString &name) const { return m_dir.filePath(name); }
    QQuickWindow *window() const { return m_shell->window(); }
    QQuickItem *item(const QString &name) const {
        return window() ? qml::visibleItem(window()->contentItem(), name) : nullptr;
    }
    //! Clicks the visible item `name` once it stays where it is (popups move once sized).
    bool clickWhenSteady(const QString &name, QQuickItem *within = nullptr) {
        QPointF last(-1, -1);
        int steady = 0;
        const auto find = [&] { return within ? qml::visibleItem(within, name) : item(name); };
        const bool settled = QTest::qWaitFor(
            [&] {
                QQuickItem *target = find();
                const QPointF now = target ? target->mapToScene(QPointF(0, 0)) : QPointF(-1, -1);
                steady = target && now == last ? steady + 1 : 0;
                last = now;
                return steady >= 3;
            },
            kTimeoutMs);
        if (settled) {
            QQuickItem *target = find();
            const QPointF centre =
                target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
            QTest::mouseClick(window(), Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        }
        return settled;
    }
    //! The switcher's rows, top to bottom.
    QList<QQuickItem *> accountRows() const {
        QList<QQuickItem *> rows;
        QQuickItem *list = item(QStringLiteral("accountList"));
        if (!list)
            return rows;
        for (QQuickItem *child : list->property("contentItem").value<QQuickItem *>()->childItems())
            if (child->objectName() == QLatin1String("accountRow") && child->isVisible())
                rows.append(child);
        std::sort(rows.begin(), rows.end(),
                  [](QQuickItem *a, QQuickItem *b) { return a->y() < b->y(); });
        return rows;
    }
    bool openSwitcher() {
        if (!clickWhenSteady(QStringLiteral("menuButton")) ||
            !clickWhenSteady(QStringLiteral("accountsMenuItem")))
            return false;
        return QTest::qWaitFor([&] { return accountRows().size() == m_accounts->count(); },
                               kTimeoutMs);
    }
    bool showsChat(qint64 chatId) const {
        QQuickItem *list = item(QStringLiteral("chatList"));
        return list && qml::delegateWith(list, "chatId", chatId);
    }
    bool waitForShell() {
        return QTest::qWaitFor([&] { return item(QStringLiteral("chatList")) != nullptr; },
                               kTimeoutMs);
    }
private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        TestClient alice;
        TestClient bob;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        QVERIFY(bob.connectTo(m_server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QVERIFY(m_carol.connectTo(m_server.wsUrl()));
        QVERIFY(!m_carol.signUp(QStringLiteral("carol"), kPassword).isEmpty());
        const auto opened = m_carol.call(api::OpenPrivateChat{bob.userId()});
        MSGR_VERIFY_OK(opened);
        m_carolChat = opened.value->chat.id;
        QVERIFY(qml::seedProfile(profile(QStringLiteral("alice")), alice, QStringLiteral("alice")));
        QVERIFY(qml::seedProfile(profile(QStringLiteral("bob")), bob, QStringLiteral("bob")));
        m_aliceToken = alice.token();
        alice.close();
        bob.close();

        m_preferences = std::make_unique<core::UiPreferences>(settingsPath());
        core::UiPreferences::provideForQml(m_preferences.get());
        app::AccountManager::Options options;
        options.base.serverUrl = m_server.wsUrl();
        options.base.rawKey = test::testKey();
        options.newProfilesDir = m_dir.path();
        options.settingsPath = settingsPath();
        options.preferences = m_preferences.get();
        options.makeNotifications = [this] {
            auto notifications = std::make_unique<RecordedNotifications>();
            m_notifications.append(notifications.get());
            return notifications;
        };
        m_accounts = std::make_unique<app::AccountManager>(options);
        m_accounts->open({{profile(QStringLiteral("alice")), profile(QStringLiteral("bob"))},
                          {QString(), QString()},
                          profile(QStringLiteral("alice"))});
        QCOMPARE(m_accounts->count(), 2);
        QCOMPARE(m_accounts->activeIndex(), 0);
        for (int i = 0; i < 2; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(m_accounts->root(i)->session()->state(),
                                      core::Session::SignedIn, kTimeoutMs);

        m_shell = std::make_unique<app::ShellHost>(nullptr);
        connect(m_accounts.get(), &app::AccountManager::activeChanged, m_shell.get(),
                &app::ShellHost::reload);
        QVERIFY(m_shell->reload());
        window()->resize(1000, 700); // the desktop's two panes
        window()->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window()));
        m_accounts->setWindowActive(true);
        QVERIFY(waitForShell());
    }

    void cleanupTestCase() {
        m_shell.reset();
        m_accounts.reset();
        core::UiPreferences::provideForQml(nullptr);
    }

    void backgroundAccountReceivesCountsAndNotifies() {
        // Alice is shown; carol writes to bob.
        const auto sent =
            m_carol.call(api::SendMessage{m_carolChat, 1, QStringLiteral("bob, are you there?")});
        MSGR_VERIFY_OK(sent);
        core::ChatListModel *bobsChats = m_accounts->root(1)->session()->chats();
        QTRY_VERIFY_WITH_TIMEOUT(bobsChats->rowOfChat(m_carolChat) >= 0, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(bobsChats->unreadTotal(), 1, kTimeoutMs);
        QCOMPARE(m_accounts->list()->row(1).unread, 1);
        QCOMPARE(m_accounts->list()->otherUnread(), 1);
        QCOMPARE(m_accounts->unreadTotal(), 1); // the tray's badge
        // Bob's notification shows though the window (alice's) has the focus.
        QTRY_VERIFY_WITH_TIMEOUT(!m_notifications.at(1)->shown.isEmpty(), kTimeoutMs);
        QCOMPARE(m_notifications.at(1)->shown.last().first, m_carolChat);
        QCOMPARE(m_notifications.at(1)->shown.last().second, QStringLiteral("bob, are you there?"));
        QVERIFY(m_notifications.at(0)->shown.isEmpty());
        QVERIFY(!showsChat(m_carolChat)); // alice's list does not have it
    }

    void switcherListsAccountsAndShowsTheOther() {
        QVERIFY(openSwitcher());
        const QList<QQuickItem *> rows = accountRows();
        QCOMPARE(rows.size(), 2);
        const auto text = [](QQuickItem *row, const QString &name) {
            QQuickItem *found = qml::visibleItem(row, name);
            return found ? found->property("text").toString() : QStringLiteral("<none>");
        };
        QCOMPARE(text(rows.at(0), QStringLiteral("accountName")), QStringLiteral("alice"));
        QCOMPARE(text(rows.at(1), QStringLiteral("accountName")), QStringLiteral("bob"));
        QCOMPARE(text(rows.at(1), QStringLiteral("unreadBadgeLabel")), QStringLiteral("1"));
        QVERIFY(!qml::visibleItem(rows.at(0), QStringLiteral("unreadBadgeLabel")));

        QQuickWindow *before = window();
        QVERIFY(clickWhenSteady(QStringLiteral("accountName"), rows.at(1)));
        QTRY_COMPARE_WITH_TIMEOUT(m_accounts->activeIndex(), 1, kTimeoutMs);
        QVERIFY(window() != before);
        QCOMPARE(window()->size(), QSize(1000, 700)); // the same place and size
        QVERIFY(waitForShell());
        QTRY_VERIFY_WITH_TIMEOUT(showsChat(m_carolChat), kTimeoutMs);
    }

    void notificationOfABackgroundAccountShowsItsChat() {
        m_accounts->switchTo(0);
        QVERIFY(waitForShell());
        QVERIFY(!showsChat(m_carolChat));
        m_notifications.at(1)->activate(m_carolChat);
        QCOMPARE(m_accounts->activeIndex(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatPage")), kTimeoutMs);
        QCOMPARE(item(QStringLiteral("chatPage"))->property("chatId").toDouble(),
                 double(m_carolChat));
    }

    void addAccountOpensLogInAndCancelReturns() {
        QVERIFY(openSwitcher());
        QVERIFY(clickWhenSteady(QStringLiteral("addAccountButton")));
        QTRY_COMPARE_WITH_TIMEOUT(m_accounts->count(), 3, kTimeoutMs);
        QCOMPARE(m_accounts->activeIndex(), 2);
        const QString added = m_accounts->root(2)->session()->profileDir();
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("loginModeTabs")), kTimeoutMs);
        QSignalSpy forgotten(m_accounts.get(), &app::AccountManager::accountForgotten);
        QVERIFY(clickWhenSteady(QStringLiteral("cancelAddAccount")));
        QTRY_COMPARE_WITH_TIMEOUT(m_accounts->count(), 2, kTimeoutMs);
        QCOMPARE(m_accounts->activeIndex(), 1); // bob, shown before
        QVERIFY(waitForShell());
        QVERIFY(showsChat(m_carolChat));
        QTRY_COMPARE_WITH_TIMEOUT(forgotten.size(), 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(added), kTimeoutMs);
    }

    void removingAnAccountSignsItOutAndForgetsIt() {
        QVERIFY(openSwitcher());
        QVERIFY(clickWhenSteady(QStringLiteral("removeAccountButton"), accountRows().at(0)));
        QVERIFY(clickWhenSteady(QStringLiteral("confirmAction")));
        QTRY_COMPARE_WITH_TIMEOUT(m_accounts->count(), 1, kTimeoutMs);
        QCOMPARE(m_accounts->root(0)->session()->profileDir(), profile(QStringLiteral("bob")));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(profile(QStringLiteral("alice"))), kTimeoutMs);
        // Signed out on the server: alice's session no longer resumes.
        TestClient check;
        QVERIFY(check.connectTo(m_server.wsUrl()));
        QVERIFY(!check.resume(m_aliceToken));
        // Forgotten: the settings file lists bob alone.
        QTRY_COMPARE_WITH_TIMEOUT(QSettings(settingsPath(), QSettings::IniFormat)
                                      .value(QStringLiteral("accounts/profiles"))
                                      .toStringList(),
                                  QStringList{profile(QStringLiteral("bob"))}, kTimeoutMs);
        // Bob, still shown, still has his chat.
        QVERIFY(waitForShell());
        QVERIFY(showsChat(m_carolChat));
    }
};

QTEST_MAIN(TstAccounts)
#include "tst_accounts.moc"
