// Drafts through the real Main.qml over a real client (docs/protocol.md §17.2), at desktop (two
// panes) and phone (one stack) size: text typed in a chat's composer stays with that chat when
// the user switches to another and comes back; the chat list row shows "Draft: <text>" (the
// mark in the error colour) instead of the last message; sending clears it; a draft from
// another device (a `draft` update applied as the engine does) shows in the row and in the
// composer when the chat opens; a chat given a draft moves up the list as Telegram's (the draft
// is its newest activity) and goes back to its place when the draft is removed. The server path
// is tests/core/tst_drafts_sync.cpp.
//
// No server: the stored session signs in offline.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/context/core_context.h"
#include "core/context/user_names.h"
#include "core/drafts/drafts.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"
#include "storage/tables/drafts_table.h"
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
using core::Session;

namespace {

constexpr qint64 kSelfId = 1;
constexpr qint64 kBobId = 2;
constexpr qint64 kCarolId = 3;
constexpr qint64 kPrivateChatId = 20;
constexpr qint64 kGroupId = 21;
// A chat id with a draft from another device and no row of its own yet (a draft may arrive
// before its chat).
constexpr qint64 kLaterChatId = 22;
constexpr int kTimeoutMs = 20'000;
const QSize kDesktop(1000, 700);
const QSize kPhone(390, 844);

} // namespace

