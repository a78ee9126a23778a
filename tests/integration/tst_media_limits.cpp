// The upload limits an operator sets (issue 8, item 1) against the REAL server started with
// small values: expired unfinished uploads swept (row in server.db and partial file), the
// per-user byte quota of unfinished uploads and the quota of stored files, each refused with
// 413 and its reason before a byte is stored, and counted again after termination and expiry;
// a file stored once counts in full for each uploader (docs/protocol.md §9).
#include "server/store/sqlite_connection.h"
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace sqlite = msgr::server::sqlite;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
const QByteArray kTus = "1.0.0";
constexpr int kExpiryMs = 1000; // the setting's floor
constexpr qint64 kUnfinishedQuota = 100'000;
constexpr qint64 kStoredQuota = 250'000;

RawHeaders auth(const QString &token) {
    return {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + token.toLatin1()}};
}

RawHttpReply create(quint16 port, const QString &token, qint64 length,
                    const QByteArray &body = {}) {
    RawHeaders headers = auth(token);
    headers.emplaceBack("Upload-Length", QByteArray::number(length));
    if (!body.isEmpty())
        headers.emplaceBack("Content-Type", "application/offset+octet-stream");
    return rawHttp(port, "POST", "/files", headers, body);
}

QString signUp(const ServerProcess &server, const char *name) {
    TestClient client;
    if (!client.connectTo(server.wsUrl()) ||
        client.signUp(QString::fromLatin1(name), kPassword).isEmpty())
        return {};
    return client.token();
}

quint16 portOf(const ServerProcess &server) {
    return quint16(server.httpUrl().port());
}

//! Rows of `uploads` with this id in the running server's database (read-only, WAL: a reader
//! beside the server's writer sees the last commit).
qint64 uploadRows(const ServerProcess &server, const QString &id) {
    QString error;
    auto db = sqlite::Connection::open(server.dataDir() + QStringLiteral("/server.db"),
                                       sqlite::Connection::Mode::ReadOnly, &error);
    if (!db)
        return -1;
    sqlite::Statement s = db->prepare("SELECT count(*) FROM uploads WHERE id = ?");
    s.bind(1, id);
    return s.step() ? s.int64(0) : -1;
}

int filesUnder(const QString &dir) {
    int n = 0;
    for (QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next())
        ++n;
    return n;
}
} // namespace

class TstMediaLimits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void expiredUploadIsSwept();
    void unfinishedBytesAreCapped();
    void storedBytesAreCapped();
    void deduplicatedFileCountsForEachUploader();

private:
    quint16 port() const { return portOf(*m_server); }
    //! Quotas only: unfinished uploads here live the default 24 h, so no test races expiry.
    std::unique_ptr<ServerProcess> m_server;
};

void TstMediaLimits::initTestCase() {
    m_server = std::make_unique<ServerProcess>(
        QStringList{QStringLiteral("--upload-quota-bytes"), QString::number(kUnfinishedQuota),
                    QStringLiteral("--file-quota-bytes"), QString::number(kStoredQuota)});
    QVERIFY(m_server->start());
}

