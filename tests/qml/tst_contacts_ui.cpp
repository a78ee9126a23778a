// The Contacts page, My profile and the blocked chat's bar through the real Main.qml over a
// real client (issue 10, items 3, 4 and 6), at desktop (1280x800) and phone (390x844) size:
// the page opens from the chat list's menu with its four sections read from the encrypted
// store (more contacts than fit, so it scrolls to the blocked users at the end), the acts say
// at once that they need a connection; My profile shows the stored name and username, counts
// "about" against its limit and shows the refusal as text; a chat with a blocked user shows
// "You blocked this user." over the composer.
//
// No server: the stored session signs in offline, as in tst_keyboard_shortcuts; the rows are
// seeded through the sync's own update path (contactChanged, blockedChanged).
#include "app/client_root.h"
#include "core/account/session.h"
#include "protocol/api/contacts.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"

#include <QDateTime>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using test::qml::visibleItem;
namespace api = protocol::api;

namespace {

constexpr int kTimeoutMs = 20'000;
constexpr qint64 kSelf = 1;
constexpr int kIncoming = 3;
constexpr int kContacts = 40; // more than a phone's or a desktop's page shows
constexpr int kBlocked = 2;
constexpr qint64 kBlockedChat = 500;
// Ids in seeding order: incoming, one denied, contacts, then the blocked users.
constexpr qint64 kLastBlocked = 100 + kIncoming + 1 + kContacts + kBlocked;
const QSize kDesktop(1280, 800);
const QSize kPhone(390, 844);

api::ContactEntry entry(qint64 id, api::ContactStatus status) {
    api::ContactEntry e;
    e.profile.user = {id, QStringLiteral("user%1").arg(id), QStringLiteral("User %1").arg(id)};
    e.profile.lastSeen = api::LastSeenBucket::Recently;
    e.status = status;
    e.since = 1000;
    return e;
}

} // namespace

