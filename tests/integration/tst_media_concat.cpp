// tus concatenation against the REAL server (issue 8, item 1; docs/protocol.md §9
// "Concatenation"): partial uploads sent in parallel and assembled into a final upload whose
// bytes, hash, name and type are right; a final naming another user's partial, an unfinished
// partial, an ordinary upload, or too many bytes, refused with its status; a partial never
// downloadable by itself; the final deduplicated with an identical ordinary upload; partials
// counted in the cap of unfinished uploads; the same final sent again (its answer lost)
// answered with the final already assembled, to its owner only.
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
const QByteArray kTus = "1.0.0";

QStringList filesUnder(const QString &dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

QString sha256Hex(const QByteArray &data) {
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}
} // namespace

class TstMediaConcat : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void optionsAnnounceConcatenation();
    void parallelPartialsAssembleIntoOneFile();
    void anotherUsersPartialIsNotFound();
    void unfinishedPartialIsConflict();
    void finalDeduplicatesWithAnOrdinaryUpload();
    void malformedFinalsAreRefused();
    void partialsCountAsUnfinishedUploads();
    void theSameFinalAgainAnswersWithTheAssembledFile();
    void independentTusClientSendsPartialsInParallel();
    void onlyTheFinalCanBeAttached();

private:
    quint16 port() const { return quint16(m_server->httpUrl().port()); }
    RawHeaders auth(const QString &token) const {
        return {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + token.toLatin1()}};
    }
    //! POST /files with Upload-Concat: partial; the upload's path, or empty.
    QByteArray createPartial(const QString &token, qint64 length);
    //! POST /files with Upload-Concat: final;<paths>.
    RawHttpReply createFinal(const QString &token, const QByteArray &paths,
                             const QByteArray &metadata = {});
    RawHttpReply patch(const QString &token, const QByteArray &path, qint64 offset,
                       const QByteArray &part);
    //! The data as complete partial uploads of `token`, one per piece; their paths.
    QList<QByteArray> sendPartials(const QString &token, const QList<QByteArray> &pieces);
    QString blobDir() const { return m_server->dataDir() + QStringLiteral("/media/blobs"); }
    QString partialDir() const { return m_server->dataDir() + QStringLiteral("/media/partial"); }

    std::unique_ptr<ServerProcess> m_server;
    QString m_alice, m_bob, m_carol;
    std::unique_ptr<TestClient> m_aliceClient; // stays signed in: sends messages
    qint64 m_bobId = 0;
};

QByteArray TstMediaConcat::createPartial(const QString &token, qint64 length) {
    RawHeaders headers = auth(token);
    headers.emplaceBack("Upload-Length", QByteArray::number(length));
    headers.emplaceBack("Upload-Concat", "partial");
    const RawHttpReply reply = rawHttp(port(), "POST", "/files", headers);
    if (reply.status != 201)
        return {};
    return reply.header("Location");
}

RawHttpReply TstMediaConcat::createFinal(const QString &token, const QByteArray &paths,
                                         const QByteArray &metadata) {
    RawHeaders headers = auth(token);
    headers.emplaceBack("Upload-Concat", "final;" + paths);
    if (!metadata.isEmpty())
        headers.emplaceBack("Upload-Metadata", metadata);
    return rawHttp(port(), "POST", "/files", headers);
}

RawHttpReply TstMediaConcat::patch(const QString &token, const QByteArray &path, qint64 offset,
                                   const QByteArray &part) {
    RawHeaders headers = auth(token);
    headers.emplaceBack("Upload-Offset", QByteArray::number(offset));
    headers.emplaceBack("Content-Type", "application/offset+octet-stream");
    return rawHttp(port(), "PATCH", path, headers, part);
}