void TstMediaLimits::expiredUploadIsSwept() {
    ServerProcess server(
        QStringList{QStringLiteral("--upload-expiry-ms"), QString::number(kExpiryMs),
                    QStringLiteral("--upload-sweep-interval-ms"), QStringLiteral("100"),
                    QStringLiteral("--upload-quota-bytes"), QString::number(kUnfinishedQuota)});
    QVERIFY(server.start());
    const quint16 port = portOf(server);
    const QString token = signUp(server, "sweepy");
    QVERIFY(!token.isEmpty());
    // A finished upload never expires: made first, it is past its time as well when the
    // unfinished one is swept.
    const RawHttpReply finished = create(port, token, 10, QByteArray(10, 'f'));
    QCOMPARE(finished.status, 201);
    const RawHttpReply created = create(port, token, kUnfinishedQuota, QByteArray(400, 'p'));
    QCOMPARE(created.status, 201);
    QCOMPARE(created.header("Upload-Offset"), "400");
    QVERIFY(!created.header("Upload-Expires").isEmpty());
    const QByteArray path = created.header("Location");
    const QString id = QString::fromLatin1(path.mid(7));
    const QString partial = server.dataDir() + QStringLiteral("/media/partial/") + id;
    QVERIFY(QFile::exists(partial));
    QCOMPARE(uploadRows(server, id), 1);
    // Past its expiry the sweeper (every 100 ms) removes the partial file and the row.
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(partial), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(uploadRows(server, id), 0, 5'000);
    QCOMPARE(rawHttp(port, "HEAD", path, auth(token)).status, 404);
    RawHeaders patch = auth(token);
    patch.emplaceBack("Upload-Offset", "400");
    patch.emplaceBack("Content-Type", "application/offset+octet-stream");
    QCOMPARE(rawHttp(port, "PATCH", path, patch, QByteArray(10, 'p')).status, 404);
    QVERIFY(!QFile::exists(partial)); // the refused PATCH wrote nothing
    QCOMPARE(rawHttp(port, "DELETE", path, auth(token)).status, 404);
    QCOMPARE(rawHttp(port, "HEAD", finished.header("Location"), auth(token)).status, 200);
    // Its bytes count no more: the quota is free again.
    QCOMPARE(create(port, token, kUnfinishedQuota).status, 201);
}

void TstMediaLimits::unfinishedBytesAreCapped() {
    const QString token = signUp(*m_server, "quota");
    QVERIFY(!token.isEmpty());
    const RawHttpReply first = create(port(), token, 60'000);
    QCOMPARE(first.status, 201);
    const RawHttpReply over = create(port(), token, 50'000);
    QCOMPARE(over.status, 413);
    QVERIFY(over.body.contains("quota of unfinished uploads"));
    const RawHttpReply atQuota = create(port(), token, kUnfinishedQuota - 60'000);
    QCOMPARE(atQuota.status, 201); // exactly at the quota
    // Terminating one frees its bytes.
    QCOMPARE(rawHttp(port(), "DELETE", first.header("Location"), auth(token)).status, 204);
    QCOMPARE(create(port(), token, 50'000).status, 201);
    QCOMPARE(create(port(), token, 20'000).status, 413);
    // Another user has a quota of their own.
    const QString other = signUp(*m_server, "quota2");
    QCOMPARE(create(port(), other, kUnfinishedQuota).status, 201);
}

void TstMediaLimits::storedBytesAreCapped() {
    const QString token = signUp(*m_server, "hoarder");
    QVERIFY(!token.isEmpty());
    QList<QByteArray> locations;
    for (int i = 0; i < 2; ++i) {
        const RawHttpReply stored =
            create(port(), token, 100'000, QByteArray(100'000, char('a' + i)));
        QCOMPARE(stored.status, 201);
        QCOMPARE(stored.header("Upload-Offset"), "100000");
        locations.append(stored.header("Location"));
    }
    // 200,000 finished: 60,000 more pass the 250,000 (the unfinished quota would allow it).
    const RawHttpReply over = create(port(), token, 60'000);
    QCOMPARE(over.status, 413);
    QVERIFY(over.body.contains("quota of stored files"));
    // Unfinished bytes count too: 50,000 fit, then not one byte more.
    QCOMPARE(create(port(), token, kStoredQuota - 200'000).status, 201);
    QCOMPARE(create(port(), token, 1).status, 413);
    // Terminating a finished file (no message carries it) frees its bytes.
    QCOMPARE(create(port(), token, 50'000).status, 413); // stored 200,000 + 50,000 unfinished
    QCOMPARE(rawHttp(port(), "DELETE", locations.first(), auth(token)).status, 204);
    QCOMPARE(create(port(), token, 50'000).status, 201);
}

void TstMediaLimits::deduplicatedFileCountsForEachUploader() {
    const QByteArray content(100'000, 'z');
    const QString blobsDir = m_server->dataDir() + QStringLiteral("/media/blobs");
    const int blobsBefore = filesUnder(blobsDir);
    const QString first = signUp(*m_server, "twin1");
    const QString second = signUp(*m_server, "twin2");
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QCOMPARE(create(port(), first, content.size(), content).status, 201);
    QCOMPARE(create(port(), second, content.size(), content).status, 201);
    QCOMPARE(filesUnder(blobsDir), blobsBefore + 1); // stored once
    // Yet each uploader is charged the whole 100,000: with another 100,000 of their own,
    // 50,001 more pass the 250,000 for either of them, 50,000 do not.
    char other = 'm';
    for (const QString &token : {first, second}) {
        const QByteArray own(100'000, other++);
        QCOMPARE(create(port(), token, own.size(), own).status, 201);
        const RawHttpReply over = create(port(), token, 50'001);
        QCOMPARE(over.status, 413);
        QVERIFY(over.body.contains("quota of stored files"));
        QCOMPARE(create(port(), token, 50'000).status, 201);
    }
    QCOMPARE(filesUnder(blobsDir), blobsBefore + 3);
}

QTEST_GUILESS_MAIN(TstMediaLimits)
#include "tst_media_limits.moc"
