// Typing indicators through the real Main.qml over a real client (docs/protocol.md §17), at
// desktop (two panes) and phone (one stack) size: a peer's notice shows "typing…" in the chat
// list row instead of the last message and under the title of the open chat, a group names who
// types, a stop restores the last message; and the composer's text becomes notices (a start
// while typing, a stop when cleared). The notices are fed to the app's one TypingIndicators as
// the engine's TypingRelay does; the relay's own path is tested against the real server
// (tests/integration/tst_typing.cpp).
//
// No server: the stored session signs in offline.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/context/core_context.h"
#include "core/context/user_names.h"
#include "core/typing/typing_indicators.h"
#include "protocol/updates.h"
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
using core::Session;

namespace {

constexpr qint64 kSelfId = 1;
constexpr qint64 kBobId = 2;
constexpr qint64 kCarolId = 3;
constexpr qint64 kPrivateChatId = 20;
constexpr qint64 kGroupId = 21;
constexpr int kTimeoutMs = 20'000;
const QSize kDesktop(1000, 700);
const QSize kPhone(390, 844);

struct Sent {
    qint64 chatId;
    bool typing;
    friend bool operator==(const Sent &, const Sent &) = default;
};

} // namespace

class TstTypingLine : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;
    QList<Sent> m_sent;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    core::TypingIndicators *typing() const { return m_client->context()->typing(); }

    void resize(const QSize &size) { test::qml::resizeShell(m_window, size, kTimeoutMs); }
    void closeChat() { test::qml::closeOpenChat(m_window, kTimeoutMs); }
    void openChat(qint64 chatId) { test::qml::openChatFromList(m_window, chatId, kTimeoutMs); }
    void settle() { test::qml::settleShell(m_window, kTimeoutMs); }

    QString rowLine(qint64 chatId) const { return test::qml::chatRowLine(m_window, chatId); }
    //! The line under the open chat's title; "<hidden>" when it is not shown.
    QString headerLine() const {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        QQuickItem *line =
            page ? test::qml::visibleItem(page, QStringLiteral("headerSubtitle")) : nullptr;
        return line ? line->property("text").toString() : QStringLiteral("<hidden>");
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
            qint64 pts = 0;
            QVERIFY(test::qml::applyUpdates(seed, updates, pts, kTimeoutMs));
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
        // What the composer sends is recorded instead of reaching the (absent) server.
        typing()->setSender([this](qint64 chatId, bool on) { m_sent.append({chatId, on}); });

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

    void aPeerTypingShowsInTheRowAndTheHeader_data() { sizes_data(); }
    void aPeerTypingShowsInTheRowAndTheHeader() {
        QFETCH(QSize, size);
        resize(size);
        closeChat();
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kPrivateChatId), QStringLiteral("see you"), kTimeoutMs);
        typing()->notePeerTyping(kPrivateChatId, kBobId, true);
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kPrivateChatId), QStringLiteral("typing…"), kTimeoutMs);
        QCOMPARE(rowLine(kGroupId), QStringLiteral("tickets?"));

        // Opened while Bob types: the header shows it at once (one shared state).
        openChat(kPrivateChatId);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("typing…"), kTimeoutMs);
        typing()->notePeerTyping(kPrivateChatId, kBobId, false);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("<hidden>"), kTimeoutMs);
        closeChat();
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kPrivateChatId), QStringLiteral("see you"), kTimeoutMs);
    }

    void aGroupNamesWhoTypes_data() { sizes_data(); }
    void aGroupNamesWhoTypes() {
        QFETCH(QSize, size);
        resize(size);
        openChat(kGroupId);
        // Nobody types: the members line (§17.3; untranslated here, no translator installed).
        QCOMPARE(headerLine(), QStringLiteral("3 member(s)"));
        typing()->notePeerTyping(kGroupId, kCarolId, true);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("Carol is typing…"), kTimeoutMs);
        typing()->notePeerTyping(kGroupId, kBobId, true);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("Bob and Carol are typing…"),
                                  kTimeoutMs);
        closeChat();
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kGroupId), QStringLiteral("Bob and Carol are typing…"),
                                  kTimeoutMs);
        typing()->clearAll(); // as a lost link does
        QTRY_COMPARE_WITH_TIMEOUT(rowLine(kGroupId), QStringLiteral("tickets?"), kTimeoutMs);
    }

    void theComposerSendsNotices_data() { sizes_data(); }
    void theComposerSendsNotices() {
        QFETCH(QSize, size);
        resize(size);
        openChat(kPrivateChatId);
        m_sent.clear();
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->forceActiveFocus();
        for (const char key : {'h', 'e', 'l'})
            QTest::keyClick(m_window, key);
        QTRY_COMPARE_WITH_TIMEOUT(input->property("text").toString(), QStringLiteral("hel"),
                                  kTimeoutMs);
        // Three keys, one notice (the next may go 5 s later).
        QCOMPARE(m_sent, (QList<Sent>{{kPrivateChatId, true}}));
        // Sending clears the text: the stop follows.
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_sent.size(), 2, kTimeoutMs);
        QCOMPARE(m_sent.last(), (Sent{kPrivateChatId, false}));
    }
};

QTEST_MAIN(TstTypingLine)
#include "tst_typing_line.moc"