QList<QByteArray> TstMediaConcat::sendPartials(const QString &token,
                                               const QList<QByteArray> &pieces) {
    QList<QByteArray> paths;
    for (const QByteArray &piece : pieces) {
        paths.append(createPartial(token, piece.size()));
        if (paths.last().isEmpty())
            return {};
        if (patch(token, paths.last(), 0, piece).status != 204)
            return {};
    }
    return paths;
}

void TstMediaConcat::initTestCase() {
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    for (auto [name, token] :
         {std::pair{"alice", &m_alice}, {"bob", &m_bob}, {"carol", &m_carol}}) {
        auto client = std::make_unique<TestClient>();
        QVERIFY(client->connectTo(m_server->wsUrl()));
        QVERIFY(!client->signUp(QString::fromLatin1(name), kPassword).isEmpty());
        *token = client->token();
        QVERIFY(!token->isEmpty());
        if (token == &m_alice)
            m_aliceClient = std::move(client);
        else if (token == &m_bob)
            m_bobId = client->userId();
    }
}

void TstMediaConcat::optionsAnnounceConcatenation() {
    const RawHttpReply reply = rawHttp(port(), "OPTIONS", "/files", {});
    QCOMPARE(reply.status, 204);
    QVERIFY(reply.header("Tus-Extension").split(',').contains("concatenation"));
}

