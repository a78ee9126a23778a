// Groups through the real Main.qml over a real client signed in to the REAL msgr-server (issue
// 10 item 6), at desktop (1280x800) and phone (390x844) sizes: "New group" in the chat list's
// menu takes a name and members found by searching users, creates the group and opens it; the
// chat shows the service message in words; the header's info button opens the group info page:
// name, "2 members", the members with role badges; the owner makes bob an admin from his row's
// menu and renames the group; at phone size the page covers the window, and "Leave group" asks
// first, then leaves (bob, on the server, sees alice gone).
//
// Invite links and read lists (§20, §21): the owner's "Invite link" section creates a link
// (shown as text, copied to the clipboard) and revokes it after asking (the server then says
// NOT_FOUND to bob's check); "Join group by link" from the chat list's menu refuses a dead link
// in words, shows a live one's group (title, member count) and joins it, opening the chat; on
// alice's own message there, "Read by" lists bob as read once he read it, at phone and desktop
// sizes.
//
// Upgrading (§23.4): the owner's "Upgrade to supergroup" on the info page asks first, then the
// app opens the new supergroup, whose composer sends into it (bob reads it on the server); the
// old group shows "This group was upgraded to a supergroup" with Open instead of its composer.
// A supergroup of 300 members (written into the server's data before it starts) lists them on
// its info page: the first 200, then the rest once the user scrolls down with the wheel, with
// the owner's badge.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/groups/group_creator.h"
#include "protocol/api/api.h"
#include "protocol/api/invites.h"
#include "storage/profile_store.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/app_takeover.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "translations/ui_translations.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QProcess>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = protocol::api;

namespace {
constexpr int kTimeoutMs = 20'000;
const QString kPassword = QStringLiteral("correct horse battery");
const QSize kDesktop(1280, 800);
const QSize kPhone(390, 844);
} // namespace

