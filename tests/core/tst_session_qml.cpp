// The QML contract of docs/client-api.md as QML sees it: the core QML modules (Messenger.Account,
// .Chats, ...) load, their types and enums resolve, and the Session singleton signs up against
// the real server.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/messages/message_state.h"
#include "tests/support/server_process.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using msgr::core::Session;

class TstSessionQml : public QObject {
    Q_OBJECT
private slots:
    void sessionSignsUpFromQml() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir profile;
        msgr::core::ClientConfig config;
        config.serverUrl = server.wsUrl();
        config.profileDir = profile.path();
        config.rawKey = QByteArray(32, '\x33'); // no keychain in tests
        msgr::app::ClientRoot client(config);
        client.start();

        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData(R"(
            import QtQml
            import Messenger.Messages
            import Messenger.Search
            import Messenger.Devices
            import Messenger.Account
            QtObject {
                property int state: Session.state
                property int signedIn: Session.SignedIn
                property int pending: MessageState.Pending
                property int rows: Session.chats.rowCount()
                property string server: Session.serverUrl
                property MessageListModel messages: MessageListModel { context: Session.context; chatId: 0 }
                property UserSearchModel users: UserSearchModel { context: Session.context; query: "" }
                property HistorySearchModel history: HistorySearchModel { context: Session.context; query: "" }
                property DeviceListModel devices: Session.devices
                property int jumped: -2
                function signUp() { Session.signUp("qmluser", "password123", "QML User") }
                function useIds() {
                    messages.chatId = 7
                    jumped = messages.jumpTo(5)
                    Session.openPrivateChat(Session.userId)
                }
            }
        )",
                          QUrl(QStringLiteral("qrc:/tst_session_qml.qml")));
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));
        QCOMPARE(root->property("pending").toInt(), int(msgr::core::MessageStateNs::Pending));
        QCOMPARE(root->property("server").toString(), server.wsUrl().toString());

        QTRY_COMPARE_WITH_TIMEOUT(root->property("state").toInt(), int(Session::SignedOut), 20'000);
        QMetaObject::invokeMethod(root.get(), "signUp");
        QTRY_COMPARE_WITH_TIMEOUT(root->property("state").toInt(), int(Session::SignedIn), 20'000);
        QCOMPARE(client.session()->username(), QStringLiteral("qmluser"));
        // int64 ids pass between QML and C++ (properties, invokable arguments and results).
        QMetaObject::invokeMethod(root.get(), "useIds");
        QCOMPARE(root->property("jumped").toInt(), -1);
        QCOMPARE(root->property("messages").value<QObject *>()->property("chatId").toInt(), 7);
        QSignalSpy opened(client.session(), &Session::chatOpened);
        QVERIFY(opened.wait(20'000)); // Saved Messages: the chat with oneself
        QTRY_COMPARE_WITH_TIMEOUT(int(client.session()->connection()), int(Session::Online),
                                  20'000);
        QTRY_COMPARE(client.session()->displayName(), QStringLiteral("QML User"));
        client.shutdown();
    }
};

QTEST_GUILESS_MAIN(TstSessionQml)
#include "tst_session_qml.moc"
