// tus 1.0 uploads against the REAL server (issue 8, step 1): creation, PATCH in parts with
// and without checksums, HEAD offsets, the refusals (409, 460, 401, 404, 412, 413, 429), a
// body cut by the peer, termination, the server killed mid-upload and resumed from HEAD's
// offset, and one stored copy per content.
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::test;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
const QByteArray kTus = "1.0.0";

QByteArray content(qsizetype size, quint32 seed) {
    return msgr::test::distinctBytes(size, seed);
}

QByteArray checksum(const QByteArray &name, QCryptographicHash::Algorithm algorithm,
                    const QByteArray &part) {
    return name + ' ' + QCryptographicHash::hash(part, algorithm).toBase64();
}

QStringList filesUnder(const QString &dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}
} // namespace

class TstMediaUpload : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void optionsAnnounceTheServer();
    void createThreePartsHeadAndComplete();
    void wrongOffsetIsConflict();
    void badChecksumKeepsNothing();
    void noTokenIsUnauthorized();
    void anotherUsersUploadIsNotFound();
    void wrongTusVersionIsPreconditionFailed();
    void overFourGibIsRefusedAtCreation();
    void unfinishedUploadsAreCappedAndTerminationFreesOne();
    void bodyCutByThePeerKeepsItsBytes();
    void sameContentIsStoredOnce();
    void serverKilledMidUploadResumesFromHead();
    void silentPeerIsDroppedOnTime();
    void creationWithUploadAndEmptyFile();
    void independentTusClientUploads();
    void metricsCountUploads();

private:
    quint16 port() const { return quint16(m_server->httpUrl().port()); }
    RawHeaders auth(const QString &token) const {
        return {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + token.toLatin1()}};
    }
    //! POST /files; the upload's path, or empty.
    QByteArray create(const QString &token, qint64 length, const QByteArray &metadata = {});
    RawHttpReply patch(const QString &token, const QByteArray &path, qint64 offset,
                       const QByteArray &part, const RawHeaders &extra = {});
    qint64 headOffset(const QString &token, const QByteArray &path);
    QString blobDir() const { return m_server->dataDir() + QStringLiteral("/media/blobs"); }
    QString partialDir() const { return m_server->dataDir() + QStringLiteral("/media/partial"); }
    //! Where a finished upload of `data` is filed: under its SHA-256.
    QString blobPathOf(const QByteArray &data) const {
        const QString sha =
            QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
        return blobDir() + u'/' + sha.left(2) + u'/' + sha;
    }

    std::unique_ptr<ServerProcess> m_server;
    QString m_alice, m_bob, m_carol;
};

QByteArray TstMediaUpload::create(const QString &token, qint64 length, const QByteArray &metadata) {
    RawHeaders headers = auth(token);
    headers.emplaceBack("Upload-Length", QByteArray::number(length));
    if (!metadata.isEmpty())
        headers.emplaceBack("Upload-Metadata", metadata);
    const RawHttpReply reply = rawHttp(port(), "POST", "/files", headers);
    if (reply.status != 201)
        return {};
    return reply.header("Location");
}

RawHttpReply TstMediaUpload::patch(const QString &token, const QByteArray &path, qint64 offset,
                                   const QByteArray &part, const RawHeaders &extra) {
    RawHeaders headers = auth(token) + extra;
    headers.emplaceBack("Upload-Offset", QByteArray::number(offset));
    headers.emplaceBack("Content-Type", "application/offset+octet-stream");
    return rawHttp(port(), "PATCH", path, headers, part);
}

qint64 TstMediaUpload::headOffset(const QString &token, const QByteArray &path) {
    const RawHttpReply reply = rawHttp(port(), "HEAD", path, auth(token));
    if (reply.status != 200)
        return -1;
    return reply.header("Upload-Offset").toLongLong();
}

void TstMediaUpload::initTestCase() {
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    for (auto [name, token] :
         {std::pair{"alice", &m_alice}, {"bob", &m_bob}, {"carol", &m_carol}}) {
        TestClient client;
        QVERIFY(client.connectTo(m_server->wsUrl()));
        QVERIFY(!client.signUp(QString::fromLatin1(name), kPassword).isEmpty());
        *token = client.token();
        QVERIFY(!token->isEmpty());
    }
}

