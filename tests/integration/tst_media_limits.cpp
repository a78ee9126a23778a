// The upload limits an operator sets (issue 8, item 1) against the REAL server started with
// small values: expired unfinished uploads swept (row and partial file), the per-user byte
// quota of unfinished uploads and the quota of stored files, each refused with 413 and its
// reason before a byte is stored.
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace msgr;
using namespace msgr::test;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
const QByteArray kTus = "1.0.0";
constexpr int kExpiryMs = 1500;
constexpr qint64 kUnfinishedQuota = 100'000;
constexpr qint64 kStoredQuota = 250'000;
} // namespace

class TstMediaLimits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void expiredUploadIsSwept();
    void unfinishedBytesAreCapped();
    void storedBytesAreCapped();

private:
    quint16 port() const { return quint16(m_server->httpUrl().port()); }
    RawHeaders auth(const QString &token) const {
        return {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + token.toLatin1()}};
    }
    RawHttpReply create(const QString &token, qint64 length, const QByteArray &body = {}) {
        RawHeaders headers = auth(token);
        headers.emplaceBack("Upload-Length", QByteArray::number(length));
        if (!body.isEmpty())
            headers.emplaceBack("Content-Type", "application/offset+octet-stream");
        return rawHttp(port(), "POST", "/files", headers, body);
    }
    QString signUp(const char *name) {
        TestClient client;
        if (!client.connectTo(m_server->wsUrl()) ||
            client.signUp(QString::fromLatin1(name), kPassword).isEmpty())
            return {};
        return client.token();
    }

    std::unique_ptr<ServerProcess> m_server;
};

void TstMediaLimits::initTestCase() {
    m_server = std::make_unique<ServerProcess>(
        QStringList{QStringLiteral("--upload-expiry-ms"), QString::number(kExpiryMs),
                    QStringLiteral("--upload-sweep-interval-ms"), QStringLiteral("100"),
                    QStringLiteral("--upload-quota-bytes"), QString::number(kUnfinishedQuota),
                    QStringLiteral("--file-quota-bytes"), QString::number(kStoredQuota)});
    QVERIFY(m_server->start());
}

void TstMediaLimits::expiredUploadIsSwept() {
    const QString token = signUp("sweepy");
    QVERIFY(!token.isEmpty());
    // A finished upload never expires: made first, it is past its time as well when the
    // unfinished one is swept.
    const RawHttpReply finished = create(token, 10, QByteArray(10, 'f'));
    QCOMPARE(finished.status, 201);
    const RawHttpReply created = create(token, 1000, QByteArray(400, 'p'));
    QCOMPARE(created.status, 201);
    QCOMPARE(created.header("Upload-Offset"), "400");
    const QByteArray path = created.header("Location");
    const QString partial =
        m_server->dataDir() + QStringLiteral("/media/partial/") + QString::fromLatin1(path.mid(7));
    QVERIFY(QFile::exists(partial));
    // Past its expiry the sweeper (every 100 ms) removes the partial file and the row.
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(partial), 10'000);
    QCOMPARE(rawHttp(port(), "HEAD", path, auth(token)).status, 404);
    QCOMPARE(rawHttp(port(), "DELETE", path, auth(token)).status, 404); // the row is gone too
    QCOMPARE(rawHttp(port(), "HEAD", finished.header("Location"), auth(token)).status, 200);
}

void TstMediaLimits::unfinishedBytesAreCapped() {
    const QString token = signUp("quota");
    QVERIFY(!token.isEmpty());
    const RawHttpReply first = create(token, 60'000);
    QCOMPARE(first.status, 201);
    const RawHttpReply over = create(token, 50'000);
    QCOMPARE(over.status, 413);
    QVERIFY(over.body.contains("quota of unfinished uploads"));
    QCOMPARE(create(token, kUnfinishedQuota - 60'000).status, 201); // exactly at the quota
    // Terminating one frees its bytes.
    QCOMPARE(rawHttp(port(), "DELETE", first.header("Location"), auth(token)).status, 204);
    QCOMPARE(create(token, 50'000).status, 201);
    // Another user has a quota of their own.
    const QString other = signUp("quota2");
    QCOMPARE(create(other, kUnfinishedQuota).status, 201);
}

void TstMediaLimits::storedBytesAreCapped() {
    const QString token = signUp("hoarder");
    QVERIFY(!token.isEmpty());
    for (int i = 0; i < 2; ++i)
        QCOMPARE(create(token, 100'000, QByteArray(100'000, char('a' + i))).status, 201);
    const RawHttpReply over = create(token, 60'000);
    QCOMPARE(over.status, 413);
    QVERIFY(over.body.contains("quota of stored files"));
    QCOMPARE(create(token, kStoredQuota - 200'000).status, 201);
}

QTEST_GUILESS_MAIN(TstMediaLimits)
#include "tst_media_limits.moc"
