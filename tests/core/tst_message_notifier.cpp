// New messages as desktop notifications (issue 11, item 3) through the real freedesktop client
// (platform/linux/) on a private D-Bus session, where this test serves
// org.freedesktop.Notifications as a notification daemon would and records what it is asked
// (a real daemon needs a desktop session). Messages arrive through the sync engine's own update
// path into a real encrypted profile store; names and chat titles come from the real UserNames
// and ChatListModel.
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/notifications/message_notifier.h"
#include "core/preferences/ui_preferences.h"
#include "core/sync/sync_writes.h"
#include "platform/desktop_notifications.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;

namespace {

constexpr int kTimeoutMs = 20'000;
constexpr qint64 kSelf = 1;
constexpr qint64 kBob = 2;
constexpr qint64 kCarol = 3;
constexpr qint64 kBobChat = 10;
constexpr qint64 kTeamChat = 20;
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

struct Shown {
    uint id = 0;
    uint replacesId = 0;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
};

// What a notification daemon is asked, recorded; ids count up from 1 as daemons hand them out.
class FakeNotificationDaemon : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    QList<Shown> shown;
    QList<uint> closed;
    uint lastId = 0;

signals:
    void notified();
    void closedOne();

public slots:
    uint Notify(const QString &, uint replacesId, const QString &, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int) {
        const uint id = replacesId != 0 ? replacesId : ++lastId;
        shown.append({id, replacesId, summary, body, actions, hints});
        emit notified();
        return id;
    }
    void CloseNotification(uint id) {
        closed.append(id);
        emit closedOne();
    }
};

} // namespace

class TstMessageNotifier : public QObject {
    Q_OBJECT
    QDBusConnection m_daemonBus{QStringLiteral("none")};
    FakeNotificationDaemon m_daemon;
    QTemporaryDir m_dir;
    std::unique_ptr<storage::ProfileStore> m_store;
    std::unique_ptr<core::CoreContext> m_context;
    std::unique_ptr<core::ChatListModel> m_chats;
    std::unique_ptr<core::UiPreferences> m_preferences;
    std::unique_ptr<platform::DesktopNotifications> m_desktop;
    std::unique_ptr<core::MessageNotifier> m_notifier;
    qint64 m_pts = 0;
    qint64 m_messageId = 100;

