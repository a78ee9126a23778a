// What the upload client reads from a tus server's answers (core/media/tus_answer_parsing.h):
// pure functions over the header bytes, no server. A hostile or broken server must get
// nothing accepted that would make the client use a wrong offset, wait for ever, or send its
// bearer token to another origin (by a Location, or by a redirect: one loopback case).
#include "core/media/tus_answer_parsing.h"
#include "core/media/tus_protocol.h"
#include "tests/support/await.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace msgr::core::tus;

namespace {
const QUrl kServer(QStringLiteral("https://media.example:8443"));
const QString kUpload = QStringLiteral("https://media.example:8443/files/0a1b2c");
} // namespace

class TstTusAnswers : public QObject {
    Q_OBJECT
private slots:
    void numbersAreDigitsOnly() {
        QCOMPARE(parseNumberHeader("0"), qint64(0));
        QCOMPARE(parseNumberHeader("1048576"), qint64(1048576));
        QCOMPARE(parseNumberHeader(" \t42 "), qint64(42)); // HTTP whitespace around the value
        QCOMPARE(parseNumberHeader("9223372036854775807"), std::numeric_limits<qint64>::max());
        for (const QByteArrayView bad :
             {"", " ", "-1", "+1", "4 2", "0x10", "1e3", "1.0", "12abc", "\n7", "٣"})
            QVERIFY2(!parseNumberHeader(bad), bad.data());
    }

    void overflowingNumbersAreRefused() {
        QVERIFY(!parseNumberHeader("9223372036854775808"));            // qint64 max + 1
        QVERIFY(!parseNumberHeader("99999999999999999999"));           // 20 digits
        QVERIFY(!parseNumberHeader("123456789012345678901234567890")); // 30 digits
        QVERIFY(!parseNumberHeader("00000000000000000001"));           // over kMaxNumberDigits
    }

    void retryAfterIsBounded() {
        QCOMPARE(parseRetryAfterMs("0"), 0);
        QCOMPARE(parseRetryAfterMs("7"), 7000);
        QCOMPARE(parseRetryAfterMs("3600"), kMaxRetryAfterSeconds * 1000);
        // A longer ask (or one that would overflow int milliseconds) waits the bound, no more.
        QCOMPARE(parseRetryAfterMs("3601"), kMaxRetryAfterSeconds * 1000);
        QCOMPARE(parseRetryAfterMs("9223372036854775807"), kMaxRetryAfterSeconds * 1000);
        QVERIFY(!parseRetryAfterMs("-5"));
        QVERIFY(!parseRetryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT")); // HTTP-date: not used
        QVERIFY(!parseRetryAfterMs("99999999999999999999"));
    }

    void relativeLocationIsResolvedOnTheServer() {
        QCOMPARE(resolveUploadUrl(kServer, "/files/0a1b2c"), QUrl(kUpload));
        QCOMPARE(resolveUploadUrl(kServer, "files/0a1b2c"), QUrl(kUpload));
        QCOMPARE(resolveUploadUrl(kServer, kUpload.toLatin1()), QUrl(kUpload));
        // Host names compare case-insensitively, as DNS does.
        QCOMPARE(resolveUploadUrl(kServer, "https://MEDIA.example:8443/files/0a1b2c"),
                 QUrl(kUpload));
        QCOMPARE(fileIdOf(resolveUploadUrl(kServer, "/files/0a1b2c")->toString()),
                 QStringLiteral("0a1b2c"));
    }

    void locationToAnotherOriginIsRefused() {
        for (const QByteArrayView other : {
                 "https://evil.example/files/0a1b2c",       // another host
                 "//evil.example:8443/files/0a1b2c",        // scheme-relative, another host
                 "http://media.example:8443/files/0a1b2c",  // a less safe scheme
                 "https://media.example:9000/files/0a1b2c", // another port
                 "https://media.example/files/0a1b2c",      // the scheme's default port
                 "wss://media.example:8443/files/0a1b2c",
                 "https://user:pw@media.example:8443/files/0a1b2c", // credentials in the URL
             })
            QVERIFY2(!resolveUploadUrl(kServer, other), other.data());
    }

    void locationMustNameOneUpload() {
        for (const QByteArrayView bad : {
                 "",
                 "/files/",      // no id: the message would name no file
                 "/files/a%2Fb", // an encoded slash hiding a second segment
                 "/files/a/b",
                 "/files/../admin", // resolved away from /files/
                 "/files/%2e%2e",
                 "/other/0a1b2c",
                 "/files/0a1b2c?x=1",
                 "/files/0a1b2c#f",
                 "/files/a b", // not repaired into something else
                 "/files/\x01",
             })
            QVERIFY2(!resolveUploadUrl(kServer, bad), bad.data());
        QVERIFY(!resolveUploadUrl(kServer, "/files/" + QByteArray(kMaxFileIdChars + 1, 'a')));
        QVERIFY(resolveUploadUrl(kServer, "/files/" + QByteArray(kMaxFileIdChars, 'a')));
    }

    // A 307 to another origin (another port here) is not followed: the token stays home.
    void redirectToAnotherOriginIsNotFollowed() {
        QTcpServer elsewhere;
        QTcpServer redirector;
        QVERIFY(elsewhere.listen(QHostAddress::LocalHost));
        QVERIFY(redirector.listen(QHostAddress::LocalHost));
        int reachedElsewhere = 0;
        connect(&elsewhere, &QTcpServer::newConnection, this, [&] { ++reachedElsewhere; });
        const QByteArray answer = "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:" +
                                  QByteArray::number(elsewhere.serverPort()) +
                                  "/files/0a1b2c\r\nContent-Length: 0\r\n\r\n";
        connect(&redirector, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = redirector.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                if (socket->readAll().contains("\r\n\r\n"))
                    socket->write(answer);
            });
        });
        QNetworkAccessManager network;
        const QUrl upload(
            QStringLiteral("http://127.0.0.1:%1/files/0a1b2c").arg(redirector.serverPort()));
        const std::unique_ptr<QNetworkReply> reply(
            network.head(request(upload, QStringLiteral("secret-token"), 10'000)));
        msgr::test::awaitCondition([&] { return reply->isFinished(); }, "the HEAD's answer");
        QCOMPARE(status(*reply), 307);
        QCOMPARE(reply->url(), upload);
        QCOMPARE(reachedElsewhere, 0);
    }
};

QTEST_GUILESS_MAIN(TstTusAnswers)
#include "tst_tus_answers.moc"