class TstContactsUi : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;

    QQuickItem *item(const QString &name) const {
        return visibleItem(m_shell.window()->contentItem(), name);
    }
    QObject *popup(const char *name) const {
        return m_shell.window()->findChild<QObject *>(QLatin1String(name));
    }
    void openFromMenu(const char *popupName, const QString &menuItem) {
        QQuickItem *button = item(QStringLiteral("menuButton"));
        QVERIFY(button);
        QVERIFY(QMetaObject::invokeMethod(button, "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(item(menuItem), kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(item(menuItem), "triggered"));
        QObject *p = popup(popupName);
        QVERIFY(p);
        QTRY_VERIFY_WITH_TIMEOUT(p->property("opened").toBool(), kTimeoutMs);
    }
    void closePopup(const char *popupName) {
        QObject *p = popup(popupName);
        QVERIFY(QMetaObject::invokeMethod(p, "close"));
        QTRY_VERIFY_WITH_TIMEOUT(!p->property("visible").toBool(), kTimeoutMs);
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, m_profile.path()));
            test::saveAccount(seed, {kSelf, 1, QStringLiteral("self"), QStringLiteral("t"), 0});
            seed.write([](storage::WriteTransaction &tx) {
                QList<storage::UserRecord> users{
                    {kSelf, QStringLiteral("self"), QStringLiteral("Self Person")}};
                // The blocked users are known from their chats before they are blocked.
                for (qint64 id = kLastBlocked - kBlocked + 1; id <= kLastBlocked; ++id)
                    users.append(
                        {id, QStringLiteral("user%1").arg(id), QStringLiteral("User %1").arg(id)});
                storage::UsersTable::store(tx, users);
            });
            QList<protocol::Update> updates;
            qint64 id = 100;
            for (int i = 0; i < kIncoming; ++i)
                updates.append(
                    protocol::ContactChangedUpdate{entry(++id, api::ContactStatus::Incoming)});
            updates.append(protocol::ContactChangedUpdate{entry(++id, api::ContactStatus::Denied)});
            for (int i = 0; i < kContacts; ++i)
                updates.append(
                    protocol::ContactChangedUpdate{entry(++id, api::ContactStatus::Contact)});
            for (int i = 0; i < kBlocked; ++i)
                updates.append(protocol::BlockedChangedUpdate{++id, true});
            // A private chat with the last blocked user.
            updates.append(protocol::NewChatUpdate{
                {kBlockedChat, protocol::ChatKind::Private, {}, {kSelf, id}, 1000}});
            qint64 pts = 0;
            QVERIFY(test::qml::applyUpdates(seed, updates, pts, kTimeoutMs));
        }
        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = m_profile.path();
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), core::Session::SignedIn,
                                  kTimeoutMs);
    }

    void cleanup() { m_shell.reset(); }
    void cleanupTestCase() {
        m_shell.reset();
        m_client.reset();
    }

    void contactsPageScrollsThroughItsSections_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("desktop") << kDesktop;
        QTest::newRow("phone") << kPhone;
    }
    void contactsPageScrollsThroughItsSections() {
        QFETCH(QSize, size);
        QVERIFY(m_shell.show(size));
        openFromMenu("contactsPopup", QStringLiteral("contactsMenuItem"));
        QObject *p = popup("contactsPopup");
        // A phone's window is the page; a desktop shows a pane over the chats.
        if (size == kPhone)
            QCOMPARE(p->property("width").toDouble(), double(size.width()));
        else
            QVERIFY(p->property("width").toDouble() < size.width());

        QQuickItem *list = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((list = item(QStringLiteral("contactList"))), kTimeoutMs);
        // The denied invitation is in "your invitations"; each blocked user once.
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(),
                                  kIncoming + 1 + kContacts + kBlocked, kTimeoutMs);
        QVERIFY(list->property("contentHeight").toDouble() > list->height());
        // The first rows are the invitations to the user, with Accept and Deny.
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("acceptButton")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("denyButton")));
        QVERIFY(!item(QStringLiteral("unblockButton")));

        // Scrolled to the end: the blocked users with Unblock.
        QVERIFY(QMetaObject::invokeMethod(list, "positionViewAtEnd"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("unblockButton")), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("acceptButton")));

        // Offline, an act is refused at once, in words.
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("unblockButton")), "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("contactsError")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("contactsError"))
                    ->property("text")
                    .toString()
                    .contains(QStringLiteral("Not connected")));
        closePopup("contactsPopup");
    }

    void myProfileShowsAndChecksTheEdit_data() { contactsPageScrollsThroughItsSections_data(); }
    void myProfileShowsAndChecksTheEdit() {
        QFETCH(QSize, size);
        QVERIFY(m_shell.show(size));
        openFromMenu("myProfilePopup", QStringLiteral("myProfileMenuItem"));
        QQuickItem *name = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((name = item(QStringLiteral("profileNameField"))), kTimeoutMs);
        // The stored name and username, offline.
        QTRY_COMPARE_WITH_TIMEOUT(name->property("text").toString(), QStringLiteral("Self Person"),
                                  kTimeoutMs);
        QCOMPARE(item(QStringLiteral("profileUsernameField"))->property("text").toString(),
                 QStringLiteral("self"));
        QQuickItem *save = item(QStringLiteral("profileSaveButton"));
        QVERIFY(save);
        // An empty name cannot be saved.
        name->setProperty("text", QString());
        QVERIFY(!save->property("enabled").toBool());
        name->setProperty("text", QStringLiteral("New Name"));
        QVERIFY(save->property("enabled").toBool());
        QVERIFY(save->mapToScene(QPointF(save->width(), 0)).x() <= size.width());
        // Saving needs the server: said at once.
        QVERIFY(QMetaObject::invokeMethod(save, "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("profileError")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("profileError"))
                    ->property("text")
                    .toString()
                    .contains(QStringLiteral("Not connected")));
        closePopup("myProfilePopup");
    }

    void aBlockedUsersChatOffersUnblock_data() { contactsPageScrollsThroughItsSections_data(); }
    void aBlockedUsersChatOffersUnblock() {
        QFETCH(QSize, size);
        QVERIFY(m_shell.show(size));
        test::qml::openChatFromList(m_shell.window(), kBlockedChat, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("blockedBar")), kTimeoutMs);
        QCOMPARE(item(QStringLiteral("blockedNotice"))->property("text").toString(),
                 QStringLiteral("You blocked this user."));
        QVERIFY(item(QStringLiteral("unblockPeerButton")));

        // A tap on the header's title opens the peer's profile, with the stored name offline.
        QQuickItem *title = item(QStringLiteral("headerTitle"));
        QVERIFY(title);
        QTest::mouseClick(
            m_shell.window(), Qt::LeftButton, {},
            title->mapToScene(QPointF(title->width() / 2, title->height() / 2)).toPoint());
        QObject *p = popup("userProfilePopup");
        QVERIFY(p);
        QTRY_VERIFY_WITH_TIMEOUT(p->property("opened").toBool(), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("userProfileName"))->property("text"),
                                  QVariant(QStringLiteral("User %1").arg(kLastBlocked)),
                                  kTimeoutMs);
        QCOMPARE(item(QStringLiteral("userProfileRelation"))->property("text").toString(),
                 QStringLiteral("You blocked this user."));
        QCOMPARE(item(QStringLiteral("blockButton"))->property("text").toString(),
                 QStringLiteral("Unblock"));
        closePopup("userProfilePopup");
    }
};

QTEST_MAIN(TstContactsUi)
#include "tst_contacts_ui.moc"