    // Applies updates as the sync engine would, and waits until they are committed.
    bool apply(const QList<protocol::Update> &updates) {
        QList<protocol::LoggedUpdate> logged;
        for (const protocol::Update &u : updates)
            logged.append({++m_pts, u});
        bool done = false;
        m_store->write(
            [logged, pts = m_pts](storage::WriteTransaction &tx) {
                core::SyncWrites::applyUpdates(tx, logged, pts);
            },
            this, [&done] { done = true; });
        return QTest::qWaitFor([&] { return done; }, kTimeoutMs);
    }
    //! A message dated `ageMs` ago (server time, as the sync engine stores it).
    protocol::Update message(qint64 chatId, qint64 sender, const QString &text, qint64 ageMs = 0) {
        return protocol::NewMessageUpdate{
            {++m_messageId, chatId, sender, QDateTime::currentMSecsSinceEpoch() - ageMs, text, 0}};
    }
    //! Waits for the next notification and returns it (or an empty one on a timeout).
    Shown next() {
        const qsizetype before = m_daemon.shown.size();
        if (!QTest::qWaitFor([&] { return m_daemon.shown.size() > before; }, kTimeoutMs))
            return {};
        return m_daemon.shown.at(before);
    }
    //! Sends `text` from Bob and returns the notification it makes: a marker proving that
    //! what was applied before it made none (notifications are shown in order).
    Shown markerFromBob(const QString &text) {
        const qsizetype before = m_daemon.shown.size();
        if (!apply({message(kBobChat, kBob, text)}))
            return {};
        if (!QTest::qWaitFor([&] { return m_daemon.shown.size() > before; }, kTimeoutMs))
            return {};
        return m_daemon.shown.size() == before + 1 ? m_daemon.shown.last() : Shown{};
    }

private slots:
    void initTestCase() {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "run inside dbus-run-session");
        qRegisterMetaType<storage::ChangeSet>();
        m_daemonBus =
            QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("daemon"));
        QVERIFY(m_daemonBus.registerObject(kPath, &m_daemon, QDBusConnection::ExportAllSlots));
        QVERIFY(m_daemonBus.registerService(QStringLiteral("org.freedesktop.Notifications")));

        m_store = std::make_unique<storage::ProfileStore>();
        QVERIFY(test::openStore(*m_store, m_dir.filePath(QStringLiteral("profile"))));
        test::saveAccount(*m_store, {kSelf, 1, QStringLiteral("me"), QStringLiteral("t"), 0});
        m_store->write([](storage::WriteTransaction &tx) {
            storage::UsersTable::store(
                tx, {{kBob, QStringLiteral("bob"), QStringLiteral("Bob")},
                     {kCarol, QStringLiteral("carol"), QStringLiteral("Carol")}});
        });
        m_context = std::make_unique<core::CoreContext>(m_store.get());
        m_context->setSelfUserId(kSelf);
        m_chats = std::make_unique<core::ChatListModel>(m_context.get());
        m_chats->load();
        const qint64 created = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
        QVERIFY(apply({protocol::NewChatUpdate{
                           {kBobChat, protocol::ChatKind::Private, {}, {kSelf, kBob}, created}},
                       protocol::NewChatUpdate{{kTeamChat,
                                                protocol::ChatKind::Group,
                                                QStringLiteral("Team"),
                                                {kSelf, kBob, kCarol},
                                                created}}}));
        QTRY_COMPARE_WITH_TIMEOUT(m_chats->rowCount(), 2, kTimeoutMs);

        m_preferences =
            std::make_unique<core::UiPreferences>(m_dir.filePath(QStringLiteral("ui.conf")));
        m_desktop = platform::createDesktopNotifications();
        QVERIFY(m_desktop->available());
        m_notifier = std::make_unique<core::MessageNotifier>(m_context.get(), m_chats.get(),
                                                             m_preferences.get(), m_desktop.get());
        m_notifier->setWindowActive(false);
    }

    void cleanupTestCase() {
        m_notifier.reset();
        m_desktop.reset();
        m_chats.reset();
        m_context.reset();
        m_store.reset();
    }

    void messageWhileAwayShowsSenderAndText() {
        QVERIFY(apply({message(kBobChat, kBob, QStringLiteral("Are you coming tonight?"))}));
        const Shown shown = next();
        QCOMPARE(shown.summary, QStringLiteral("Bob"));
        QCOMPARE(shown.body, QStringLiteral("Are you coming tonight?"));
        QCOMPARE(shown.replacesId, 0u);
        QVERIFY(shown.actions.contains(QStringLiteral("default"))); // a click opens the chat
        QCOMPARE(shown.hints.value(QStringLiteral("desktop-entry")).toString(),
                 QStringLiteral("org.msgr.Messenger"));
    }

    void newerMessageReplacesTheChatsNotification() {
        const uint first = m_daemon.shown.last().id;
        QVERIFY(apply({message(kBobChat, kBob, QStringLiteral("first")),
                       message(kBobChat, kBob, QStringLiteral("second"))}));
        const Shown shown = next();
        QCOMPARE(shown.replacesId, first);
        QCOMPARE(shown.body, QStringLiteral("second")); // one per chat: the newest
    }

    void groupMessageNamesTheGroup() {
        QVERIFY(apply({message(kTeamChat, kCarol, QStringLiteral("standup in 5"))}));
        const Shown shown = next();
        QCOMPARE(shown.summary, QStringLiteral("Carol in Team"));
        QCOMPARE(shown.body, QStringLiteral("standup in 5"));
        QCOMPARE(shown.replacesId, 0u); // another chat: its own notification
    }

    void nothingForOwnOlderOrSeenMessages() {
        QVERIFY(apply({message(kBobChat, kSelf, QStringLiteral("my own")),
                       // an older page of history, and a message from before the app started
                       message(kBobChat, kBob, QStringLiteral("older"), 60'000),
                       message(kTeamChat, kCarol, QStringLiteral("last week"), 7 * 86'400'000)}));
        QCOMPARE(markerFromBob(QStringLiteral("marker 1")).body, QStringLiteral("marker 1"));

        m_notifier->setWindowActive(true);
        QVERIFY(apply({message(kTeamChat, kCarol, QStringLiteral("seen in the window"))}));
        m_notifier->setWindowActive(false);
        QCOMPARE(markerFromBob(QStringLiteral("marker 2")).body, QStringLiteral("marker 2"));

        m_preferences->setNotifications(false);
        QVERIFY(apply({message(kTeamChat, kCarol, QStringLiteral("while switched off"))}));
        m_preferences->setNotifications(true);
        QCOMPARE(markerFromBob(QStringLiteral("marker 3")).body, QStringLiteral("marker 3"));
    }

    void mutedChatRaisesNothingUntilUnmuted() {
        // The user muted the group on another device: the update names a time an hour away.
        const qint64 hourAway = QDateTime::currentMSecsSinceEpoch() + 3'600'000;
        QVERIFY(apply({protocol::ChatMutedUpdate{kTeamChat, hourAway}}));
        QTRY_VERIFY_WITH_TIMEOUT(m_chats->isMuted(double(kTeamChat)), kTimeoutMs);
        const int totalBefore = m_chats->unreadTotal();
        QVERIFY(apply({message(kTeamChat, kCarol, QStringLiteral("muted chatter"))}));
        QCOMPARE(markerFromBob(QStringLiteral("marker 4")).body, QStringLiteral("marker 4"));
        // Bob's marker counts in the total, the muted group's message only in its own badge.
        QTRY_COMPARE_WITH_TIMEOUT(m_chats->unreadTotal(), totalBefore + 1, kTimeoutMs);
        const int teamRow = m_chats->rowOfChat(kTeamChat);
        QVERIFY(m_chats->index(teamRow).data(core::ChatListModel::MutedRole).toBool());

        QVERIFY(apply({protocol::ChatMutedUpdate{kTeamChat, 0}})); // unmuted
        QTRY_VERIFY_WITH_TIMEOUT(!m_chats->isMuted(double(kTeamChat)), kTimeoutMs);
        QVERIFY(apply({message(kTeamChat, kCarol, QStringLiteral("heard again"))}));
        const Shown shown = next();
        QCOMPARE(shown.summary, QStringLiteral("Carol in Team"));
        QCOMPARE(shown.body, QStringLiteral("heard again"));
    }

    void photoWithoutTextIsCalledAPhoto() {
        protocol::Attachment photo;
        photo.fileId = QString(64, QLatin1Char('a'));
        photo.kind = protocol::AttachmentKind::Photo;
        photo.size = 1024;
        photo.mime = QStringLiteral("image/jpeg");
        photo.name = QStringLiteral("beach.jpg");
        QVERIFY(apply({protocol::NewMessageUpdate{{++m_messageId,
                                                   kBobChat,
                                                   kBob,
                                                   QDateTime::currentMSecsSinceEpoch(),
                                                   QString(),
                                                   0,
                                                   {photo}}}}));
        const Shown shown = next();
        QCOMPARE(shown.summary, QStringLiteral("Bob"));
        QCOMPARE(shown.body, QStringLiteral("Photo"));
    }

    void hiddenPreviewShowsNeitherSenderNorText() {
        m_preferences->setNotificationPreview(false);
        QVERIFY(apply({message(kTeamChat, kCarol, QStringLiteral("the secret plan"))}));
        const Shown shown = next();
        QCOMPARE(shown.summary, QStringLiteral("Messenger"));
        QCOMPARE(shown.body, QStringLiteral("New message"));
        m_preferences->setNotificationPreview(true);
    }

    void clickAsksToOpenTheChat() {
        QSignalSpy requested(m_notifier.get(), &core::MessageNotifier::chatRequested);
        const uint id = markerFromBob(QStringLiteral("click me")).id;
        QVERIFY(id != 0);
        QDBusMessage invoked =
            QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("ActionInvoked"));
        invoked << id << QStringLiteral("default");
        QVERIFY(m_daemonBus.send(invoked));
        QVERIFY(requested.wait(kTimeoutMs));
        QCOMPARE(qint64(requested.at(0).at(0).toDouble()), kBobChat);
        QCOMPARE(requested.at(0).at(1).toString(), QStringLiteral("Bob"));
    }

    void readingTheChatWithdrawsItsNotification() {
        const uint id = markerFromBob(QStringLiteral("read me")).id;
        QVERIFY(id != 0);
        QSignalSpy closed(&m_daemon, &FakeNotificationDaemon::closedOne);
        // Read here or on another device: the chat's unread count drops to zero.
        m_context->markRead(kBobChat, m_messageId);
        QVERIFY(closed.wait(kTimeoutMs));
        QCOMPARE(m_daemon.closed.last(), id);
    }
};

QTEST_GUILESS_MAIN(TstMessageNotifier)

#include "tst_message_notifier.moc"
