// A damaged database (docs/server.md "The database"): the server refuses to start on a file
// that fails PRAGMA quick_check, with a message that says so; started without the check
// (--check-db off), a read of a damaged page is INTERNAL, never "unknown token": a client's
// auth.resume must not be told its valid token is revoked, and /healthz reports the damage.
#include "protocol/api/api.h"
#include "server/store/sqlite_connection.h"
#include "tests/server/store/damaged_database.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
namespace sqlite = msgr::server::sqlite;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

int healthStatus(const QUrl &base) {
    QNetworkAccessManager http;
    QNetworkReply *reply =
        http.get(QNetworkRequest(base.resolved(QUrl(QStringLiteral("/healthz")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10'000))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
} // namespace

class TstStoreDamage : public QObject {
    Q_OBJECT

private slots:
    void damagedFileIsRefusedAtStartWithAClearMessage();
    void damagedReadIsInternalAndTheTokenIsNotRevoked();

private:
    //! Signs alice up, sends `messages` texts to herself, stops the server cleanly (the log is
    //! checkpointed into server.db) and returns her token.
    QString populate(ServerProcess &server, int messages);
};

QString TstStoreDamage::populate(ServerProcess &server, int messages) {
    if (!server.start())
        return {};
    TestClient alice;
    if (!alice.connectTo(server.wsUrl()) ||
        alice.signUp(QStringLiteral("alice"), kPassword).isEmpty())
        return {};
    const auto opened = alice.call(api::OpenPrivateChat{alice.userId()});
    const qint64 chatId = opened.ok() ? opened.value->chat.id : 0;
    for (int i = 0; i < messages; ++i)
        alice.call(api::SendMessage{chatId, i + 1, QString(1000, QLatin1Char('a' + i % 26))});
    const QString token = alice.token();
    alice.close();
    server.stop();
    const QString db = server.dataDir() + QStringLiteral("/server.db");
    if (QFileInfo(db + QStringLiteral("-wal")).size() > 0)
        return {}; // not checkpointed: damaging server.db would miss the newest pages
    return token;
}

void TstStoreDamage::damagedFileIsRefusedAtStartWithAClearMessage() {
    ServerProcess server;
    QVERIFY(!populate(server, 120).isEmpty());
    const QString db = server.dataDir() + QStringLiteral("/server.db");
    const test::DatabaseLayout layout = test::layoutOf(db);
    QVERIFY2(layout.pages > 30, qPrintable(QString::number(layout.pages)));
    QVERIFY(test::damagePage(db, layout.pages / 2, layout.pageSize)); // the middle of the file

    QVERIFY(!server.start());
    QVERIFY(!server.isRunning());
    const QString log = server.stderrLog();
    QVERIFY2(log.contains(QStringLiteral("quick_check")) && log.contains(QStringLiteral("damaged")),
             qPrintable(log.right(2000)));
}

void TstStoreDamage::damagedReadIsInternalAndTheTokenIsNotRevoked() {
    ServerProcess server({QStringLiteral("--check-db"), QStringLiteral("off")});
    const QString token = populate(server, 0);
    QVERIFY(!token.isEmpty());
    const QString db = server.dataDir() + QStringLiteral("/server.db");
    const test::DatabaseLayout layout = test::layoutOf(db);
    // The devices table and its token index: where auth.resume looks a token up.
    QVERIFY(layout.roots.value(QStringLiteral("devices")) > 0);
    QVERIFY(layout.roots.value(QStringLiteral("sqlite_autoindex_devices_1")) > 0);
    for (const QString &tree :
         {QStringLiteral("devices"), QStringLiteral("sqlite_autoindex_devices_1")})
        QVERIFY(test::damagePage(db, layout.roots.value(tree), layout.pageSize));

    QVERIFY(server.start()); // no check asked: it starts, and meets the damage on reading
    TestClient client;
    QVERIFY(client.connectTo(server.wsUrl()));
    QVERIFY(!client.resume(token));
    // INTERNAL ("the server failed; retry"), not UNAUTHORIZED ("your token is dead").
    QCOMPARE(client.lastErrorName(), QStringLiteral("INTERNAL"));
    QVERIFY(client.isConnected());
    QCOMPARE(client.closeCode(), -1); // no 4001 "revoked" close either
    // Asking again gets the same: nothing was decided about the token.
    QVERIFY(!client.resume(token));
    QCOMPARE(client.lastErrorName(), QStringLiteral("INTERNAL"));
    // Health reads the real tables, so it says what is wrong.
    QCOMPARE(healthStatus(server.httpUrl()), 503);
    QVERIFY(server.isRunning());
}

QTEST_GUILESS_MAIN(TstStoreDamage)
#include "tst_store_damage.moc"
