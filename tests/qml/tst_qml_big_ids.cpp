// Ids above 2^31 survive a round trip through QML (issue 7, item 5): the real Main.qml over a
// real client (ClientRoot) whose profile holds a chat, a peer, messages, the signed-in user and
// a device with ids near 2^40. Each id goes C++ -> QML (roles, properties) -> C++ (properties,
// invokable arguments, the store) and must come back exact. A decoy chat whose id is the big
// chat's low 32 bits catches a conversion through a 32-bit int: it would open, mark or send to
// the decoy instead.
//
// No server: the stored session signs in offline (state SignedIn), the engine keeps dialling an
// address nobody answers, so every effect below is local and deterministic.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "core/devices/device_list_model.h"
#include "core/messages/message_list_model.h"
#include "core/search/history_search_model.h"
#include "core/search/user_search_model.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"

#include <QDateTime>
#include <QQmlComponent>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlExpression>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using core::Session;

namespace {

constexpr qint64 kBig = qint64(1) << 40; // far above 2^31, well below 2^53
constexpr qint64 kSelfId = kBig + 5;
constexpr qint64 kChatId = kBig + 7;
constexpr qint64 kPeerId = kBig + 9;
constexpr qint64 kFirstMessageId = kBig + 11;
constexpr qint64 kFoundUserId = kBig + 13;
constexpr qint64 kDeviceId = kBig + 15;
// What a 32-bit int makes of kChatId: the decoy chat has exactly this id.
constexpr qint64 kDecoyChatId = qint64(qint32(kChatId));
static_assert(kDecoyChatId == 7);
constexpr int kBigChatMessages = 3;
constexpr int kTimeoutMs = 20'000;

// Seeding writes through the store's update path (as the sync engine does), before the client
// opens the profile.
bool applyUpdates(storage::ProfileStore &store, const QList<protocol::Update> &updates) {
    qint64 pts = 0;
    return test::qml::applyUpdates(store, updates, pts, kTimeoutMs);
}

using test::qml::delegateWith;

qint64 idProperty(const QObject *object, const char *property) {
    return qint64(object->property(property).toDouble());
}

} // namespace

