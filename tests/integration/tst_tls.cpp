// Native TLS on the server's one port: with --tls-cert/--tls-key, clients chat over wss://,
// health checks use https://, and a plain ws:// client gets nowhere while the server keeps
// serving. The certificate is made for the test by the openssl command.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
} // namespace

class TstTls : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void chatOverWss();
    void httpsHealthCheck();
    void plainWebSocketToTheTlsPortGetsNowhere();

private:
    std::unique_ptr<TestClient> trustingClient();
    QSslConfiguration trustOurCertificate() const;

    QTemporaryDir m_certDir;
    QString m_certFile, m_keyFile;
    std::unique_ptr<ServerProcess> m_server;
};

void TstTls::initTestCase() {
    QVERIFY(m_certDir.isValid());
    m_certFile = m_certDir.filePath(QStringLiteral("cert.pem"));
    m_keyFile = m_certDir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                   m_keyFile, QStringLiteral("-out"), m_certFile});
    QVERIFY2(openssl.waitForFinished(30000), "openssl did not finish");
    QVERIFY2(openssl.exitCode() == 0, openssl.readAllStandardError().constData());

    m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--tls-cert"), m_certFile,
                                                           QStringLiteral("--tls-key"), m_keyFile});
    QVERIFY(m_server->start());
    QCOMPARE(m_server->wsUrl().scheme(), QStringLiteral("wss"));
}

QSslConfiguration TstTls::trustOurCertificate() const {
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(m_certFile));
    return config;
}

std::unique_ptr<TestClient> TstTls::trustingClient() {
    auto client = std::make_unique<TestClient>();
    client->socket().setSslConfiguration(trustOurCertificate());
    return client;
}

void TstTls::chatOverWss() {
    auto alice = trustingClient();
    auto bob = trustingClient();
    QVERIFY(alice->connectTo(m_server->wsUrl()));
    QVERIFY(bob->connectTo(m_server->wsUrl()));
    QVERIFY(!alice->signUp(QStringLiteral("alice"), kPassword).isEmpty());
    QVERIFY(!bob->signUp(QStringLiteral("bob"), kPassword).isEmpty());
    const auto opened = alice->call(api::OpenPrivateChat{bob->userId()});
    const qint64 chatId = opened.ok() ? opened.value->chat.id : 0;
    QVERIFY(chatId > 0);
    bob->takeUpdates();
    const auto sent = alice->call(api::SendMessage{chatId, 77, QStringLiteral("over TLS")});
    MSGR_VERIFY_OK(sent);
    QVERIFY(bob->waitForUpdates(1));
    const QList<protocol::Message> received = test::newMessages(bob->takeUpdates());
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().text, QStringLiteral("over TLS"));
    QVERIFY(sent.value->message.id > 0);
}

void TstTls::httpsHealthCheck() {
    QNetworkAccessManager network;
    QNetworkRequest request(m_server->httpUrl().resolved(QUrl(QStringLiteral("/healthz"))));
    request.setSslConfiguration(trustOurCertificate());
    QNetworkReply *reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray("ok"));
    reply->deleteLater();
}

void TstTls::plainWebSocketToTheTlsPortGetsNowhere() {
    TestClient plain;
    QUrl url = m_server->wsUrl();
    url.setScheme(QStringLiteral("ws"));
    QVERIFY(!plain.connectTo(url, 3000));
    // ...and a proper client is still served.
    auto again = trustingClient();
    QVERIFY(again->connectTo(m_server->wsUrl()));
    QVERIFY(!again->logIn(QStringLiteral("alice"), kPassword).isEmpty());
}

QTEST_GUILESS_MAIN(TstTls)
#include "tst_tls.moc"
