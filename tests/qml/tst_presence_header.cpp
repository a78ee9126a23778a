// The peer's presence under the chat's title through the real Main.qml over a real client
// (docs/protocol.md §17.3), at desktop and phone size: opening a private chat asks for the
// peer's status; "online" in the accent colour, "last seen 5 minutes ago", "today at …",
// "yesterday at …" and the coarse "last seen recently" in grey, the minutes aging with the
// clock without a message from the server; typing takes precedence; a lost link hides it; a
// group shows "N members, M online". The statuses are fed to the app's one Presence as the engine's
// PresenceRelay does; the relay's path is tested against the real server
// (tests/core/tst_presence_sync.cpp, tests/integration/tst_presence.cpp).
//
// No server: the stored session signs in offline.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/context/core_context.h"
#include "core/presence/presence.h"
#include "core/typing/typing_indicators.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"
#include "translations/ui_translations.h"

#include <QDateTime>
#include <QLocale>
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
constexpr qint64 kMinute = 60'000;
const QSize kDesktop(1000, 700);
const QSize kPhone(390, 844);

} // namespace

class TstPresenceHeader : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;
    QList<qint64> m_fetched;
    QDateTime m_now;
    translations::UiTranslations m_translations; // English plurals ("1 minute", "5 minutes")

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    core::Presence *presence() const { return m_client->context()->presence(); }

    void resize(const QSize &size) { test::qml::resizeShell(m_window, size, kTimeoutMs); }
    void closeChat() { test::qml::closeOpenChat(m_window, kTimeoutMs); }
    void openChat(qint64 chatId) { test::qml::openChatFromList(m_window, chatId, kTimeoutMs); }

    QQuickItem *subtitle() const {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        return page ? test::qml::visibleItem(page, QStringLiteral("headerSubtitle")) : nullptr;
    }
    //! The line under the open chat's title; "<hidden>" when it is not shown.
    QString headerLine() const {
        QQuickItem *line = subtitle();
        return line ? line->property("text").toString() : QStringLiteral("<hidden>");
    }
    QColor headerColour() const {
        QQuickItem *line = subtitle();
        return line ? line->property("color").value<QColor>() : QColor();
    }
    qint64 ago(qint64 ms) const { return m_now.toMSecsSinceEpoch() - ms; }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        QCOMPARE(m_translations.apply(QStringLiteral("en")), QStringLiteral("en"));
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
            const QList<protocol::Update> updates{
                protocol::NewChatUpdate{
                    {kPrivateChatId, protocol::ChatKind::Private, {}, {kSelfId, kBobId}, base}},
                protocol::NewChatUpdate{{kGroupId,
                                         protocol::ChatKind::Group,
                                         QStringLiteral("Trip"),
                                         {kSelfId, kBobId, kCarolId},
                                         base}},
                protocol::NewMessageUpdate{
                    {1, kPrivateChatId, kBobId, base + 1'000, QStringLiteral("see you"), 0}}};
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
        // What the header asks for is recorded instead of reaching the (absent) server; the
        // clock is the test's: a fixed afternoon, so "today" and "yesterday" are certain.
        presence()->setFetcher([this](const QList<qint64> &ids) { m_fetched += ids; });
        m_now = QDateTime(QDate(2026, 12, 2), QTime(18, 0));
        presence()->setClock([this] { return m_now; });

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

    void theHeaderShowsThePeersStatus_data() { sizes_data(); }
    void theHeaderShowsThePeersStatus() {
        QFETCH(QSize, size);
        resize(size);
        closeChat();
        presence()->clearAll();
        m_fetched.clear();
        openChat(kPrivateChatId);
        // Opening asks for Bob's status; nothing is shown until it comes.
        QTRY_VERIFY_WITH_TIMEOUT(m_fetched.contains(kBobId), kTimeoutMs);
        QCOMPARE(headerLine(), QStringLiteral("<hidden>"));

        presence()->noteStatus(kBobId, true, 0, -1);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("online"), kTimeoutMs);
        const QColor accent = headerColour();

        presence()->noteStatus(kBobId, false, ago(5 * kMinute), -1);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("last seen 5 minutes ago"),
                                  kTimeoutMs);
        QVERIFY(headerColour() != accent); // grey, as Telegram's

        // Time passes, no message from the server: the line ages.
        m_now = m_now.addSecs(60);
        presence()->clockMoved();
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("last seen 6 minutes ago"),
                                  kTimeoutMs);
        m_now = m_now.addSecs(-60);

        const QDateTime at1405(m_now.date(), QTime(14, 5));
        const QString time = QLocale().toString(QTime(14, 5), QLocale::ShortFormat);
        presence()->noteStatus(kBobId, false, at1405.toMSecsSinceEpoch(), -1);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("last seen today at %1").arg(time),
                                  kTimeoutMs);
        presence()->noteStatus(kBobId, false, at1405.addDays(-1).toMSecsSinceEpoch(), -1);
        QTRY_COMPARE_WITH_TIMEOUT(
            headerLine(), QStringLiteral("last seen yesterday at %1").arg(time), kTimeoutMs);

        // Bob hides his last seen: the coarse value.
        presence()->noteStatus(kBobId, false, 0, 0);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("last seen recently"), kTimeoutMs);
        presence()->noteStatus(kBobId, false, 0, 3);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("last seen a long time ago"),
                                  kTimeoutMs);

        // Typing takes the line while it lasts.
        presence()->noteStatus(kBobId, true, 0, -1);
        m_client->context()->typing()->notePeerTyping(kPrivateChatId, kBobId, true);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("typing…"), kTimeoutMs);
        m_client->context()->typing()->notePeerTyping(kPrivateChatId, kBobId, false);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("online"), kTimeoutMs);

        // A lost link: nothing is known.
        presence()->clearAll();
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("<hidden>"), kTimeoutMs);
    }

    void aGroupCountsItsMembersOnline() {
        resize(kDesktop);
        presence()->clearAll();
        m_fetched.clear();
        openChat(kGroupId);
        // Opening asks for every member (and again each minute: their changes are not pushed).
        QTRY_VERIFY_WITH_TIMEOUT(m_fetched.contains(kBobId) && m_fetched.contains(kCarolId),
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("3 members"), kTimeoutMs);
        presence()->noteStatus(kSelfId, true, 0, -1);
        presence()->noteStatus(kBobId, true, 0, -1);
        presence()->noteStatus(kCarolId, false, ago(kMinute * 2), -1);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("3 members, 2 online"), kTimeoutMs);
        m_fetched.clear();
        presence()->clockMoved();
        QCOMPARE(m_fetched, (QList<qint64>{kSelfId, kBobId, kCarolId}));
        presence()->noteStatus(kBobId, false, ago(0), -1);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("3 members, 1 online"), kTimeoutMs);
        closeChat();
    }

    void linesFollowTheRules() {
        using S = core::Presence::Status;
        const QDateTime now(QDate(2026, 12, 2), QTime(18, 0));
        const qint64 t = now.toMSecsSinceEpoch();
        QCOMPARE(core::Presence::lineFor(S{false, t - 20'000, -1}, now),
                 QStringLiteral("last seen just now"));
        QCOMPARE(core::Presence::lineFor(S{false, t - kMinute, -1}, now),
                 QStringLiteral("last seen 1 minute ago"));
        QCOMPARE(core::Presence::lineFor(S{false, t - 59 * kMinute, -1}, now),
                 QStringLiteral("last seen 59 minutes ago"));
        QCOMPARE(core::Presence::lineFor(S{false, 0, 1}, now),
                 QStringLiteral("last seen within a week"));
        QCOMPARE(core::Presence::lineFor(S{false, 0, 2}, now),
                 QStringLiteral("last seen within a month"));
        const QDateTime older = now.addDays(-3);
        QCOMPARE(core::Presence::lineFor(S{false, older.toMSecsSinceEpoch(), -1}, now),
                 QStringLiteral("last seen %1")
                     .arg(QLocale().toString(older.date(), QLocale::ShortFormat)));
    }

    void russianHasItsThreePluralForms() {
        QCOMPARE(m_translations.apply(QStringLiteral("ru")), QStringLiteral("ru"));
        const QDateTime now(QDate(2026, 12, 2), QTime(18, 0));
        const auto minutesAgo = [&now](int n) {
            return core::Presence::lineFor({false, now.toMSecsSinceEpoch() - n * kMinute, -1}, now);
        };
        QCOMPARE(minutesAgo(1), QStringLiteral("был(а) 1 минуту назад"));
        QCOMPARE(minutesAgo(3), QStringLiteral("был(а) 3 минуты назад"));
        QCOMPARE(minutesAgo(5), QStringLiteral("был(а) 5 минут назад"));
        QCOMPARE(minutesAgo(21), QStringLiteral("был(а) 21 минуту назад"));
        QCOMPARE(core::Presence::lineFor({true, 0, -1}, now), QStringLiteral("в сети"));
        QCOMPARE(m_translations.apply(QStringLiteral("en")), QStringLiteral("en"));
    }
};

QTEST_MAIN(TstPresenceHeader)
#include "tst_presence_header.moc"