class TstQmlBigIds : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_client;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_window;

    QQuickItem *item(const QString &name) const { return m_window->findChild<QQuickItem *>(name); }
    //! Evaluates in Main.qml's own context (its imports); an error fails the caller's checks.
    QVariant evaluate(const QString &expression) const {
        QQmlExpression e(qmlContext(m_window.get()), m_window.get(), expression);
        const QVariant value = e.evaluate();
        if (e.hasError()) {
            qWarning() << expression << e.error().toString();
            return {};
        }
        return value;
    }
    int unreadOf(qint64 chatId) const {
        core::ChatListModel *chats = m_client->session()->chats();
        const int row = chats->rowOfChat(chatId);
        return row < 0 ? -1 : chats->index(row).data(core::ChatListModel::UnreadCountRole).toInt();
    }
    core::MessageListModel *openModel() const {
        QQuickItem *list = item(QStringLiteral("messageList"));
        return list ? qobject_cast<core::MessageListModel *>(
                          list->property("model").value<QObject *>())
                    : nullptr;
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, m_profile.path()));
            test::saveAccount(seed,
                              {kSelfId, 1, QStringLiteral("self"), QStringLiteral("token"), 0});
            seed.write([](storage::WriteTransaction &tx) {
                storage::UsersTable::store(
                    tx, {{kPeerId, QStringLiteral("peer"), QStringLiteral("Big Peer")}});
            });
            const qint64 base = QDateTime(QDate(2024, 3, 1), QTime(12, 0)).toMSecsSinceEpoch();
            QList<protocol::Update> updates{
                protocol::NewChatUpdate{
                    {kChatId, protocol::ChatKind::Private, {}, {kSelfId, kPeerId}, base}},
                protocol::NewChatUpdate{{kDecoyChatId,
                                         protocol::ChatKind::Group,
                                         QStringLiteral("Decoy"),
                                         {kSelfId, 99},
                                         base}},
                protocol::NewMessageUpdate{
                    {100, kDecoyChatId, 99, base + 1'000, QStringLiteral("decoy"), 0}}};
            for (int i = 0; i < kBigChatMessages; ++i)
                updates.append(protocol::NewMessageUpdate{{kFirstMessageId + i, kChatId, kPeerId,
                                                           base + 60'000 * (i + 1),
                                                           QStringLiteral("big %1").arg(i), 0}});
            QVERIFY(applyUpdates(seed, updates));
        }

        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = m_profile.path();
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), Session::SignedIn, kTimeoutMs);

        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_window.reset(main.create());
        QVERIFY2(m_window, qPrintable(main.errorString()));
        auto *window = qobject_cast<QQuickWindow *>(m_window.get());
        QVERIFY(window);
        window->resize(1000, 700); // two panes: list and chat side by side
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
    }

    void cleanupTestCase() {
        m_window.reset();
        m_engine.reset();
        m_client.reset();
    }

    // C++ -> QML: a qint64 property and the chat list's roles.
    void idsReachQmlExact() {
        QCOMPARE(m_client->session()->userId(), kSelfId);
        const QVariant userId = evaluate(QStringLiteral("Session.userId"));
        QVERIFY(userId.isValid());
        QCOMPARE(qint64(userId.toDouble()), kSelfId);

        QQuickItem *list = item(QStringLiteral("chatList"));
        QVERIFY(list);
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 2, kTimeoutMs);
        QTRY_VERIFY(delegateWith(list, "chatId", kChatId));
        QVERIFY(delegateWith(list, "chatId", kDecoyChatId));
        QCOMPARE(unreadOf(kChatId), kBigChatMessages);
        QCOMPARE(unreadOf(kDecoyChatId), 1);
    }

    // QML -> C++: an invokable's qint64 argument.
    void invokableArgumentsArriveExact() {
        const int row = m_client->session()->chats()->rowOfChat(kChatId);
        QVERIFY(row >= 0);
        const QVariant fromQml =
            evaluate(QStringLiteral("Session.chats.rowOfChat(%1)").arg(kChatId));
        QVERIFY(fromQml.isValid());
        QCOMPARE(fromQml.toInt(), row);
        QVERIFY(row != m_client->session()->chats()->rowOfChat(kDecoyChatId));
    }

    // Chat list -> AdaptiveShell -> ChatPage -> MessageListModel; then the page marks the chat
    // read and sends into it.
    void openedChatShowsMarksAndSendsWithTheSameId() {
        QQuickItem *list = item(QStringLiteral("chatList"));
        QQuickItem *row = delegateWith(list, "chatId", kChatId);
        QVERIFY(row);
        QVERIFY(QMetaObject::invokeMethod(row, "clicked"));

        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatPage")), kTimeoutMs);
        QCOMPARE(idProperty(item(QStringLiteral("chatPage")), "chatId"), kChatId);
        core::MessageListModel *messages = openModel();
        QVERIFY(messages);
        QCOMPARE(messages->chatId(), kChatId);
        QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), kBigChatMessages, kTimeoutMs);
        QCOMPARE(messages->index(0).data(core::MessageListModel::TextRole).toString(),
                 QStringLiteral("big 0"));
        QCOMPARE(qint64(messages->index(0).data(core::MessageListModel::MessageIdRole).toDouble()),
                 kFirstMessageId);

        // On screen, scrolled to the newest, window active: the page marks the chat read.
        QTRY_COMPARE_WITH_TIMEOUT(unreadOf(kChatId), 0, kTimeoutMs);
        QCOMPARE(unreadOf(kDecoyChatId), 1);

        auto *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->setProperty("text", QStringLiteral("sent over QML"));
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("sendButton")), "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), kBigChatMessages + 1, kTimeoutMs);
        const QList<storage::MessageRecord> outbox = test::outbox(*m_client->store());
        QCOMPARE(outbox.size(), 1);
        QCOMPARE(outbox.first().chatId, kChatId);
        QCOMPARE(outbox.first().text, QStringLiteral("sent over QML"));
    }

    // History search -> ChatListPage.messageChosen -> AdaptiveShell -> ChatPage(jumpToLocalId).
    void searchHitOpensTheChatWithTheSameId() {
        auto *search = item(QStringLiteral("historySearch"));
        QVERIFY(search);
        auto *model =
            qobject_cast<core::HistorySearchModel *>(search->property("model").value<QObject *>());
        QVERIFY(model);
        QSignalSpy finished(model, &core::HistorySearchModel::searchFinished);
        search->setProperty("query", QStringLiteral("big"));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(model->rowCount(), kBigChatMessages);
        QTRY_VERIFY(delegateWith(search, "chatId", kChatId));
        QQuickItem *hit = delegateWith(search, "chatId", kChatId);
        const qint64 localId = idProperty(hit, "localId");
        QVERIFY(localId > 0);

        QVERIFY(QMetaObject::invokeMethod(hit, "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(idProperty(item(QStringLiteral("chatPage")), "jumpToLocalId"),
                                  localId, kTimeoutMs);
        QCOMPARE(idProperty(item(QStringLiteral("chatPage")), "chatId"), kChatId);
        QTRY_COMPARE_WITH_TIMEOUT(openModel()->chatId(), kChatId, kTimeoutMs);
    }

    // A found user's id as NewChatDialog keeps it for Session.openPrivateChat(userId).
    void foundUserKeepsTheSameId() {
        auto *dialog = m_window->findChild<QObject *>(QStringLiteral("newChatDialog"));
        QVERIFY(dialog);
        QVERIFY(QMetaObject::invokeMethod(dialog, "open"));
        auto *users = dialog->findChild<core::UserSearchModel *>();
        QVERIFY(users);
        users->setResults({{kFoundUserId, QStringLiteral("found"), QStringLiteral("Found")}});
        auto *view = dialog->findChild<QQuickItem *>(QStringLiteral("userSearchResults"));
        QVERIFY(view);
        QTRY_VERIFY(delegateWith(view, "userId", kFoundUserId));
        QVERIFY(QMetaObject::invokeMethod(delegateWith(view, "userId", kFoundUserId), "clicked"));
        QCOMPARE(idProperty(dialog, "pendingUserId"), kFoundUserId);
        QVERIFY(QMetaObject::invokeMethod(dialog, "close"));

        // Enter in the search field picks the only user found (the same exact id).
        QVERIFY(QMetaObject::invokeMethod(dialog, "open"));
        QCOMPARE(idProperty(dialog, "pendingUserId"), 0);
        users->setResults({{kFoundUserId, QStringLiteral("found"), QStringLiteral("Found")}});
        QTRY_VERIFY(delegateWith(view, "userId", kFoundUserId));
        auto *field = dialog->findChild<QQuickItem *>(QStringLiteral("userSearchField"));
        QVERIFY(field);
        QVERIFY(QMetaObject::invokeMethod(field, "accepted"));
        QCOMPARE(idProperty(dialog, "pendingUserId"), kFoundUserId);
        QVERIFY(QMetaObject::invokeMethod(dialog, "close"));
    }

    // A device id as DevicesPage hands it to Session.revokeDevice(deviceId).
    void deviceKeepsTheSameId() {
        m_client->session()->devices()->setDevices(
            {{kDeviceId, QStringLiteral("phone"), 0, QDateTime::currentMSecsSinceEpoch(), false}});
        QQmlComponent component(m_engine.get());
        component.setData(
            QByteArrayLiteral("import Messenger.Ui.Devices\nDevicesPage { width: 400; "
                              "height: 400 }"),
            QUrl(QStringLiteral("qrc:/tst_qml_big_ids_devices.qml")));
        std::unique_ptr<QObject> page(component.create());
        QVERIFY2(page, qPrintable(component.errorString()));
        // In a window, as in the app (its popups open in the window's overlay).
        QQuickWindow window;
        window.resize(400, 400);
        qobject_cast<QQuickItem *>(page.get())->setParentItem(window.contentItem());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *view = page->findChild<QQuickItem *>(QStringLiteral("deviceList"));
        QVERIFY(view);
        QTRY_VERIFY(delegateWith(view, "deviceId", kDeviceId));

        // Signing a device out asks first, about that device, and keeps its exact id.
        auto *row =
            delegateWith(view, "deviceId", kDeviceId)->property("contentItem").value<QObject *>();
        QVERIFY(row);
        QVERIFY(QMetaObject::invokeMethod(row, "revokeRequested"));
        auto *confirm = page->findChild<QObject *>(QStringLiteral("revokeConfirm"));
        QVERIFY(confirm);
        QTRY_VERIFY(confirm->property("opened").toBool());
        QCOMPARE(confirm->property("title").toString(), QStringLiteral("Sign out phone?"));
        QCOMPARE(idProperty(confirm, "deviceId"), kDeviceId);
        QVERIFY(QMetaObject::invokeMethod(confirm, "reject"));
        QTRY_VERIFY(!confirm->property("visible").toBool());
    }
};

QTEST_MAIN(TstQmlBigIds)
#include "tst_qml_big_ids.moc"
