// The insecure-transport setting as QML sees it (docs/client-api.md): with a ws:// address of
// another machine the Session says so (typed `transport`, a warning text, connection Refused)
// and dials nothing; the user's opt-in from QML is saved in the profile and connects at once.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core_test_helpers.h"
#include "hostile_server.h"
#include "storage/profile_store.h"
#include "storage/tables/settings_table.h"

#include <QNetworkInterface>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using msgr::core::Session;

class TstSessionTransport : public QObject {
    Q_OBJECT
private slots:
    void optInFromQmlIsSavedAndConnects() {
        QHostAddress remote;
        for (const QHostAddress &address : QNetworkInterface::allAddresses())
            if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
                remote = address;
        if (remote.isNull())
            QSKIP("this machine has no non-loopback IPv4 address");
        test::HostileServer server(QHostAddress::AnyIPv4);
        QTemporaryDir profile;
        core::ClientConfig config;
        config.serverUrl = server.url(remote.toString());
        config.profileDir = profile.path();
        config.rawKey = test::testKey();
        app::ClientRoot client(config);
        client.start();

        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData(R"(
            import QtQml
            import Messenger.Account
            QtObject {
                property int state: Session.state
                property int connection: Session.connection
                property int transport: Session.transport
                property string warning: Session.transportWarning
                property bool allowed: Session.allowInsecureTransport
                function allow() { Session.allowInsecureTransport = true }
                function logIn() { Session.logIn("alice", "password123") }
            }
        )",
                          QUrl(QStringLiteral("qrc:/tst_session_transport.qml")));
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));

        QCOMPARE(root->property("transport").toInt(), int(Session::InsecureRefused));
        QVERIFY(root->property("warning").toString().contains(QStringLiteral("not encrypted")));
        QTRY_COMPARE_WITH_TIMEOUT(root->property("state").toInt(), int(Session::SignedOut), 20'000);
        QTRY_COMPARE(root->property("connection").toInt(), int(Session::Refused));
        QCOMPARE(root->property("allowed").toBool(), false);

        // Trying to log in is answered with an error text, and nothing reaches the server.
        QMetaObject::invokeMethod(root.get(), "logIn");
        QTRY_COMPARE(root->property("state").toInt(), int(Session::SignedOut));
        QTRY_VERIFY(!client.session()->errorText().isEmpty());
        QCOMPARE(server.connections, 0);

        QMetaObject::invokeMethod(root.get(), "allow");
        QCOMPARE(root->property("allowed").toBool(), true);
        QCOMPARE(root->property("transport").toInt(), int(Session::InsecureAllowed));
        QVERIFY(!root->property("warning").toString().isEmpty()); // still warned
        QTRY_VERIFY(root->property("connection").toInt() != int(Session::Refused));

        QSignalSpy requests(&server, &test::HostileServer::requestReceived);
        QMetaObject::invokeMethod(root.get(), "logIn");
        QVERIFY(requests.wait(20'000));
        QCOMPARE(server.lastRequest.method, QStringLiteral("auth.logIn"));
        client.shutdown();

        // Saved in the profile: a second reader of the same database sees it.
        storage::ProfileStore store;
        QVERIFY(test::openStore(store, profile.path()));
        const auto settings = test::read(
            store, [](storage::ReadTransaction &tx) { return storage::SettingsTable::load(tx); });
        QVERIFY(settings.allowInsecureTransport);
    }
};

QTEST_GUILESS_MAIN(TstSessionTransport)
#include "tst_session_transport.moc"