void TstMediaConcat::parallelPartialsAssembleIntoOneFile() {
    const QByteArray data = distinctBytes(3 * 400'000 + 11, 21);
    const QList<QByteArray> pieces = {data.left(400'000), data.mid(400'000, 500'000),
                                      data.mid(900'000)};
    QList<QByteArray> paths;
    for (const QByteArray &piece : pieces) {
        paths.append(createPartial(m_alice, piece.size()));
        QVERIFY(paths.last().startsWith("/files/"));
    }
    const RawHttpReply partialHead = rawHttp(port(), "HEAD", paths[0], auth(m_alice));
    QCOMPARE(partialHead.status, 200);
    QCOMPARE(partialHead.header("Upload-Concat"), "partial");
    QVERIFY(!partialHead.header("Upload-Expires").isEmpty());

    // The three PATCHes in flight at once: each head and half its body, then the rest of each.
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        RawHeaders headers = auth(m_alice);
        headers.emplaceBack("Upload-Offset", "0");
        headers.emplaceBack("Content-Type", "application/offset+octet-stream");
        sockets.push_back(std::make_unique<QTcpSocket>());
        QVERIFY(startPartialRequest(*sockets.back(), port(), "PATCH", paths[i], headers, pieces[i],
                                    pieces[i].size() / 2));
    }
    for (qsizetype i = 0; i < pieces.size(); ++i)
        sockets[size_t(i)]->write(pieces[i].mid(pieces[i].size() / 2));
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        const RawHttpReply reply = readRawReply(*sockets[size_t(i)]);
        QCOMPARE(reply.status, 204);
        QCOMPARE(reply.header("Upload-Offset"), QByteArray::number(pieces[i].size()));
    }

    // A complete partial is not a file: not filed, not downloadable (409 for its uploader, as
    // an unfinished upload; 404 for anyone else).
    const qsizetype blobsBefore = filesUnder(blobDir()).size();
    QCOMPARE(rawHttp(port(), "GET", paths[1], auth(m_alice)).status, 409);
    QCOMPARE(rawHttp(port(), "GET", paths[1], auth(m_bob)).status, 404);

    // One URL absolute, as a client that resolved Location would send it.
    const QByteArray absolute = m_server->httpUrl().toString().toLatin1() + paths[1];
    const RawHttpReply created =
        createFinal(m_alice, paths[0] + ' ' + absolute + ' ' + paths[2],
                    "filename " + QByteArray("film.mkv").toBase64() + ",filetype " +
                        QByteArray("video/x-matroska").toBase64());
    QCOMPARE(created.status, 201);
    const QByteArray finalPath = created.header("Location");
    QVERIFY(finalPath.startsWith("/files/"));
    QCOMPARE(filesUnder(blobDir()).size(), blobsBefore + 1);

    const RawHttpReply head = rawHttp(port(), "HEAD", finalPath, auth(m_alice));
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Upload-Length"), QByteArray::number(data.size()));
    QCOMPARE(head.header("Upload-Offset"), QByteArray::number(data.size()));
    QCOMPARE(head.header("Upload-Concat"), "final;" + paths.join(' '));

    // Filed under its SHA-256 and downloaded like any finished upload, with its name and type.
    const QString sha = sha256Hex(data);
    QFile blob(blobDir() + u'/' + sha.left(2) + u'/' + sha);
    QVERIFY(blob.open(QIODevice::ReadOnly));
    QCOMPARE(blob.readAll(), data);
    const RawHttpReply download = rawHttp(port(), "GET", finalPath, auth(m_alice));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, data);
    QCOMPARE(download.header("ETag"), '"' + sha.toLatin1() + '"');
    QCOMPARE(download.header("Content-Type"), "video/x-matroska");
    QVERIFY(download.header("Content-Disposition").contains("film.mkv"));

    // The partials were consumed: gone, their bytes too.
    for (const QByteArray &path : paths) {
        QCOMPARE(rawHttp(port(), "HEAD", path, auth(m_alice)).status, 404);
        QVERIFY(!QFile::exists(partialDir() + u'/' + QString::fromLatin1(path.mid(7))));
    }
    QVERIFY(!QFile::exists(partialDir() + u'/' + QString::fromLatin1(finalPath.mid(7))));
    // A final's bytes are its parts': nothing may be appended (tus: 403).
    QCOMPARE(patch(m_alice, finalPath, data.size(), {}).status, 403);
}

void TstMediaConcat::anotherUsersPartialIsNotFound() {
    const QByteArray data = distinctBytes(120'000, 22);
    const QList<QByteArray> mine = sendPartials(m_alice, {data.left(60'000)});
    const QList<QByteArray> theirs = sendPartials(m_bob, {data.mid(60'000)});
    QCOMPARE(mine.size(), 1);
    QCOMPARE(theirs.size(), 1);
    // Alike an unknown id, so upload ids cannot be probed.
    const RawHttpReply refused = createFinal(m_alice, mine[0] + ' ' + theirs[0]);
    QCOMPARE(refused.status, 404);
    QCOMPARE(createFinal(m_alice, mine[0] + " /files/" + QByteArray(32, 'a')).status, 404);
    // Nothing was consumed: both partials are as they were.
    const RawHttpReply head = rawHttp(port(), "HEAD", mine[0], auth(m_alice));
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Upload-Offset"), "60000");
    QCOMPARE(rawHttp(port(), "HEAD", theirs[0], auth(m_bob)).header("Upload-Offset"), "60000");
    // Bob may assemble his own.
    QCOMPARE(createFinal(m_bob, theirs[0]).status, 201);
    QCOMPARE(rawHttp(port(), "DELETE", mine[0], auth(m_alice)).status, 204);
}

void TstMediaConcat::unfinishedPartialIsConflict() {
    const QByteArray data = distinctBytes(90'000, 23);
    const QByteArray first = sendPartials(m_alice, {data.left(30'000)}).value(0);
    const QByteArray second = createPartial(m_alice, 60'000);
    QVERIFY(!first.isEmpty());
    QVERIFY(!second.isEmpty());
    QCOMPARE(patch(m_alice, second, 0, data.mid(30'000, 20'000)).status, 204);
    const RawHttpReply refused = createFinal(m_alice, first + ' ' + second);
    QCOMPARE(refused.status, 409);
    QVERIFY(refused.body.contains("not complete"));
    // Finished, the same final is accepted.
    QCOMPARE(patch(m_alice, second, 20'000, data.mid(50'000)).status, 204);
    const RawHttpReply created = createFinal(m_alice, first + ' ' + second);
    QCOMPARE(created.status, 201);
    const RawHttpReply download = rawHttp(port(), "GET", created.header("Location"), auth(m_alice));
    QCOMPARE(download.body, data);
}

void TstMediaConcat::finalDeduplicatesWithAnOrdinaryUpload() {
    const QByteArray data = distinctBytes(250'000, 24);
    // Carol uploads it the ordinary way.
    RawHeaders headers = auth(m_carol);
    headers.emplaceBack("Upload-Length", QByteArray::number(data.size()));
    headers.emplaceBack("Content-Type", "application/offset+octet-stream");
    const RawHttpReply ordinary = rawHttp(port(), "POST", "/files", headers, data);
    QCOMPARE(ordinary.status, 201);
    const qsizetype blobsBefore = filesUnder(blobDir()).size();
    // Bob sends the same bytes in two partials and assembles them: one stored copy.
    const QList<QByteArray> paths = sendPartials(m_bob, {data.left(100'000), data.mid(100'000)});
    QCOMPARE(paths.size(), 2);
    const RawHttpReply created = createFinal(m_bob, paths.join(' '));
    QCOMPARE(created.status, 201);
    QCOMPARE(filesUnder(blobDir()).size(), blobsBefore);
    const RawHttpReply download = rawHttp(port(), "GET", created.header("Location"), auth(m_bob));
    QCOMPARE(download.header("ETag"), '"' + sha256Hex(data).toLatin1() + '"');
    QCOMPARE(download.body, data);
}

void TstMediaConcat::malformedFinalsAreRefused() {
    const QByteArray part = sendPartials(m_alice, {distinctBytes(1000, 25)}).value(0);
    QVERIFY(!part.isEmpty());
    RawHeaders headers = auth(m_alice);
    headers.emplaceBack("Upload-Concat", "final;" + part);
    headers.emplaceBack("Upload-Length", "1000");
    QCOMPARE(rawHttp(port(), "POST", "/files", headers).status, 400); // the length is the parts'
    QCOMPARE(createFinal(m_alice, {}).status, 400);                   // no part
    QCOMPARE(createFinal(m_alice, "/elsewhere/" + part.mid(7)).status, 400);
    QCOMPARE(createFinal(m_alice, part + ' ' + part).status, 400); // the same part twice
    RawHeaders bad = auth(m_alice);
    bad.emplaceBack("Upload-Concat", "parts");
    bad.emplaceBack("Upload-Length", "10");
    QCOMPARE(rawHttp(port(), "POST", "/files", bad).status, 400);
    QList<QByteArray> many(17, part);
    for (qsizetype i = 0; i < many.size(); ++i)
        many[i] = "/files/" + QByteArray::number(i).rightJustified(32, '0');
    const RawHttpReply tooMany = createFinal(m_alice, many.join(' '));
    QCOMPARE(tooMany.status, 400);
    QVERIFY(tooMany.body.contains("at most 16"));
    // An ordinary upload is not a partial one.
    RawHeaders plain = auth(m_alice);
    plain.emplaceBack("Upload-Length", "3");
    plain.emplaceBack("Content-Type", "application/offset+octet-stream");
    const RawHttpReply ordinary = rawHttp(port(), "POST", "/files", plain, "abc");
    QCOMPARE(ordinary.status, 201);
    QCOMPARE(createFinal(m_alice, part + ' ' + ordinary.header("Location")).status, 400);
    // Parts declared past 4 GiB together: 413 before a byte of them is sent.
    const QByteArray big = createPartial(m_alice, qint64(3) << 30);
    const QByteArray bigger = createPartial(m_alice, qint64(2) << 30);
    QVERIFY(!big.isEmpty());
    QVERIFY(!bigger.isEmpty());
    QCOMPARE(createFinal(m_alice, big + ' ' + bigger).status, 413);
    for (const QByteArray &path : {part, big, bigger})
        QCOMPARE(rawHttp(port(), "DELETE", path, auth(m_alice)).status, 204);
}

void TstMediaConcat::partialsCountAsUnfinishedUploads() {
    // Carol holds 16 unfinished uploads, all partial ones (complete or not): the 17th is refused
    // like any creation past the cap, and a final that consumes some frees their places.
    QList<QByteArray> paths = sendPartials(m_carol, {"a", "b"});
    QCOMPARE(paths.size(), 2);
    while (paths.size() < 16) {
        paths.append(createPartial(m_carol, 10));
        QVERIFY(!paths.last().isEmpty());
    }
    RawHeaders headers = auth(m_carol);
    headers.emplaceBack("Upload-Length", "10");
    headers.emplaceBack("Upload-Concat", "partial");
    QCOMPARE(rawHttp(port(), "POST", "/files", headers).status, 429);
    const RawHttpReply created = createFinal(m_carol, paths[0] + ' ' + paths[1]);
    QCOMPARE(created.status, 201);
    QCOMPARE(rawHttp(port(), "GET", created.header("Location"), auth(m_carol)).body, "ab");
    QVERIFY(!createPartial(m_carol, 10).isEmpty());
}

void TstMediaConcat::independentTusClientSendsPartialsInParallel() {
    // tuspy (python3-tuspy, Debian's package) has no concatenation of its own, but it sends its
    // client headers on creation: with Upload-Concat: partial each of its uploads is a partial
    // one, three of them in threads at once; the final is one plain POST with their absolute
    // URLs, as tuspy reports them.
    const QString python = QStringLiteral("/usr/bin/python3");
    if (QProcess::execute(python, {QStringLiteral("-c"), QStringLiteral("import tusclient")}) != 0)
        QSKIP("python3-tuspy is not installed (scripts/install-deps.sh installs it)");
    QTemporaryDir dir;
    const QByteArray data = distinctBytes(3 * 200'000 + 5, 26);
    QFile file(dir.filePath(QStringLiteral("upload.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    const QString script = QStringLiteral(R"(
import base64, io, sys, threading, requests
from tusclient import client
base, token, path = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(path, 'rb').read()
third = len(data) // 3
pieces = [data[:third], data[third:2 * third], data[2 * third:]]
auth = {'Authorization': 'Bearer ' + token}
urls = [None] * 3
def send(i):
    c = client.TusClient(base + '/files', headers=dict(auth, **{'Upload-Concat': 'partial'}))
    u = c.uploader(file_stream=io.BytesIO(pieces[i]), chunk_size=50000)
    u.upload()
    urls[i] = u.url
threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
for t in threads: t.start()
for t in threads: t.join()
r = requests.post(base + '/files', headers=dict(auth, **{
    'Tus-Resumable': '1.0.0', 'Upload-Concat': 'final;' + ' '.join(urls),
    'Upload-Metadata': 'filename ' + base64.b64encode(b'tus.bin').decode()}))
if r.status_code != 201:
    sys.exit('final: %d %s' % (r.status_code, r.text))
print(r.headers['Location'])
)");
    QProcess tus;
    tus.start(python, {QStringLiteral("-c"), script, m_server->httpUrl().toString(), m_bob,
                       file.fileName()});
    QVERIFY(tus.waitForFinished(60'000));
    QVERIFY2(tus.exitCode() == 0, tus.readAllStandardError().constData());
    const QByteArray finalPath = tus.readAllStandardOutput().trimmed();
    QVERIFY(finalPath.startsWith("/files/"));
    const RawHttpReply download = rawHttp(port(), "GET", finalPath, auth(m_bob));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, data);
    QCOMPARE(download.header("ETag"), '"' + sha256Hex(data).toLatin1() + '"');
    QVERIFY(download.header("Content-Disposition").contains("tus.bin"));
}

void TstMediaConcat::onlyTheFinalCanBeAttached() {
    const QByteArray data = distinctBytes(40'000, 27);
    const QList<QByteArray> paths = sendPartials(m_alice, {data.left(20'000), data.mid(20'000)});
    QCOMPARE(paths.size(), 2);
    const auto chat = m_aliceClient->call(api::OpenPrivateChat{m_bobId});
    QVERIFY(chat.ok());
    const auto attachment = [](const QByteArray &path, qint64 size) {
        protocol::Attachment a;
        a.fileId = QString::fromLatin1(path.mid(7));
        a.kind = protocol::AttachmentKind::File;
        a.size = size;
        a.name = QStringLiteral("parts.bin");
        return a;
    };
    // A complete partial upload is not a file: a message cannot carry it.
    QVERIFY(!m_aliceClient
                 ->call(api::SendMessage{
                     chat.value->chat.id, 8001, QString(), {attachment(paths[0], 20'000)}})
                 .ok());
    QCOMPARE(m_aliceClient->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QVERIFY(m_aliceClient->lastError()->message.contains(u"not finished"));
    // The final is, like any finished upload; then Bob may download it.
    const RawHttpReply created = createFinal(m_alice, paths.join(' '));
    QCOMPARE(created.status, 201);
    const QByteArray finalPath = created.header("Location");
    QVERIFY(m_aliceClient
                ->call(api::SendMessage{
                    chat.value->chat.id, 8002, QString(), {attachment(finalPath, data.size())}})
                .ok());
    const RawHttpReply download = rawHttp(port(), "GET", finalPath, auth(m_bob));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, data);
}

QTEST_GUILESS_MAIN(TstMediaConcat)
// A client that lost the final's answer (killed, connection cut) sends the same final again:
// the parts are consumed by then, and the answer is the final already assembled, not a 404
// that would make it send every byte again. Only its owner gets it; another final of other
// parts is another file.
void TstMediaConcat::theSameFinalAgainAnswersWithTheAssembledFile() {
    const QByteArray data = distinctBytes(2 * 70'000 + 9, 33);
    const QList<QByteArray> paths =
        sendPartials(m_alice, {data.left(70'000), data.mid(70'000, 70'000), data.mid(140'000)});
    QCOMPARE(paths.size(), 3);
    const QByteArray named = paths.join(' ');
    const QByteArray metadata = "filename " + QByteArray("again.bin").toBase64();
    const RawHttpReply first = createFinal(m_alice, named, metadata);
    QCOMPARE(first.status, 201);
    const QByteArray location = first.header("Location");
    QVERIFY(location.startsWith("/files/"));
    for (const QByteArray &path : paths) // consumed
        QCOMPARE(rawHttp(port(), "HEAD", path, auth(m_alice)).status, 404);

    const RawHttpReply again = createFinal(m_alice, named, metadata);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.header("Location"), location);
    QCOMPARE(again.header("Upload-Offset").toLongLong(), data.size());
    const RawHttpReply head = rawHttp(port(), "HEAD", location, auth(m_alice));
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Upload-Offset").toLongLong(), data.size());
    QCOMPARE(head.header("Upload-Concat"), "final;" + named);
    QCOMPARE(rawHttp(port(), "GET", location, auth(m_alice)).body, data);

    // Another user naming the same parts: they do not exist for her, nor does the final.
    QCOMPARE(createFinal(m_carol, named).status, 404);
    // The parts in another order are another final: not this one, and the parts are gone.
    QCOMPARE(createFinal(m_alice, paths.at(1) + ' ' + paths.at(0) + ' ' + paths.at(2)).status, 404);
    // Once its owner deleted the final, the same final is gone too: 404, as for lost parts.
    QCOMPARE(rawHttp(port(), "DELETE", location, auth(m_alice)).status, 204);
    QCOMPARE(createFinal(m_alice, named, metadata).status, 404);
}

#include "tst_media_concat.moc"