class TstGroupsUi : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_profile;
    TestClient m_bob;
    qint64 m_aliceId = 0;
    qint64 m_groupId = 0;
    qint64 m_clubId = 0;  // bob's group alice joins by link
    qint64 m_crowdId = 0; // 300 members and its owner, seeded
    QString m_crowdOwnerToken;
    translations::UiTranslations m_translations; // English plurals ("2 members")
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    //! Popups and dialogs live in the window's overlay, under the content item too.
    QQuickItem *overlayItem(const QString &name) const { return item(name); }
    void click(QQuickItem *target, Qt::MouseButton button = Qt::LeftButton) {
        QVERIFY(target);
        const QPointF centre =
            target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, button, Qt::NoModifier, centre.toPoint());
    }
    //! Clicks the visible item `name` once it stays where it is (popups move once sized).
    bool clickWhenSteady(const QString &name) {
        QPointF last(-1, -1);
        int steady = 0;
        const bool settled = QTest::qWaitFor(
            [&] {
                QQuickItem *target = overlayItem(name);
                const QPointF now = target ? target->mapToScene(QPointF(0, 0)) : QPointF(-1, -1);
                steady = target && now == last ? steady + 1 : 0;
                last = now;
                return steady >= 3;
            },
            kTimeoutMs);
        if (settled)
            click(overlayItem(name));
        return settled;
    }
    QString textOf(const QString &name) const {
        QQuickItem *found = overlayItem(name);
        return found ? found->property("text").toString() : QStringLiteral("<none>");
    }
    //! The member rows of the info page by user id.
    QQuickItem *memberRow(qint64 userId) const {
        QQuickItem *list = overlayItem(QStringLiteral("groupMembers"));
        return list ? test::qml::delegateWith(list, "userId", userId) : nullptr;
    }
    //! Bob's view of the group on the server.
    QList<qint64> membersOnServer() {
        const auto chats = m_bob.call(api::ListChats{});
        if (chats.ok())
            for (const protocol::ChatSummary &s : chats.value->chats)
                if (s.chat.id == m_groupId)
                    return s.chat.memberIds;
        return {};
    }
    //! The delegate of the sent message with `text` in the open chat (null: none yet).
    QQuickItem *sentBubble(const QString &text) const {
        QQuickItem *view = item(QStringLiteral("messageList"));
        if (!view)
            return nullptr;
        const int count = view->property("count").toInt();
        for (int row = 0; row < count; ++row) {
            QQuickItem *delegate = nullptr;
            QMetaObject::invokeMethod(view, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, delegate),
                                      Q_ARG(int, row));
            if (delegate && delegate->property("text").toString() == text &&
                delegate->property("messageId").toDouble() > 0)
                return delegate;
        }
        return nullptr;
    }
    //! Right-clicks the row, as a desktop user does. Once the page's slide-in is over: a
    //! StackView takes no clicks while a transition runs (the join dialog opens the chat).
    void openMenuOf(QQuickItem *bubble) {
        QQuickItem *stack = item(QStringLiteral("stack"));
        QTRY_VERIFY_WITH_TIMEOUT(!stack || !stack->property("busy").toBool(), kTimeoutMs);
        click(bubble, Qt::RightButton);
    }
    //! Right-clicks the bubble, then "Read by"; true once the popup lists bob as read.
    bool readByShowsBobAsRead(const QString &text) {
        // The row moves while the list settles (a resize, the newest kept in view): its menu
        // opens once it stays where it is.
        QPointF last(-1, -1);
        int steady = 0;
        if (!QTest::qWaitFor(
                [&] {
                    QQuickItem *bubble = sentBubble(text);
                    const QPointF now =
                        bubble ? bubble->mapToScene(QPointF(0, 0)) : QPointF(-1, -1);
                    steady = bubble && now == last ? steady + 1 : 0;
                    last = now;
                    return steady >= 3;
                },
                kTimeoutMs))
            return false;
        QQuickItem *bubble = sentBubble(text);
        openMenuOf(bubble);
        if (!clickWhenSteady(QStringLiteral("menuReadBy"))) {
            qWarning() << "no Read by item in the message menu; the menu is"
                       << (overlayItem(QStringLiteral("menuCopy")) ? "open" : "closed")
                       << bubble->property("outgoing");
            return false;
        }
        QQuickItem *row = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] {
                QQuickItem *list = overlayItem(QStringLiteral("readersList"));
                row = list ? test::qml::delegateWith(list, "userId", m_bob.userId()) : nullptr;
                return row && row->property("readState").toString() == QStringLiteral("read") &&
                       row->property("name").toString() == QStringLiteral("bob");
            },
            kTimeoutMs);
        if (!shown)
            qWarning() << "readers:" << textOf(QStringLiteral("readersError"))
                       << (row ? row->property("readState").toString() : QStringLiteral("no row"))
                       << (row ? row->property("name").toString() : QString());
        return shown;
    }
    //! One turn of the mouse wheel down over `over`, as a user scrolls; waits for it to settle.
    void wheelDown(QQuickItem *over) {
        const QPointF at = over->mapToScene(QPointF(over->width() / 2, over->height() / 2));
        QWheelEvent wheel(at, m_window->mapToGlobal(at), QPoint(), QPoint(0, -120 * 3),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        wheel.setTimestamp(ulong(QDateTime::currentMSecsSinceEpoch()));
        QCoreApplication::sendEvent(m_window, &wheel);
        QTRY_VERIFY_WITH_TIMEOUT(!over->property("moving").toBool(), kTimeoutMs);
    }
    QList<qint64> adminsOnServer() {
        const auto chats = m_bob.call(api::ListChats{});
        if (chats.ok())
            for (const protocol::ChatSummary &s : chats.value->chats)
                if (s.chat.id == m_groupId)
                    return s.chat.adminIds;
        return {};
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QCOMPARE(m_translations.apply(QStringLiteral("en")), QStringLiteral("en"));
        // A supergroup far longer than one screen, written before the server starts (300
        // sign-ups through it would be 300 password hashes and past its sign-up rate).
        QProcess seeding;
        seeding.start(QStringLiteral(MSGR_SEED_SUPERGROUP_BIN),
                      {m_server.dataDir(), QStringLiteral("crowd"), QStringLiteral("300")});
        QVERIFY(seeding.waitForFinished(60'000));
        QVERIFY2(seeding.exitCode() == 0, seeding.readAllStandardError().constData());
        const QStringList seeded =
            QString::fromUtf8(seeding.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(seeded.size(), 3);
        m_crowdId = seeded.at(0).toLongLong();
        m_crowdOwnerToken = seeded.at(1);
        QVERIFY(m_crowdId > 0);
        QVERIFY(m_server.start());
        // Alice signs up from a protocol client whose session the app then takes over.
        TestClient alice;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        QVERIFY(m_bob.connectTo(m_server.wsUrl()));
        QVERIFY(!m_bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        m_aliceId = alice.userId();
        m_client = test::qml::takeOverSession(alice, QStringLiteral("alice"), m_server.wsUrl(),
                                              m_profile.path(), kTimeoutMs);
        QVERIFY2(m_client, "the app took the session over and signed in");
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->connection(), core::Session::Online,
                                  kTimeoutMs);
        QVERIFY(m_shell.show(kDesktop));
        m_window = m_shell.window();
    }

    void cleanupTestCase() {
        m_shell.reset();
        m_client.reset();
    }

    void newGroupCreatesAndOpensIt() {
        click(item(QStringLiteral("menuButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("newGroupMenuItem")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("groupTitleField")), kTimeoutMs);
        // No name, no Create.
        QQuickItem *create = overlayItem(QStringLiteral("createGroupButton"));
        QVERIFY(create);
        QVERIFY(!create->property("enabled").toBool());
        overlayItem(QStringLiteral("groupTitleField"))->setProperty("text", QStringLiteral("Trip"));
        overlayItem(QStringLiteral("memberSearchField"))->setProperty("text", QStringLiteral("bo"));
        QQuickItem *hits = overlayItem(QStringLiteral("memberSearchResults"));
        QVERIFY(hits);
        QTRY_VERIFY_WITH_TIMEOUT(test::qml::delegateWith(hits, "userId", m_bob.userId()),
                                 kTimeoutMs);
        click(test::qml::delegateWith(hits, "userId", m_bob.userId()));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("pickedUser")), kTimeoutMs);
        QVERIFY(create->property("enabled").toBool());
        click(create);

        // The new group opens, and bob is in it on the server.
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatPage")), kTimeoutMs);
        QQuickItem *page = item(QStringLiteral("chatPage"));
        QTRY_COMPARE_WITH_TIMEOUT(page->property("chatTitle").toString(), QStringLiteral("Trip"),
                                  kTimeoutMs);
        m_groupId = qint64(page->property("chatId").toDouble());
        QVERIFY(m_groupId > 0);
        QTRY_COMPARE_WITH_TIMEOUT(membersOnServer().size(), 2, kTimeoutMs);
        QVERIFY(!overlayItem(QStringLiteral("groupTitleField"))); // the dialog closed
        // The history says who created it, in words, not as an empty bubble.
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("serviceMessage")),
                                  QStringLiteral("alice created the group “Trip”"), kTimeoutMs);
    }

    void infoPageShowsMembersAndTheOwnersActions() {
        click(item(QStringLiteral("groupInfoButton")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("groupInfoContent")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("groupTitle")), QStringLiteral("Trip"),
                                  kTimeoutMs);
        QCOMPARE(textOf(QStringLiteral("memberCount")), QStringLiteral("2 members"));
        // A panel on the desktop, not the whole window.
        QVERIFY(overlayItem(QStringLiteral("groupInfoContent"))->width() < kDesktop.width());
        QTRY_VERIFY_WITH_TIMEOUT(memberRow(m_aliceId) && memberRow(m_bob.userId()), kTimeoutMs);
        QCOMPARE(memberRow(m_aliceId)->property("role").toString(), QStringLiteral("owner"));
        QCOMPARE(memberRow(m_bob.userId())->property("role").toString(), QStringLiteral("member"));
        QVERIFY(overlayItem(QStringLiteral("renameButton")));
        QVERIFY(overlayItem(QStringLiteral("addMembersButton")));
        QVERIFY(overlayItem(QStringLiteral("leaveGroupButton")));

        // Bob's row: Make admin (not Remove admin).
        click(memberRow(m_bob.userId()));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("makeAdminItem")), kTimeoutMs);
        QVERIFY(!overlayItem(QStringLiteral("removeAdminItem")));
        QVERIFY(overlayItem(QStringLiteral("removeMemberItem")));
        QVERIFY(clickWhenSteady(QStringLiteral("makeAdminItem")));
        QTRY_COMPARE_WITH_TIMEOUT(memberRow(m_bob.userId())->property("role").toString(),
                                  QStringLiteral("admin"), kTimeoutMs);
        QCOMPARE(adminsOnServer(), QList<qint64>{m_bob.userId()});
        // Alice's own row offers nothing.
        click(memberRow(m_aliceId));
        QVERIFY(!overlayItem(QStringLiteral("makeAdminItem")));

        // Rename.
        click(overlayItem(QStringLiteral("renameButton")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("renameField")), kTimeoutMs);
        overlayItem(QStringLiteral("renameField"))->setProperty("text", QStringLiteral("Trip 2"));
        click(overlayItem(QStringLiteral("renameSave")));
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("groupTitle")), QStringLiteral("Trip 2"),
                                  kTimeoutMs);
        click(overlayItem(QStringLiteral("groupInfoClose")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("groupInfoContent")), kTimeoutMs);
    }

    void inviteLinkSectionCreatesCopiesAndRevokes() {
        click(item(QStringLiteral("groupInfoButton")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("inviteLinkSection")), kTimeoutMs);
        QVERIFY(!overlayItem(QStringLiteral("inviteLinkField"))); // none until created
        QVERIFY(clickWhenSteady(QStringLiteral("inviteLinkCreate")));
        QTRY_VERIFY_WITH_TIMEOUT(
            textOf(QStringLiteral("inviteLinkField")).startsWith(QStringLiteral("msgr://join/")),
            kTimeoutMs);
        const QString link = textOf(QStringLiteral("inviteLinkField"));
        const QString token = link.mid(QStringLiteral("msgr://join/").size());
        // The link leads to this group.
        const auto preview = m_bob.call(api::CheckInvite{token});
        QVERIFY(preview.ok());
        QCOMPARE(preview.value->title, QStringLiteral("Trip 2"));
        QCOMPARE(preview.value->memberCount, 2);
        click(overlayItem(QStringLiteral("inviteLinkCopy")));
        QCOMPARE(QGuiApplication::clipboard()->text(), link);
        QVERIFY(overlayItem(QStringLiteral("inviteLinkCopied")));

        // Revoke asks first; then the link is gone here and dead on the server.
        click(overlayItem(QStringLiteral("inviteLinkRevoke")));
        QVERIFY(clickWhenSteady(QStringLiteral("confirmAction")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("inviteLinkField")), kTimeoutMs);
        QVERIFY(textOf(QStringLiteral("inviteLinkError")) == QStringLiteral("<none>"));
        const auto dead = m_bob.call(api::CheckInvite{token});
        QVERIFY(!dead.ok());
        QCOMPARE(dead.error.code, protocol::ErrorCode::NotFound);
        click(overlayItem(QStringLiteral("groupInfoClose")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("groupInfoContent")), kTimeoutMs);
    }

    void atPhoneSizeThePageCoversTheWindowAndLeaveAsksFirst() {
        test::qml::resizeShell(m_window, kPhone, kTimeoutMs);
        if (!item(QStringLiteral("chatPage")))
            test::qml::openChatFromList(m_window, m_groupId, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("groupInfoButton")), kTimeoutMs);
        click(item(QStringLiteral("groupInfoButton")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("groupInfoContent")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(overlayItem(QStringLiteral("groupInfoContent"))->width(),
                                  qreal(kPhone.width()), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("groupTitle")), QStringLiteral("Trip 2"),
                                  kTimeoutMs);

        // Leave: asked first; Cancel keeps her in.
        click(overlayItem(QStringLiteral("leaveGroupButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("confirmCancel")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("confirmCancel")), kTimeoutMs);
        QCOMPARE(membersOnServer().size(), 2);
        click(overlayItem(QStringLiteral("leaveGroupButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("confirmAction")));
        // She is out on the server; the page and the chat close.
        QTRY_COMPARE_WITH_TIMEOUT(membersOnServer(), QList<qint64>{m_bob.userId()}, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("groupInfoContent")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("chatPage")), kTimeoutMs);
    }

    void joinByLinkRefusesADeadLinkThenJoins() {
        // Bob's own group, and its link (at phone size, from the previous case).
        const auto club =
            m_bob.call(api::CreateGroup{0x7e57'0001, QStringLiteral("Bob's club"), {}});
        QVERIFY(club.ok());
        m_clubId = club.value->chat.id;
        const auto exported = m_bob.call(api::ExportInvite{m_clubId});
        QVERIFY(exported.ok());

        click(item(QStringLiteral("menuButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("joinByLinkMenuItem")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("joinLinkField")), kTimeoutMs);
        // The dialog fits the phone's width.
        QQuickItem *field = overlayItem(QStringLiteral("joinLinkField"));
        QVERIFY(field->mapToScene(QPointF(field->width(), 0)).x() <= kPhone.width());
        QVERIFY(!overlayItem(QStringLiteral("joinLinkJoin"))->property("enabled").toBool());
        // A link never issued (or revoked): said in words, nothing to join.
        overlayItem(QStringLiteral("joinLinkField"))
            ->setProperty("text", QStringLiteral("msgr://join/") + QString(43, u'A'));
        click(overlayItem(QStringLiteral("joinLinkCheck")));
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("joinLinkError")),
                                  QStringLiteral("This link is invalid or was revoked."),
                                  kTimeoutMs);
        QVERIFY(!overlayItem(QStringLiteral("joinLinkJoin"))->property("enabled").toBool());

        overlayItem(QStringLiteral("joinLinkField"))
            ->setProperty("text", QStringLiteral("msgr://join/") + exported.value->token);
        click(overlayItem(QStringLiteral("joinLinkCheck")));
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("joinLinkTitle")),
                                  QStringLiteral("Bob's club"), kTimeoutMs);
        QCOMPARE(textOf(QStringLiteral("joinLinkMembers")), QStringLiteral("1 member"));
        QVERIFY(textOf(QStringLiteral("joinLinkError")) == QStringLiteral("<none>"));
        QVERIFY(clickWhenSteady(QStringLiteral("joinLinkJoin")));

        // She is in, and the group opens.
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatPage")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("chatPage"))->property("chatId").toDouble(),
                                  double(m_clubId), kTimeoutMs);
        QVERIFY(!overlayItem(QStringLiteral("joinLinkField")));
    }

    void readByListsWhoReadAtPhoneAndDesktopSizes() {
        QVERIFY(m_clubId > 0);
        m_client->session()->context()->sendText(m_clubId, QStringLiteral("who reads this?"));
        QTRY_VERIFY_WITH_TIMEOUT(sentBubble(QStringLiteral("who reads this?")), kTimeoutMs);
        const auto messageId =
            qint64(sentBubble(QStringLiteral("who reads this?"))->property("messageId").toDouble());
        QVERIFY(m_bob.call(api::MarkRead{m_clubId, messageId}).ok());

        // Phone: the popup covers the window.
        QVERIFY(readByShowsBobAsRead(QStringLiteral("who reads this?")));
        QCOMPARE(overlayItem(QStringLiteral("readersList"))->width(), qreal(kPhone.width()));
        QCOMPARE(textOf(QStringLiteral("readersSummary")),
                 QStringLiteral("Read by 1 · received by 0"));
        click(overlayItem(QStringLiteral("readersClose")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("readersList")), kTimeoutMs);

        // Desktop: a panel.
        test::qml::resizeShell(m_window, kDesktop, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(sentBubble(QStringLiteral("who reads this?")), kTimeoutMs);
        QVERIFY(readByShowsBobAsRead(QStringLiteral("who reads this?")));
        QVERIFY(overlayItem(QStringLiteral("readersList"))->width() < kDesktop.width() / 2.0);
        click(overlayItem(QStringLiteral("readersClose")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("readersList")), kTimeoutMs);

        // Someone else's message: no "Read by" (only the sender may ask).
        QVERIFY(
            m_bob.call(api::SendMessage{m_clubId, 0x7e57'0002, QStringLiteral("hi alice")}).ok());
        QTRY_VERIFY_WITH_TIMEOUT(sentBubble(QStringLiteral("hi alice")), kTimeoutMs);
        openMenuOf(sentBubble(QStringLiteral("hi alice")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("menuCopy")), kTimeoutMs);
        QVERIFY(!overlayItem(QStringLiteral("menuReadBy")));
        QTest::keyClick(m_window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("menuCopy")), kTimeoutMs);
    }

    void upgradeOpensTheSupergroupAndTheOldGroupIsReadOnly() {
        // Alice's own group with bob, made as the "New group" dialog makes it.
        core::GroupCreator creator;
        creator.setProperty("context", QVariant::fromValue(m_client->session()->context()));
        QSignalSpy created(&creator, &core::GroupCreator::created);
        creator.reset();
        creator.create(QStringLiteral("Crowd"), {double(m_bob.userId())});
        QVERIFY(created.wait(kTimeoutMs));
        const auto groupId = qint64(created.first().at(0).toDouble());
        test::qml::openChatFromList(m_window, groupId, kTimeoutMs);
        const auto openChatId = [this] {
            QQuickItem *page = item(QStringLiteral("chatPage"));
            return page ? qint64(page->property("chatId").toDouble()) : 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("composerInput")), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("upgradedBar")));

        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("groupInfoButton")), kTimeoutMs);
        click(item(QStringLiteral("groupInfoButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("upgradeGroupButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("confirmAction")));
        // The supergroup opens in the group's place.
        QTRY_VERIFY_WITH_TIMEOUT(openChatId() > 0 && openChatId() != groupId, kTimeoutMs);
        const qint64 supergroupId = openChatId();
        const auto onServer = m_bob.call(api::GetChannel{supergroupId});
        QVERIFY(onServer.ok());
        QVERIFY(onServer.value->channel.megagroup);
        QCOMPARE(onServer.value->channel.subscriberCount, 2);
        // The chat list tells the supergroup from a broadcast channel: the forward dialog offers
        // it as a target (its members write there), and the old group stays a group.
        core::ChatListModel *chats = m_client->session()->chats();
        const auto listedAsSupergroup = [chats](qint64 chatId) {
            const int row = chats->rowOfChat(chatId);
            return row >= 0 &&
                   chats->index(row).data(core::ChatListModel::IsSupergroupRole).toBool();
        };
        QTRY_VERIFY_WITH_TIMEOUT(listedAsSupergroup(supergroupId), kTimeoutMs);
        QVERIFY(!listedAsSupergroup(groupId));
        // Its composer is there for a member, and sends into the supergroup.
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("composerInput")), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("upgradedBar")));
        item(QStringLiteral("composerInput"))
            ->setProperty("text", QStringLiteral("hello, supergroup"));
        click(item(QStringLiteral("sendButton")));
        const auto bobReads = [this, supergroupId] {
            const auto history = m_bob.call(api::GetChannelHistory{supergroupId, 0, 50});
            if (history.ok())
                for (const protocol::Message &m : history.value->messages)
                    if (m.text == QStringLiteral("hello, supergroup") && m.senderId == m_aliceId)
                        return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(bobReads(), kTimeoutMs);

        // The old group is read-only: no composer, a bar that opens the supergroup.
        test::qml::openChatFromList(m_window, groupId, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("upgradedBar")), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("composerInput")));
        QVERIFY(clickWhenSteady(QStringLiteral("openSupergroupButton")));
        QTRY_COMPARE_WITH_TIMEOUT(openChatId(), supergroupId, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("composerInput")), kTimeoutMs);
    }

    void aSupergroupsInfoPageListsItsMembersPageByPageAsTheUserScrolls() {
        // The seeded supergroup's owner adds alice; it comes to her app as any subscription.
        TestClient owner;
        QVERIFY(owner.connectTo(m_server.wsUrl()) && owner.resume(m_crowdOwnerToken));
        QVERIFY(owner.call(api::AddChannelSubscribers{m_crowdId, {m_aliceId}}).ok());
        test::qml::openChatFromList(m_window, m_crowdId, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("groupInfoButton")), kTimeoutMs);
        click(item(QStringLiteral("groupInfoButton")));
        QTRY_VERIFY_WITH_TIMEOUT(overlayItem(QStringLiteral("channelInfoContent")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("subscriberCount")),
                                  QStringLiteral("302 members"), kTimeoutMs);
        // One page (200) first: far more than the page shows, and not all 302.
        QQuickItem *rows = overlayItem(QStringLiteral("supergroupMemberRows"));
        QVERIFY(rows);
        QTRY_COMPARE_WITH_TIMEOUT(rows->property("count").toInt(), 200, kTimeoutMs);
        QQuickItem *flick = overlayItem(QStringLiteral("channelInfoFlickable"));
        QVERIFY(flick);
        // Once laid out (the next polish): many screens long.
        QTRY_VERIFY_WITH_TIMEOUT(flick->property("contentHeight").toDouble() > 4 * flick->height(),
                                 kTimeoutMs);
        // The wheel down to the end of the list brings the next page, and then the rest.
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (rows->property("count").toInt() == 302)
                    return true;
                wheelDown(flick);
                return false;
            },
            60'000));
        // Each member once, the owner with the owner's badge, alice without one.
        QSet<double> ids;
        int owners = 0;
        QQuickItem *alice = nullptr;
        for (int i = 0; i < 302; ++i) {
            QQuickItem *row = nullptr;
            QMetaObject::invokeMethod(rows, "itemAt", Q_RETURN_ARG(QQuickItem *, row),
                                      Q_ARG(int, i));
            QVERIFY(row);
            ids.insert(row->property("userId").toDouble());
            owners += row->property("badge").toString() == QStringLiteral("owner") ? 1 : 0;
            if (qint64(row->property("userId").toDouble()) == m_aliceId)
                alice = row;
        }
        QCOMPARE(ids.size(), 302);
        QCOMPARE(owners, 1);
        QVERIFY(alice);
        QCOMPARE(alice->property("badge").toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(alice->property("name").toString(), QStringLiteral("alice"),
                                  kTimeoutMs);
        click(overlayItem(QStringLiteral("channelInfoClose")));
        QTRY_VERIFY_WITH_TIMEOUT(!overlayItem(QStringLiteral("channelInfoContent")), kTimeoutMs);
    }
};

QTEST_MAIN(TstGroupsUi)
#include "tst_groups_ui.moc"
