// Secret chats in the app (issue 9 items 3-5) through the real Main.qml over a real client and
// the REAL msgr-server, with Bob on another device (the client core, which publishes his
// secret-chat keys): from the private chat's header Alice starts a secret chat; it opens with
// the lock in its header and in the chat list; its encryption page shows the emoji and safety
// number that Bob's device computes too, and a QR code; the self-destruct timer chosen there
// reaches Bob's device.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/secret/secret_verification.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/secret_state_table.h"
#include "tests/core/client_app.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/support/server_process.h"

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

constexpr int kTimeoutMs = 30'000;
const QString kPassword = QStringLiteral("password123");

QList<qint64> secretChatsOf(storage::ProfileStore &store) {
    const QList<storage::ChatRecord> chats = test::read(
        store, [](storage::ReadTransaction &tx) { return storage::ChatsTable::loadAll(tx); });
    QList<qint64> ids;
    for (const storage::ChatRecord &chat : chats)
        if (storage::isSecretChatId(chat.id))
            ids.append(chat.id);
    return ids;
}

qint64 secretChatOf(storage::ProfileStore &store) {
    return secretChatsOf(store).value(0);
}

} // namespace

class TstSecretChatUi : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_aliceDir;
    QTemporaryDir m_bobDir;
    std::unique_ptr<app::ClientRoot> m_alice;
    std::unique_ptr<test::ClientApp> m_bob;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QQuickWindow> m_window;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    bool click(const QString &name) {
        QQuickItem *target = item(name);
        if (!target)
            return false;
        const QPointF centre =
            target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, centre.toPoint());
        return true;
    }
    qint64 openChat() const {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        return page ? qint64(page->property("chatId").toDouble()) : 0;
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QVERIFY(m_server.start());

        core::ClientConfig config;
        config.serverUrl = m_server.wsUrl();
        config.profileDir = m_aliceDir.path();
        config.rawKey = test::testKey();
        m_alice = std::make_unique<app::ClientRoot>(config);
        m_alice->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_alice->session()->state(), core::Session::SignedOut,
                                  kTimeoutMs);
        m_alice->session()->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
        QTRY_COMPARE_WITH_TIMEOUT(m_alice->session()->state(), core::Session::SignedIn, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->session()->userId() > 0, kTimeoutMs);

        m_bob = std::make_unique<test::ClientApp>(m_bobDir.path(), m_server.wsUrl(),
                                                  QStringLiteral("Bob's phone"));
        const qint64 chatId = m_bob->signUpAndOpenChat(QStringLiteral("bob"), kPassword,
                                                       m_alice->session()->userId());
        QVERIFY(chatId > 0);
        m_bob->context->sendText(chatId, QStringLiteral("hi Alice"));

        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_window.reset(qobject_cast<QQuickWindow *>(main.create()));
        QVERIFY2(m_window, qPrintable(main.errorString()));
        m_window->resize(1000, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QQuickItem *list = item(QStringLiteral("chatList"));
        QVERIFY(list);
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 1, kTimeoutMs);
        QQuickItem *row = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((row = test::qml::delegateWith(list, "chatId", chatId)),
                                 kTimeoutMs);
        const QPointF centre = row->mapToScene(QPointF(row->width() / 2, row->height() / 2));
        QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, centre.toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), chatId, kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_engine.reset();
        m_alice.reset();
        m_bob.reset();
    }

    void startFromThePrivateChatAndCompareTheSafetyNumber() {
        QVERIFY(!item(QStringLiteral("secretLock")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("startSecretButton")), kTimeoutMs);
        QVERIFY(click(QStringLiteral("startSecretButton")));
        QTRY_VERIFY_WITH_TIMEOUT(storage::isSecretChatId(openChat()), kTimeoutMs);
        const qint64 aliceSecret = openChat();
        QVERIFY(item(QStringLiteral("secretLock")));
        QVERIFY(!item(QStringLiteral("startSecretButton"))); // no secret chat inside a secret one
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("secretLockMark")), kTimeoutMs); // the list

        // Bob's device takes the chat when the first envelope reaches it.
        QTRY_VERIFY_WITH_TIMEOUT(secretChatOf(m_bob->store) != 0, kTimeoutMs);
        QCOMPARE(secretChatsOf(m_bob->store).size(), 1); // one tap, one chat
        const qint64 bobSecret = secretChatOf(m_bob->store);
        const core::secret::Verification bobSees =
            test::read(m_bob->store, [bobSecret](storage::ReadTransaction &tx) {
                return core::secret::readVerification(tx, bobSecret);
            });
        QVERIFY(!bobSees.emoji.isEmpty());

        QVERIFY(click(QStringLiteral("secretInfoButton")));
        QQuickItem *emoji = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((emoji = item(QStringLiteral("verificationEmoji"))), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(emoji->property("text").toString(), bobSees.emoji, kTimeoutMs);
        QCOMPARE(item(QStringLiteral("safetyNumber"))->property("text").toString(),
                 bobSees.groupedNumber);
        QQuickItem *qr = item(QStringLiteral("verificationQr"));
        QVERIFY(qr);
        QTRY_COMPARE_WITH_TIMEOUT(qr->property("status").toInt(), 1 /* Image.Ready */, kTimeoutMs);
        QVERIFY(qr->property("implicitWidth").toInt() >= 200);
        QVERIFY(!item(QStringLiteral("keyChangedWarning")));
        QVERIFY(!item(QStringLiteral("keyChangedBanner")));
        QVERIFY(aliceSecret != 0);
    }

    void timerChosenOnThePageReachesTheOtherDevice() {
        QQuickItem *choice = item(QStringLiteral("timerChoice"));
        QVERIFY(choice);
        QCOMPARE(choice->property("currentText").toString(), QStringLiteral("off"));
        const QVariantList choices = choice->property("model").toList();
        int oneMinute = -1;
        for (int i = 0; i < choices.size(); ++i)
            if (choices.at(i).toMap().value(QStringLiteral("ms")).toDouble() == 60'000)
                oneMinute = i;
        QVERIFY(oneMinute > 0);
        // What picking "1 min" in the open list does.
        choice->setProperty("currentIndex", oneMinute);
        QVERIFY(QMetaObject::invokeMethod(choice, "activated", Q_ARG(int, oneMinute)));
        const qint64 bobSecret = secretChatOf(m_bob->store);
        QTRY_COMPARE_WITH_TIMEOUT(
            test::read(m_bob->store,
                       [bobSecret](storage::ReadTransaction &tx) {
                           return storage::SecretStateTable::chatState(tx, bobSecret).ttlMs;
                       }),
            qint64(60'000), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(choice->property("currentText").toString(),
                                  QStringLiteral("1 min"), kTimeoutMs);
    }
};

QTEST_MAIN(TstSecretChatUi)
#include "tst_secret_chat_ui.moc"