class TstDraftsUi : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    core::Drafts *drafts() const { return m_client->context()->drafts(); }
    qint64 m_pts = 0;

    void resize(const QSize &size) { test::qml::resizeShell(m_window, size, kTimeoutMs); }
    void closeChat() { test::qml::closeOpenChat(m_window, kTimeoutMs); }
    void openChat(qint64 chatId) { test::qml::openChatFromList(m_window, chatId, kTimeoutMs); }
    void settle() { test::qml::settleShell(m_window, kTimeoutMs); }

    QString rowLine(qint64 chatId) const { return test::qml::chatRowLine(m_window, chatId); }
    //! Whether the chat's row shows the red "Draft:" mark.
    bool rowShowsDraftMark(qint64 chatId) const {
        QQuickItem *list = item(QStringLiteral("chatList"));
        QQuickItem *row = list ? test::qml::delegateWith(list, "chatId", chatId) : nullptr;
        QQuickItem *mark =
            row ? row->findChild<QQuickItem *>(QStringLiteral("rowDraftMark")) : nullptr;
        return mark && mark->isVisible();
    }
    //! Where the chat's row is drawn in the list (-1: not drawn): the order the user sees.
    qreal rowY(qint64 chatId) const {
        QQuickItem *list = item(QStringLiteral("chatList"));
        QQuickItem *row = list ? test::qml::delegateWith(list, "chatId", chatId) : nullptr;
        return row ? row->y() : -1;
    }
    //! Types `text` as the open chat's whole composer and stores it as the draft at once.
    void setDraftOf(qint64 chatId, const QString &text) {
        openChat(chatId);
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        QVERIFY(input->setProperty("text", text));
        drafts()->saveNow(double(chatId));
        QTRY_COMPARE_WITH_TIMEOUT(drafts()->text(double(chatId)), text, kTimeoutMs);
        closeChat();
    }
    QString composerText() const {
        QQuickItem *input = item(QStringLiteral("composerInput"));
        return input ? input->property("text").toString() : QStringLiteral("<no composer>");
    }
    void type(const QString &text) {
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->forceActiveFocus();
        QTRY_VERIFY_WITH_TIMEOUT(input->hasActiveFocus(), kTimeoutMs);
        for (const char key : text.toLatin1())
            QTest::keyClick(m_window, key);
        QTRY_COMPARE_WITH_TIMEOUT(composerText(), text, kTimeoutMs);
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, m_profile.path()));
            test::saveAccount(seed, {kSelfId, 1, QStringLiteral("self"), QStringLiteral("t"), 0});
            seed.write([](storage::WriteTransaction &tx) {
                storage::UsersTable::store(
                    tx, {{kBobId, QStringLiteral("bob"), QStringLiteral("Bob")},
                         {kCarolId, QStringLiteral("carol"), QStringLiteral("Carol")}});
            });
            const qint64 base = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
            protocol::Chat group{kGroupId,
                                 protocol::ChatKind::Group,
                                 QStringLiteral("Trip"),
                                 {kSelfId, kBobId, kCarolId},
                                 base};
            const QList<protocol::Update> updates{
                protocol::NewChatUpdate{
                    {kPrivateChatId, protocol::ChatKind::Private, {}, {kSelfId, kBobId}, base}},
                protocol::NewChatUpdate{group},
                protocol::NewMessageUpdate{
                    {1, kPrivateChatId, kBobId, base + 1'000, QStringLiteral("see you"), 0}},
                protocol::NewMessageUpdate{
                    {2, kGroupId, kCarolId, base + 2'000, QStringLiteral("tickets?"), 0}}};
            QVERIFY(test::qml::applyUpdates(seed, updates, m_pts, kTimeoutMs));
        }
        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = m_profile.path();
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), Session::SignedIn, kTimeoutMs);
        // The names a group line shows, cached as the chat's senders would be.
        bool named = false;
        m_client->context()->userNames()->request({kBobId, kCarolId}, this,
                                                  [&named] { named = true; });
        QTRY_VERIFY_WITH_TIMEOUT(named, kTimeoutMs);

        QVERIFY(m_shell.show(kDesktop));
        m_window = m_shell.window();
    }

    void cleanupTestCase() {
        m_shell.reset();
        m_client.reset();
    }

    void sizes_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("desktop") << kDesktop;
        QTest::newRow("phone") << kPhone;
    }

    void switchingChatsKeepsAndRestoresTheDraft_data() { sizes_data(); }
    void switchingChatsKeepsAndRestoresTheDraft() {
        QFETCH(QSize, size);
        resize(size);
        const QString text = QStringLiteral("half a thought ") + QString::number(size.width());
        openChat(kPrivateChatId);
        QCOMPARE(composerText(), QString());
        type(text);

        // Another chat: its own (empty) composer.
        openChat(kGroupId);
        QCOMPARE(composerText(), QString());
        // The list shows the draft instead of bob's last message, the mark in red.
        closeChat();
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kPrivateChatId), text, kTimeoutMs);
        QVERIFY(rowShowsDraftMark(kPrivateChatId));
        QVERIFY(!rowShowsDraftMark(kGroupId));
        QCOMPARE(rowLine(kGroupId), QStringLiteral("tickets?"));

        // Back: the composer holds it again, and the store has it (waiting for the server).
        openChat(kPrivateChatId);
        QTRY_COMPARE_WITH_TIMEOUT(composerText(), text, kTimeoutMs);
        storage::ProfileStore &store = *m_client->context()->store();
        QTRY_VERIFY_WITH_TIMEOUT(test::read(store,
                                            [](storage::ReadTransaction &tx) {
                                                return storage::DraftsTable::find(tx,
                                                                                  kPrivateChatId);
                                            })
                                         .value_or(storage::DraftRow{})
                                         .text == text,
                                 kTimeoutMs);

        // Sending clears it: the composer, the row (the last message again), the store.
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->forceActiveFocus();
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(composerText(), QString(), kTimeoutMs);
        closeChat();
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kPrivateChatId), text, kTimeoutMs); // the sent message
        QVERIFY(!rowShowsDraftMark(kPrivateChatId));
        QCOMPARE(drafts()->text(double(kPrivateChatId)), QString());
    }

    void aDraftFromAnotherDeviceShows_data() { sizes_data(); }
    void aDraftFromAnotherDeviceShows() {
        QFETCH(QSize, size);
        resize(size);
        closeChat();
        const QString text = QStringLiteral("from the phone ") + QString::number(size.width());
        QVERIFY(test::qml::applyUpdates(
            *m_client->context()->store(),
            {protocol::DraftUpdate{kGroupId, text, QDateTime::currentMSecsSinceEpoch()}}, m_pts,
            kTimeoutMs));
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kGroupId), text, kTimeoutMs);
        QVERIFY(rowShowsDraftMark(kGroupId));
        openChat(kGroupId);
        QTRY_COMPARE_WITH_TIMEOUT(composerText(), text, kTimeoutMs);
        // Cleared on the phone: gone from the open composer (the user typed nothing here).
        QVERIFY(test::qml::applyUpdates(
            *m_client->context()->store(),
            {protocol::DraftUpdate{kGroupId, QString(), QDateTime::currentMSecsSinceEpoch()}},
            m_pts, kTimeoutMs));
        QTRY_COMPARE_WITH_TIMEOUT(composerText(), QString(), kTimeoutMs);

        // What the user types here is not replaced by another device's draft: it is stored
        // (dirty, waiting for the server) and the phone's arrives after it.
        const QString mine = QStringLiteral("mine ") + QString::number(size.width());
        type(mine);
        drafts()->saveNow(double(kGroupId));
        storage::ProfileStore &store = *m_client->context()->store();
        QTRY_VERIFY_WITH_TIMEOUT(test::read(store,
                                            [](storage::ReadTransaction &tx) {
                                                return storage::DraftsTable::find(tx, kGroupId);
                                            })
                                         .value_or(storage::DraftRow{})
                                         .text == mine,
                                 kTimeoutMs);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString marker = QStringLiteral("marker ") + QString::number(size.width());
        QVERIFY(
            test::qml::applyUpdates(store,
                                    {protocol::DraftUpdate{kGroupId, QStringLiteral("theirs"), now},
                                     protocol::DraftUpdate{kLaterChatId, marker, now}},
                                    m_pts, kTimeoutMs));
        // The later update for the other chat is shown: the group's was applied (and refused)
        // before it.
        QTRY_COMPARE_WITH_TIMEOUT(drafts()->text(double(kLaterChatId)), marker, kTimeoutMs);
        QCOMPARE(composerText(), mine);
        QCOMPARE(drafts()->text(double(kGroupId)), mine);

        // Cleared by the user: gone from the row.
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        QVERIFY(input->setProperty("text", QString()));
        drafts()->saveNow(double(kGroupId));
        closeChat();
        QTRY_VERIFY_WITH_TIMEOUT(!rowShowsDraftMark(kGroupId), kTimeoutMs);
        // The clear waits for the server (offline here); acknowledged as DraftService does when
        // the server answers, so the next run's draft from another device is taken again.
        QTRY_VERIFY_WITH_TIMEOUT(test::read(store,
                                            [](storage::ReadTransaction &tx) {
                                                const auto row =
                                                    storage::DraftsTable::find(tx, kGroupId);
                                                return row && row->dirty && row->text.isEmpty();
                                            }),
                                 kTimeoutMs);
        store.write([now](storage::WriteTransaction &tx) {
            storage::DraftsTable::markSent(tx, kGroupId, QString(), now);
        });
        QTRY_VERIFY_WITH_TIMEOUT(!test::read(store,
                                             [](storage::ReadTransaction &tx) {
                                                 return storage::DraftsTable::find(tx, kGroupId);
                                             })
                                      .has_value(),
                                 kTimeoutMs);
        QVERIFY(test::qml::applyUpdates(
            store, {protocol::DraftUpdate{kLaterChatId, QString(), now + 1}}, m_pts, kTimeoutMs));
        QTRY_COMPARE_WITH_TIMEOUT(drafts()->text(double(kLaterChatId)), QString(), kTimeoutMs);
    }

    void aDraftMovesTheChatUp_data() { sizes_data(); }
    void aDraftMovesTheChatUp() {
        QFETCH(QSize, size);
        resize(size);
        closeChat();
        QTRY_VERIFY_WITH_TIMEOUT(rowY(kPrivateChatId) >= 0 && rowY(kGroupId) >= 0, kTimeoutMs);
        // The chat further down (older last message) and the one above it.
        const bool privateLower = rowY(kPrivateChatId) > rowY(kGroupId);
        const qint64 lower = privateLower ? kPrivateChatId : kGroupId;
        const qint64 upper = privateLower ? kGroupId : kPrivateChatId;

        setDraftOf(lower, QStringLiteral("moving up ") + QString::number(size.width()));
        QTRY_VERIFY_WITH_TIMEOUT(rowY(lower) >= 0 && rowY(lower) < rowY(upper), kTimeoutMs);
        QVERIFY(rowShowsDraftMark(lower));

        // Removed: back below, ordered by the last message again.
        setDraftOf(lower, QString());
        QTRY_VERIFY_WITH_TIMEOUT(rowY(upper) >= 0 && rowY(lower) > rowY(upper), kTimeoutMs);
        QVERIFY(!rowShowsDraftMark(lower));
    }
};

QTEST_MAIN(TstDraftsUi)
#include "tst_drafts_ui.moc"