void TstMediaUpload::optionsAnnounceTheServer() {
    const RawHttpReply reply = rawHttp(port(), "OPTIONS", "/files", {});
    QCOMPARE(reply.status, 204);
    QCOMPARE(reply.header("Tus-Version"), kTus);
    QCOMPARE(reply.header("Tus-Resumable"), kTus);
    QCOMPARE(reply.header("Tus-Max-Size"), QByteArray::number(qint64(4) << 30));
    const QList<QByteArray> extensions = reply.header("Tus-Extension").split(',');
    for (const char *extension : {"creation", "creation-with-upload", "checksum", "termination",
                                  "expiration", "concatenation"})
        QVERIFY2(extensions.contains(extension), extension);
    QVERIFY(reply.header("Tus-Checksum-Algorithm").split(',').contains("sha256"));
}

void TstMediaUpload::createThreePartsHeadAndComplete() {
    const QByteArray data = content(3 * 100'000 + 7, 1);
    const QByteArray path = create(m_alice, data.size(),
                                   "filename " + QByteArray("photo.jpg").toBase64() + ",filetype " +
                                       QByteArray("image/jpeg").toBase64() + ",is_private");
    QVERIFY(path.startsWith("/files/"));
    QCOMPARE(headOffset(m_alice, path), 0);

    const QByteArray one = data.left(100'000), two = data.mid(100'000, 100'000),
                     three = data.mid(200'000);
    RawHttpReply r = patch(m_alice, path, 0, one,
                           {{"Upload-Checksum", checksum("sha1", QCryptographicHash::Sha1, one)}});
    QCOMPARE(r.status, 204);
    QCOMPARE(r.header("Upload-Offset"), "100000");
    QCOMPARE(headOffset(m_alice, path), 100'000);
    r = patch(m_alice, path, 100'000, two,
              {{"Upload-Checksum", checksum("sha256", QCryptographicHash::Sha256, two)}});
    QCOMPARE(r.status, 204);
    QCOMPARE(headOffset(m_alice, path), 200'000);
    const RawHttpReply head = rawHttp(port(), "HEAD", path, auth(m_alice));
    QCOMPARE(head.header("Upload-Length"), QByteArray::number(data.size()));
    QCOMPARE(head.header("Cache-Control"), "no-store");
    // Kept at least 24 h from creation (tus expiration), said as an HTTP-date.
    const QDateTime expires =
        QLocale::c().toDateTime(QString::fromLatin1(head.header("Upload-Expires")).chopped(4),
                                QStringLiteral("ddd, dd MMM yyyy hh:mm:ss"));
    QVERIFY2(expires.isValid(), head.header("Upload-Expires").constData());
    QDateTime utcExpires = expires;
    utcExpires.setTimeSpec(Qt::UTC);
    QVERIFY(utcExpires > QDateTime::currentDateTimeUtc().addSecs(23 * 3600 + 3500));
    r = patch(m_alice, path, 200'000, three);
    QCOMPARE(r.status, 204);
    QCOMPARE(r.header("Upload-Offset"), QByteArray::number(data.size()));
    QCOMPARE(headOffset(m_alice, path), data.size());

    // Filed under its SHA-256, byte for byte, private to the server's user.
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QFile blob(blobDir() + u'/' + sha.left(2) + u'/' + sha);
    QVERIFY(blob.open(QIODevice::ReadOnly));
    QCOMPARE(blob.readAll(), data);
    QCOMPARE(blob.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteOther),
             QFile::Permissions{});
    QVERIFY(!QFile::exists(partialDir() + u'/' + QString::fromLatin1(path.mid(7))));
    // The media directories are the server user's alone.
    const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                           QFile::ReadUser | QFile::WriteUser | QFile::ExeUser;
    for (const QString &dir : {blobDir(), partialDir(), blobDir() + u'/' + sha.left(2)})
        QCOMPARE(QFileInfo(dir).permissions(), ownerOnly);
    // A further PATCH of a complete upload adds nothing.
    QCOMPARE(patch(m_alice, path, data.size(), "x").status, 413);
}

void TstMediaUpload::wrongOffsetIsConflict() {
    const QByteArray data = content(1000, 2);
    const QByteArray path = create(m_alice, data.size());
    QVERIFY(!path.isEmpty());
    QCOMPARE(patch(m_alice, path, 5, data.mid(5)).status, 409);
    QCOMPARE(headOffset(m_alice, path), 0);
    QCOMPARE(patch(m_alice, path, 0, data.left(400)).status, 204);
    QCOMPARE(patch(m_alice, path, 0, data.left(400)).status, 409); // a resent part
    QCOMPARE(headOffset(m_alice, path), 400);
    QCOMPARE(patch(m_alice, path, 400, data.mid(400)).status, 204);
    // Filed under the SHA-256 of exactly its bytes: the refused PATCHes fed nothing into the
    // hash the server keeps while an upload grows (RunningHashes).
    QVERIFY(QFile::exists(blobPathOf(data)));
}

void TstMediaUpload::badChecksumKeepsNothing() {
    const QByteArray data = content(50'000, 3);
    const QByteArray path = create(m_alice, data.size());
    QVERIFY(!path.isEmpty());
    QCOMPARE(patch(m_alice, path, 0, data.left(20'000)).status, 204);
    QByteArray corrupted = data.mid(20'000, 10'000);
    const QByteArray rightSum = checksum("sha256", QCryptographicHash::Sha256, corrupted);
    corrupted[5000] = char(corrupted[5000] ^ 0x40);
    const RawHttpReply r = patch(m_alice, path, 20'000, corrupted, {{"Upload-Checksum", rightSum}});
    QCOMPARE(r.status, 460);
    QCOMPARE(headOffset(m_alice, path), 20'000);
    // Nothing of the refused part stays on disk.
    QCOMPARE(QFileInfo(partialDir() + u'/' + QString::fromLatin1(path.mid(7))).size(), 20'000);
    // An unknown algorithm or a digest of the wrong length is a bad request.
    QCOMPARE(
        patch(m_alice, path, 20'000, data.mid(20'000), {{"Upload-Checksum", "md5 AAAA"}}).status,
        400);
    const RawHttpReply good =
        patch(m_alice, path, 20'000, data.mid(20'000),
              {{"Upload-Checksum", checksum("sha1", QCryptographicHash::Sha1, data.mid(20'000))}});
    QCOMPARE(good.status, 204);
    QCOMPARE(headOffset(m_alice, path), data.size());
    // The refused part's bytes were hashed before its checksum failed; the stored file is
    // still named by the SHA-256 of the file's real bytes, and holds them.
    QFile blob(blobPathOf(data));
    QVERIFY(blob.open(QIODevice::ReadOnly));
    QCOMPARE(blob.readAll(), data);
}

void TstMediaUpload::noTokenIsUnauthorized() {
    const RawHeaders noToken{{"Tus-Resumable", kTus}, {"Upload-Length", "10"}};
    QCOMPARE(rawHttp(port(), "POST", "/files", noToken).status, 401);
    QCOMPARE(rawHttp(port(), "POST", "/files",
                     auth(QStringLiteral("not-a-token")) + RawHeaders{{"Upload-Length", "10"}})
                 .status,
             401);
    const QByteArray path = create(m_alice, 10);
    QVERIFY(!path.isEmpty());
    QCOMPARE(rawHttp(port(), "HEAD", path, {{"Tus-Resumable", kTus}}).status, 401);
    QCOMPARE(rawHttp(port(), "PATCH", path,
                     {{"Tus-Resumable", kTus},
                      {"Upload-Offset", "0"},
                      {"Content-Type", "application/offset+octet-stream"}},
                     "0123456789")
                 .status,
             401);
    QCOMPARE(headOffset(m_alice, path), 0);
    QCOMPARE(rawHttp(port(), "DELETE", path, auth(m_alice)).status, 204);
}

void TstMediaUpload::anotherUsersUploadIsNotFound() {
    const QByteArray path = create(m_alice, 100);
    QVERIFY(!path.isEmpty());
    // Bob learns nothing: the same answer as for an id that does not exist.
    QCOMPARE(rawHttp(port(), "HEAD", path, auth(m_bob)).status, 404);
    QCOMPARE(patch(m_bob, path, 0, content(100, 4)).status, 404);
    QCOMPARE(rawHttp(port(), "DELETE", path, auth(m_bob)).status, 404);
    QCOMPARE(rawHttp(port(), "HEAD", "/files/0123456789abcdef0123456789abcdef", auth(m_bob)).status,
             404);
    QCOMPARE(rawHttp(port(), "HEAD", "/files/../../etc", auth(m_bob)).status, 404);
    QCOMPARE(headOffset(m_alice, path), 0);
    QCOMPARE(rawHttp(port(), "DELETE", path, auth(m_alice)).status, 204);
}

void TstMediaUpload::wrongTusVersionIsPreconditionFailed() {
    RawHeaders headers{{"Tus-Resumable", "0.2.2"},
                       {"Authorization", "Bearer " + m_alice.toLatin1()},
                       {"Upload-Length", "10"}};
    const RawHttpReply r = rawHttp(port(), "POST", "/files", headers);
    QCOMPARE(r.status, 412);
    QCOMPARE(r.header("Tus-Version"), kTus);
}

void TstMediaUpload::overFourGibIsRefusedAtCreation() {
    const qint64 fourGib = qint64(4) << 30;
    RawHeaders headers = auth(m_carol);
    headers.emplaceBack("Upload-Length", QByteArray::number(fourGib + 1));
    QCOMPARE(rawHttp(port(), "POST", "/files", headers).status, 413);
    const QByteArray exactly = create(m_carol, fourGib); // the limit itself is allowed
    QVERIFY(!exactly.isEmpty());
    QCOMPARE(rawHttp(port(), "DELETE", exactly, auth(m_carol)).status, 204);
}

void TstMediaUpload::unfinishedUploadsAreCappedAndTerminationFreesOne() {
    QList<QByteArray> paths;
    for (int i = 0; i < 16; ++i) {
        paths.append(create(m_carol, 10));
        QVERIFY(!paths.last().isEmpty());
    }
    RawHeaders headers = auth(m_carol);
    headers.emplaceBack("Upload-Length", "10");
    const RawHttpReply refused = rawHttp(port(), "POST", "/files", headers);
    QCOMPARE(refused.status, 429);
    QVERIFY(refused.body.contains("unfinished"));
    QCOMPARE(patch(m_carol, paths[0], 0, "0123456789").status, 204); // finished: not counted
    QVERIFY(!create(m_carol, 10).isEmpty());
    QCOMPARE(rawHttp(port(), "DELETE", paths[1], auth(m_carol)).status, 204);
    QCOMPARE(rawHttp(port(), "HEAD", paths[1], auth(m_carol)).status, 404);
    QVERIFY(!QFile::exists(partialDir() + u'/' + QString::fromLatin1(paths[1].mid(7))));
    QVERIFY(!create(m_carol, 10).isEmpty());
    for (const QByteArray &path : paths.mid(2))
        QCOMPARE(rawHttp(port(), "DELETE", path, auth(m_carol)).status, 204);
}

void TstMediaUpload::bodyCutByThePeerKeepsItsBytes() {
    const QByteArray data = content(200'000, 5);
    const QByteArray path = create(m_alice, data.size());
    QVERIFY(!path.isEmpty());
    {
        QTcpSocket socket;
        QVERIFY(startPartialRequest(
            socket, port(), "PATCH", path,
            auth(m_alice) + RawHeaders{{"Upload-Offset", "0"},
                                       {"Content-Type", "application/offset+octet-stream"}},
            data, 120'000));
        QTest::qWait(300);
        socket.disconnectFromHost(); // FIN: the server reads every byte sent, then EOF
    }
    // tus: the server keeps what arrived; the client resumes from HEAD's offset.
    qint64 offset = 0;
    QVERIFY(QTest::qWaitFor([&] { return (offset = headOffset(m_alice, path)) == 120'000; }, 5000));
    QCOMPARE(patch(m_alice, path, offset, data.mid(offset)).status, 204);
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QVERIFY(QFile::exists(blobDir() + u'/' + sha.left(2) + u'/' + sha));
}

void TstMediaUpload::sameContentIsStoredOnce() {
    const QByteArray data = content(70'000, 6);
    const qsizetype before = filesUnder(blobDir()).size();
    for (const QString &token : {m_alice, m_bob, m_alice}) {
        const QByteArray path = create(token, data.size());
        QVERIFY(!path.isEmpty());
        QCOMPARE(patch(token, path, 0, data).status, 204);
        QCOMPARE(headOffset(token, path), data.size());
    }
    QCOMPARE(filesUnder(blobDir()).size(), before + 1);
}

void TstMediaUpload::serverKilledMidUploadResumesFromHead() {
    const QByteArray data = content(300'000, 7);
    const QByteArray path = create(m_bob, data.size());
    QVERIFY(!path.isEmpty());
    QCOMPARE(patch(m_bob, path, 0, data.left(100'000)).status, 204);
    {
        QTcpSocket socket;
        QVERIFY(startPartialRequest(
            socket, port(), "PATCH", path,
            auth(m_bob) + RawHeaders{{"Upload-Offset", "100000"},
                                     {"Content-Type", "application/offset+octet-stream"}},
            data.mid(100'000), 150'000));
        QTest::qWait(300);
        m_server->kill(); // SIGKILL with part two half received
    }
    QVERIFY(m_server->restart());
    // What the server had recorded as durable: the first part (the half part was never
    // committed; its bytes on disk are cut away when the upload resumes).
    const qint64 offset = headOffset(m_bob, path);
    QCOMPARE(offset, 100'000);
    QCOMPARE(patch(m_bob, path, offset, data.mid(offset)).status, 204);
    QCOMPARE(headOffset(m_bob, path), data.size());
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QFile blob(blobDir() + u'/' + sha.left(2) + u'/' + sha);
    QVERIFY(blob.open(QIODevice::ReadOnly));
    QCOMPARE(blob.readAll(), data);
}

void TstMediaUpload::silentPeerIsDroppedOnTime() {
    const QByteArray data = content(100'000, 8);
    const QByteArray path = create(m_carol, data.size());
    QVERIFY(!path.isEmpty());
    QTcpSocket socket;
    QElapsedTimer silent;
    QVERIFY(startPartialRequest(
        socket, port(), "PATCH", path,
        auth(m_carol) +
            RawHeaders{{"Upload-Offset", "0"}, {"Content-Type", "application/offset+octet-stream"}},
        data, 40'000));
    silent.start();
    // kPatchReadIdleMs (30 s) after the last byte the server drops the connection.
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                            45'000));
    QVERIFY2(silent.elapsed() >= 25'000, QByteArray::number(silent.elapsed()).constData());
    // The bytes that did arrive were kept (no checksum was given).
    QCOMPARE(headOffset(m_carol, path), 40'000); // recorded before the connection closed
    QCOMPARE(rawHttp(port(), "DELETE", path, auth(m_carol)).status, 204);
}

void TstMediaUpload::creationWithUploadAndEmptyFile() {
    const QByteArray data = content(30'000, 9);
    RawHeaders headers = auth(m_alice);
    headers.emplaceBack("Upload-Length", QByteArray::number(data.size()));
    headers.emplaceBack("Content-Type", "application/offset+octet-stream");
    headers.emplaceBack("Upload-Checksum",
                        checksum("sha256", QCryptographicHash::Sha256, data.left(10'000)));
    RawHttpReply r = rawHttp(port(), "POST", "/files", headers, data.left(10'000));
    QCOMPARE(r.status, 201);
    QCOMPARE(r.header("Upload-Offset"), "10000");
    const QByteArray path = r.header("Location");
    QCOMPARE(headOffset(m_alice, path), 10'000);
    QCOMPARE(patch(m_alice, path, 10'000, data.mid(10'000)).status, 204);
    QCOMPARE(headOffset(m_alice, path), data.size());

    // Expect: 100-continue (curl's default for large bodies): the interim answer comes first.
    const QByteArray next = create(m_alice, 1000);
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port());
    QVERIFY(socket.waitForConnected(10'000));
    socket.write("PATCH " + next + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n" +
                 "Authorization: Bearer " + m_alice.toLatin1() +
                 "\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
                 "Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() > 0; }, 10'000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 100 Continue"));
    socket.write(content(1000, 11));
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() > 0; }, 10'000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 204"));
    QCOMPARE(headOffset(m_alice, next), 1000);

    // An empty file is complete at creation.
    const QByteArray empty = create(m_alice, 0);
    QVERIFY(!empty.isEmpty());
    QCOMPARE(headOffset(m_alice, empty), 0);
    const QString sha = QString::fromLatin1(
        QCryptographicHash::hash(QByteArray(), QCryptographicHash::Sha256).toHex());
    QVERIFY(QFile::exists(blobDir() + u'/' + sha.left(2) + u'/' + sha));
}

void TstMediaUpload::independentTusClientUploads() {
    // tuspy (python3-tuspy, Debian's package), not our own client: the wire is really tus.
    const QString python = QStringLiteral("/usr/bin/python3");
    if (QProcess::execute(python, {QStringLiteral("-c"), QStringLiteral("import tusclient")}) != 0)
        QSKIP("python3-tuspy is not installed (scripts/install-deps.sh installs it)");
    QTemporaryDir dir;
    const QByteArray data = content(250'000, 10);
    QFile file(dir.filePath(QStringLiteral("upload.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    const QString script = QStringLiteral(R"(
import sys
from tusclient import client
c = client.TusClient(sys.argv[1] + '/files', headers={'Authorization': 'Bearer ' + sys.argv[2]})
u = c.uploader(file_path=sys.argv[3], chunk_size=64000, metadata={'filename': 'upload.bin'})
u.upload()
print(u.url)
)");
    QProcess tus;
    tus.start(python, {QStringLiteral("-c"), script, m_server->httpUrl().toString(), m_alice,
                       file.fileName()});
    QVERIFY(tus.waitForFinished(60'000));
    const QByteArray url = tus.readAllStandardOutput().trimmed();
    QVERIFY2(tus.exitCode() == 0, tus.readAllStandardError().constData());
    const QByteArray path = QUrl(QString::fromLatin1(url)).path().toLatin1();
    QVERIFY(path.startsWith("/files/"));
    QCOMPARE(headOffset(m_alice, path), data.size());
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QVERIFY(QFile::exists(blobDir() + u'/' + sha.left(2) + u'/' + sha));
}

void TstMediaUpload::metricsCountUploads() {
    const auto metrics = [&] {
        QHash<QByteArray, qint64> values;
        const RawHttpReply reply = rawHttp(port(), "GET", "/metrics", {});
        for (const QByteArray &line : reply.body.split('\n')) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() == 2 && !line.startsWith('#'))
                values.insert(fields[0], fields[1].toLongLong());
        }
        return values;
    };
    const QHash<QByteArray, qint64> before = metrics();
    QVERIFY(before.contains("msgr_uploads_finished_total"));
    const QByteArray data = content(5000, 12);
    const QByteArray path = create(m_carol, data.size());
    QCOMPARE(patch(m_carol, path, 0, data.left(2000),
                   {{"Upload-Checksum", checksum("sha1", QCryptographicHash::Sha1, "other")}})
                 .status,
             460);
    QCOMPARE(patch(m_carol, path, 0, data.left(2000)).status, 204);
    QCOMPARE(patch(m_carol, path, 2000, data.mid(2000)).status, 204);
    // A client that lost the last answer: re-sending the last part is a conflict, finishing
    // again (an empty PATCH at the end) answers the offset; neither is another upload.
    QCOMPARE(patch(m_carol, path, 2000, data.mid(2000)).status, 409);
    QCOMPARE(patch(m_carol, path, 5000, {}).status, 204);

    // A final of two partial uploads (tus concatenation), sent twice because its answer was
    // lost: the second answers with the file the first assembled, and is not counted again.
    QByteArray finalPaths;
    const QByteArray pieces = content(3000, 13);
    for (const QByteArray &piece : {pieces.left(1500), pieces.mid(1500)}) {
        RawHeaders partial = auth(m_carol);
        partial.emplaceBack("Upload-Length", QByteArray::number(piece.size()));
        partial.emplaceBack("Upload-Concat", "partial");
        const QByteArray partPath = rawHttp(port(), "POST", "/files", partial).header("Location");
        QVERIFY(partPath.startsWith("/files/"));
        QCOMPARE(patch(m_carol, partPath, 0, piece).status, 204);
        finalPaths += (finalPaths.isEmpty() ? "" : " ") + partPath;
    }
    RawHeaders finalHeaders = auth(m_carol);
    finalHeaders.emplaceBack("Upload-Concat", "final;" + finalPaths);
    const RawHttpReply assembled = rawHttp(port(), "POST", "/files", finalHeaders);
    QCOMPARE(assembled.status, 201);
    const RawHttpReply again = rawHttp(port(), "POST", "/files", finalHeaders);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.header("Location"), assembled.header("Location"));

    const QHash<QByteArray, qint64> after = metrics();
    QCOMPARE(after["msgr_uploads_finished_total"] - before["msgr_uploads_finished_total"], 2);
    QCOMPARE(after["msgr_upload_bytes_total"] - before["msgr_upload_bytes_total"], 5000 + 3000);
    QCOMPARE(after["msgr_upload_checksum_mismatches_total"] -
                 before["msgr_upload_checksum_mismatches_total"],
             1);
}

QTEST_GUILESS_MAIN(TstMediaUpload)
#include "tst_media_upload.moc"
