// Channels through the real Main.qml over a real client signed in to the REAL msgr-server
// (docs/protocol.md §15), at desktop (1280x800) and phone (390x844) size: "New channel" in the
// chat list's menu creates one (a taken @name is refused in words first) and opens it with the
// composer, its owner's, under "1 subscriber"; "Find channels" finds another user's public
// channel by its description, shows its subscriber count in the preview, and Subscribe opens it
// with its post and, instead of the composer, Mute and "Leave channel"; Mute is kept; leaving
// closes it and takes it off the chat list. The channel info page (from the header): a
// subscriber sees the facts and a live edit by the owner but no edit controls, and Leave asks
// first; the owner edits the title (a too-long one refused with its limit) and cannot leave.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "protocol/api/api.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"
#include "storage/tables/chats_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/app_takeover.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "translations/ui_translations.h"

#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = protocol::api;

namespace {
constexpr int kTimeoutMs = 20'000;
const QString kPassword = QStringLiteral("correct horse battery");
} // namespace

class TstChannelsUi : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_profile;
    TestClient m_olga;
    qint64 m_rockets = 0; // olga's public channel
    qint64 m_aliceId = 0;
    translations::UiTranslations m_translations; // English plurals ("1 subscriber")
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    //! Emits the visible item's signal (a click or a menu's trigger), as a user's tap does.
    bool press(const QString &name, const char *signal = "clicked") {
        if (!QTest::qWaitFor([&] { return item(name) != nullptr; }, kTimeoutMs)) {
            qWarning("%s not shown", qPrintable(name));
            return false;
        }
        return QMetaObject::invokeMethod(item(name), signal);
    }
    bool type(const QString &field, const QString &text) {
        if (!QTest::qWaitFor([&] { return item(field) != nullptr; }, kTimeoutMs))
            return false;
        return item(field)->setProperty("text", text);
    }
    bool fromMenu(const QString &entry) {
        return press(QStringLiteral("menuButton")) && press(entry, "triggered");
    }
    QQuickItem *openPage() const { return item(QStringLiteral("chatPage")); }
    double openChatId() const { return openPage() ? openPage()->property("chatId").toDouble() : 0; }
    QString headerLine() const {
        QQuickItem *line =
            openPage() ? test::qml::visibleItem(openPage(), QStringLiteral("headerSubtitle"))
                       : nullptr;
        return line ? line->property("text").toString() : QStringLiteral("<hidden>");
    }
    std::optional<storage::ChannelRecord> stored(qint64 id) {
        return test::read(*m_client->store(), [id](storage::ReadTransaction &tx) {
            return storage::ChannelsTable::load(tx, id);
        });
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QCOMPARE(m_translations.apply(QStringLiteral("en")), QStringLiteral("en"));
        QVERIFY(m_server.start());
        QVERIFY(m_olga.connectTo(m_server.wsUrl()));
        QVERIFY(!m_olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        const auto created = m_olga.call(api::CreateChannel{
            1, QStringLiteral("Rocket news"), QStringLiteral("Launch schedules, weekly"),
            QStringLiteral("rockets")});
        MSGR_VERIFY_OK(created);
        m_rockets = created.value->channel.id;
        MSGR_VERIFY_OK(
            m_olga.call(api::PostToChannel{m_rockets, 2, QStringLiteral("T-minus 10 days")}));

        // Alice signs up from a protocol client whose session the app then takes over.
        TestClient alice;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        m_aliceId = alice.userId();
        m_client = test::qml::takeOverSession(alice, QStringLiteral("alice"), m_server.wsUrl(),
                                              m_profile.path(), kTimeoutMs);
        QVERIFY2(m_client, "the app took the session over and signed in");
        QVERIFY(m_shell.show(QSize(1280, 800)));
        m_window = m_shell.window();
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatList")), kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window = nullptr;
        m_shell.reset();
        m_client.reset();
    }

    void newChannelThenFindSubscribeMuteAndLeave_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("name");
        QTest::newRow("desktop") << QSize(1280, 800) << QStringLiteral("alice_desk");
        QTest::newRow("phone") << QSize(390, 844) << QStringLiteral("alice_phone");
    }

    void newChannelThenFindSubscribeMuteAndLeave() {
        QFETCH(QSize, size);
        QFETCH(QString, name);
        test::qml::resizeShell(m_window, size, kTimeoutMs);
        test::qml::closeOpenChat(m_window, kTimeoutMs);

        // New channel: the taken name is refused in words, a free one creates and opens it.
        QVERIFY(fromMenu(QStringLiteral("newChannelMenuItem")));
        QVERIFY(type(QStringLiteral("channelTitleField"), QStringLiteral("Alice's notes")));
        QVERIFY(type(QStringLiteral("channelAboutField"), QStringLiteral("Short ones")));
        QVERIFY(type(QStringLiteral("channelNameField"), QStringLiteral("rockets")));
        QVERIFY(press(QStringLiteral("createChannelButton")));
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("newChannelError")) != nullptr, true,
                                  kTimeoutMs);
        QVERIFY2(item(QStringLiteral("newChannelError"))
                     ->property("text")
                     .toString()
                     .contains(QStringLiteral("taken")),
                 qPrintable(item(QStringLiteral("newChannelError"))->property("text").toString()));
        QVERIFY(type(QStringLiteral("channelNameField"), name));
        QVERIFY(press(QStringLiteral("createChannelButton")));
        QTRY_VERIFY_WITH_TIMEOUT(openChatId() > 0 && openChatId() != double(m_rockets), kTimeoutMs);
        const auto mine = qint64(openChatId());
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("1 subscriber"), kTimeoutMs);
        QVERIFY(item(QStringLiteral("composerInput"))); // the owner posts
        QVERIFY(!item(QStringLiteral("channelBar")));
        QCOMPARE(stored(mine)->name, name);
        test::qml::closeOpenChat(m_window, kTimeoutMs);

        // Find channels: olga's, by its description; the preview counts its subscribers.
        QVERIFY(fromMenu(QStringLiteral("findChannelsMenuItem")));
        QVERIFY(type(QStringLiteral("channelSearchField"), QStringLiteral("launch")));
        QQuickItem *results = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((results = item(QStringLiteral("channelSearchResults"))) &&
                                     results->property("count").toInt() == 1,
                                 kTimeoutMs);
        QQuickItem *first = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(QMetaObject::invokeMethod(results, "itemAtIndex",
                                                           Q_RETURN_ARG(QQuickItem *, first),
                                                           Q_ARG(int, 0)) &&
                                     first,
                                 kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(first, "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("channelPreviewSubscribers")), kTimeoutMs);
        QCOMPARE(item(QStringLiteral("channelPreviewSubscribers"))->property("text").toString(),
                 QStringLiteral("1 subscriber"));
        QVERIFY(press(QStringLiteral("subscribeChannelButton")));
        QTRY_COMPARE_WITH_TIMEOUT(openChatId(), double(m_rockets), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(headerLine(), QStringLiteral("2 subscribers"), kTimeoutMs);
        // A subscriber reads: no composer, Mute and Leave instead; the post is there.
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("channelBar")), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("composerInput")));
        QQuickItem *list = item(QStringLiteral("messageList"));
        QVERIFY(list);
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 2, kTimeoutMs); // + created
        QVERIFY(press(QStringLiteral("channelMuteButton")));
        QTRY_VERIFY_WITH_TIMEOUT(stored(m_rockets) && stored(m_rockets)->muted, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            item(QStringLiteral("channelMuteButton"))->property("text").toString(),
            QStringLiteral("Unmute"), kTimeoutMs);

        // Leaving closes it and takes it off the list.
        QVERIFY(press(QStringLiteral("leaveChannelButton")));
        QTRY_VERIFY_WITH_TIMEOUT(openChatId() != double(m_rockets), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!stored(m_rockets), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!test::read(*m_client->store(),
                                             [id = m_rockets](storage::ReadTransaction &tx) {
                                                 return storage::ChatsTable::load(tx, id);
                                             }),
                                 kTimeoutMs);
        // (The list's model: a removed row's delegate may linger in the view, pooled.)
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->chats()->rowOfChat(m_rockets), -1,
                                  kTimeoutMs);
        QVERIFY(m_client->session()->chats()->rowOfChat(mine) >= 0); // one's own stays
    }

    void infoPageForSubscriberAndOwner_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("ownName"); // alice's channel made by the test above
        QTest::newRow("desktop") << QSize(1280, 800) << QStringLiteral("alice_desk");
        QTest::newRow("phone") << QSize(390, 844) << QStringLiteral("alice_phone");
    }

    void infoPageForSubscriberAndOwner() {
        QFETCH(QSize, size);
        QFETCH(QString, ownName);
        test::qml::resizeShell(m_window, size, kTimeoutMs);
        test::qml::closeOpenChat(m_window, kTimeoutMs);
        const auto text = [this](const QString &name) {
            QQuickItem *label = item(name);
            return label ? label->property("text").toString() : QStringLiteral("<hidden>");
        };

        // A subscriber (added by olga): the facts, no edit controls.
        MSGR_VERIFY_OK(m_olga.call(api::AddChannelSubscribers{m_rockets, {m_aliceId}}));
        QTRY_VERIFY_WITH_TIMEOUT(stored(m_rockets).has_value(), kTimeoutMs);
        test::qml::openChatFromList(m_window, m_rockets, kTimeoutMs);
        QVERIFY(press(QStringLiteral("groupInfoButton")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("channelInfoContent")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("subscriberCount")),
                                  QStringLiteral("2 subscribers"), kTimeoutMs);
        QCOMPARE(text(QStringLiteral("channelLink")), QStringLiteral("@rockets"));
        QCOMPARE(text(QStringLiteral("ownRole")), QStringLiteral("You are subscribed."));
        QVERIFY(item(QStringLiteral("ownerRow")));
        QVERIFY(!item(QStringLiteral("editChannelButton")));
        QVERIFY(!item(QStringLiteral("addSubscribersButton")));
        QVERIFY(item(QStringLiteral("channelMuteSwitch")));
        // The owner edits on her device: the open page follows.
        const QString retitled = QStringLiteral("Rocket news (%1)").arg(QTest::currentDataTag());
        api::EditChannel edit;
        edit.channelId = m_rockets;
        edit.title = retitled;
        MSGR_VERIFY_OK(m_olga.call(edit));
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("channelTitle")), retitled, kTimeoutMs);
        // Leave asks first: Cancel keeps the subscription, Leave ends it and closes the chat.
        QVERIFY(press(QStringLiteral("leaveChannelItem")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("confirmText")), kTimeoutMs);
        QVERIFY(text(QStringLiteral("confirmText")).contains(retitled));
        QVERIFY(press(QStringLiteral("confirmCancel")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("confirmText")), kTimeoutMs);
        QVERIFY(stored(m_rockets).has_value());
        QVERIFY(press(QStringLiteral("leaveChannelItem")));
        QVERIFY(press(QStringLiteral("confirmAction")));
        QTRY_VERIFY_WITH_TIMEOUT(!stored(m_rockets), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(openChatId() != double(m_rockets), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("channelInfoContent")), kTimeoutMs);

        // The owner: edit controls, no Leave; a too-long title is refused with its limit.
        const auto own = test::read(*m_client->store(), [ownName](storage::ReadTransaction &tx) {
            for (const storage::ChannelRecord &c : storage::ChannelsTable::loadAll(tx))
                if (c.name == ownName)
                    return c.chatId;
            return qint64(0);
        });
        QVERIFY(own > 0);
        test::qml::openChatFromList(m_window, own, kTimeoutMs);
        QVERIFY(press(QStringLiteral("groupInfoButton")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("editChannelButton")), kTimeoutMs);
        QCOMPARE(text(QStringLiteral("ownRole")), QStringLiteral("You own this channel."));
        QVERIFY(item(QStringLiteral("addSubscribersButton")));
        QVERIFY(item(QStringLiteral("makeAdminButton")));
        QVERIFY(!item(QStringLiteral("leaveChannelItem")));
        QVERIFY(press(QStringLiteral("editChannelButton")));
        QVERIFY(type(QStringLiteral("infoTitleField"), QString(129, QLatin1Char('t'))));
        QCOMPARE(text(QStringLiteral("titleLimit")), QStringLiteral("129 / 128"));
        QVERIFY(press(QStringLiteral("channelEditSave")));
        QTRY_VERIFY_WITH_TIMEOUT(text(QStringLiteral("channelActionError")).contains("128"),
                                 kTimeoutMs);
        QVERIFY(type(QStringLiteral("infoTitleField"), QStringLiteral("Alice's notes, edited")));
        QVERIFY(type(QStringLiteral("infoAboutField"), QStringLiteral("Longer ones now")));
        QVERIFY(press(QStringLiteral("channelEditSave")));
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("channelTitle")),
                                  QStringLiteral("Alice's notes, edited"), kTimeoutMs);
        QCOMPARE(text(QStringLiteral("channelAbout")), QStringLiteral("Longer ones now"));
        QVERIFY(!item(QStringLiteral("channelActionError")));
        QTRY_COMPARE_WITH_TIMEOUT(stored(own)->about, QStringLiteral("Longer ones now"),
                                  kTimeoutMs);
        QVERIFY(press(QStringLiteral("channelInfoClose")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("channelInfoContent")), kTimeoutMs);
        test::qml::closeOpenChat(m_window, kTimeoutMs);
    }
};

QTEST_MAIN(TstChannelsUi)
#include "tst_channels_ui.moc"
