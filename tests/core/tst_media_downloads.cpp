// Media downloads (issue 8, items 2 and 4) through core/media's DownloadManager against the
// REAL server, with the byte-counting relay (counting_relay.h) between them holding or dropping
// the answers at an exact byte: a download completes into the encrypted cache (0600 in a 0700
// folder, no plaintext on disk) and "Save as" writes the file; a dropped connection and an app
// restart resume with Range and fetch only the rest; an add before the profile's downloads are
// loaded finds the profile's own download; a changed ETag restarts cleanly from the
// first byte; another account's file fails with the typed NotAllowed; a damaged cache file is
// a typed error, dropped and fetched again. Plus the pure parsing of the answers and the
// cache's own typed errors.
#include "core/media/download_answer_parsing.h"
#include "core/media/download_manager.h"
#include "core/media/media_cache.h"
#include "core/media/transfer_list_model.h"
#include "crypto/private_files.h"
#include "storage/tables/downloads_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/core/counting_relay.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/support/await.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace msgr;
using namespace msgr::test;
using core::TransferProgress;
using core::TransferState;
namespace dl = msgr::core::download;

namespace {

constexpr qint64 kChunk = core::kCacheChunkBytes;
const QString kPassword = QStringLiteral("correct horse battery");

core::DownloadSettings settings() {
    core::DownloadSettings s;
    s.progressIntervalMs = 20;
    s.maxRetryDelayMs = 500;
    s.commitEveryBytes = kChunk; // every chunk committed: a restart loses at most one
    return s;
}

//! One client's DownloadManager on its own transfer thread over a profile (the store outlives
//! managers, so an "app restart" is a second Downloads over the same TempStore).
class Downloads : public QObject {
public:
    //! `addBeforeLoad`: a file id added before start(), as a viewer opening a chat at once
    //! does.
    Downloads(storage::ProfileStore &store, const QString &cacheDir, const QUrl &server,
              const QString &token, const QString &addBeforeLoad = {}) {
        m_thread.start();
        m_manager = new core::DownloadManager(&store, cacheDir, settings());
        m_manager->moveToThread(&m_thread);
        connect(m_manager, &core::DownloadManager::transferChanged, this,
                [this](const TransferProgress &p) {
                    last[p.id] = p;
                    ++reports[p.id];
                });
        connect(m_manager, &core::DownloadManager::addRefused, this,
                [this](const QString &, const QString &reason) { refusals.append(reason); });
        connect(m_manager, &core::DownloadManager::saved, this,
                [this](qint64, const QString &, const QString &error) {
                    saves.append(error.isEmpty() ? QStringLiteral("ok") : error);
                });
        connect(m_manager, &core::DownloadManager::loaded, this, [this] { loaded = true; });
        model = std::make_unique<core::TransferListModel>(nullptr, m_manager);
        m_manager->setServer(server, token);
        if (!addBeforeLoad.isEmpty())
            m_manager->addDownload(addBeforeLoad, QStringLiteral("name.bin"), 0);
        m_manager->start();
        awaitCondition([this] { return loaded; }, "the downloads are loaded");
    }
    ~Downloads() override {
        model.reset();
        QMetaObject::invokeMethod(
            m_manager, [manager = m_manager] { delete manager; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    core::DownloadManager &manager() { return *m_manager; }

    qint64 add(const QString &fileId, qint64 size) {
        m_manager->addDownload(fileId, QStringLiteral("name.bin"), size);
        awaitCondition([&] { return idOf(fileId) != 0; }, "the download is added");
        return idOf(fileId);
    }
    qint64 idOf(const QString &fileId) const {
        for (const TransferProgress &p : last)
            if (p.fileId == fileId)
                return p.id;
        return 0;
    }
    TransferProgress awaitState(qint64 id, TransferState state) {
        awaitCondition([&] { return last.value(id).state == state; }, "the download's state");
        return last.value(id);
    }
    //! Save as: the saved file's bytes, or the error.
    QString save(qint64 id, const QString &path) {
        const qsizetype before = saves.size();
        m_manager->saveAs(id, path);
        awaitCondition([&] { return saves.size() > before; }, "saved");
        return saves.last();
    }

    QHash<qint64, TransferProgress> last;
    QHash<qint64, int> reports;
    QStringList refusals;
    QStringList saves;
    bool loaded = false;
    std::unique_ptr<core::TransferListModel> model;

private:
    QThread m_thread;
    core::DownloadManager *m_manager = nullptr;
};

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TstMediaDownloads : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void answersAreParsedStrictly();
    void cacheErrorsAreTyped();
    void downloadIsEncryptedAtRestAndSavedAs();
    void droppedConnectionResumesWithTheRestOnly();
    void appRestartResumesFromTheCommittedCache();
    void anAddBeforeTheLoadIsTheProfilesDownload();
    void changedEtagRestartsFromTheFirstByte();
    void anotherAccountsFileIsRefusedTyped();
    void damagedCacheIsDroppedAndFetchedAgain();

private:
    QString upload(const QByteArray &bytes);
    QUrl relayUrl() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_relay->port()));
    }
    QString cacheDir() const { return m_profile->dir.filePath(QStringLiteral("media-cache")); }

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<CountingRelay> m_relay;
    std::unique_ptr<TempStore> m_profile;
    QTemporaryDir m_out;
    QString m_token;
    QString m_otherToken;
};

void TstMediaDownloads::initTestCase() {
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    TestClient alice;
    QVERIFY(alice.connectTo(m_server->wsUrl()));
    QVERIFY(!alice.signUp(QStringLiteral("downloader"), kPassword).isEmpty());
    m_token = alice.token();
    TestClient mallory;
    QVERIFY(mallory.connectTo(m_server->wsUrl()));
    QVERIFY(!mallory.signUp(QStringLiteral("stranger"), kPassword).isEmpty());
    m_otherToken = mallory.token();
}

void TstMediaDownloads::init() {
    m_relay = std::make_unique<CountingRelay>(m_server->wsPort());
    QVERIFY(m_relay->listen());
    m_profile = std::make_unique<TempStore>();
    QVERIFY(m_profile->open());
}

void TstMediaDownloads::cleanup() {
    m_relay.reset();
    m_profile.reset();
}

QString TstMediaDownloads::upload(const QByteArray &bytes) {
    const RawHttpReply created = rawHttp(m_server->wsPort(), "POST", "/files",
                                         {{"Tus-Resumable", "1.0.0"},
                                          {"Authorization", "Bearer " + m_token.toLatin1()},
                                          {"Upload-Length", QByteArray::number(bytes.size())},
                                          {"Content-Type", "application/offset+octet-stream"}},
                                         bytes);
    if (created.status != 201 || created.header("Upload-Offset").toLongLong() != bytes.size())
        return {};
    return QString::fromLatin1(created.header("Location").mid(7));
}

void TstMediaDownloads::answersAreParsedStrictly() {
    const QByteArray etag = '"' + QByteArray(64, 'a') + '"';
    QCOMPARE(dl::parseContentRange("bytes 10-19/20"), (dl::ContentRange{10, 19, 20}));
    QVERIFY(!dl::parseContentRange("bytes */20"));
    QVERIFY(!dl::parseContentRange("bytes 19-10/20"));
    QVERIFY(!dl::parseContentRange("bytes 10-20/20")); // past the end
    QVERIFY(!dl::parseContentRange("bytes 1 -2/3"));
    QVERIFY(!dl::parseContentRange("items 0-1/2"));
    QVERIFY(!dl::parseContentRange("bytes -1-2/3"));
    QCOMPARE(dl::parseStrongEtag(" " + etag + "\t"), etag);
    QVERIFY(!dl::parseStrongEtag("W/" + etag));
    QVERIFY(!dl::parseStrongEtag("\"a b\""));
    QVERIFY(!dl::parseStrongEtag('"' + QByteArray(dl::kMaxEtagBytes, 'a') + '"'));
    using Kind = dl::DownloadAnswer::Kind;
    // A 206 from where it was asked to the end.
    dl::DownloadAnswer a = dl::interpretDownloadAnswer(206, "bytes 10-19/20", "10", etag, 10);
    QCOMPARE(a.kind, Kind::Body);
    QCOMPARE(a.start, 10);
    QCOMPARE(a.total, 20);
    QCOMPARE(a.etag, etag);
    // Another start, a short end, a wrong length, no ETag: none fits.
    QCOMPARE(dl::interpretDownloadAnswer(206, "bytes 0-19/20", "20", etag, 10).kind,
             Kind::Malformed);
    QCOMPARE(dl::interpretDownloadAnswer(206, "bytes 10-15/20", "6", etag, 10).kind,
             Kind::Malformed);
    QCOMPARE(dl::interpretDownloadAnswer(206, "bytes 10-19/20", "11", etag, 10).kind,
             Kind::Malformed);
    QCOMPARE(dl::interpretDownloadAnswer(206, "bytes 10-19/20", "10", "", 10).kind,
             Kind::Malformed);
    // A 200 is the whole file: from 0, even when a range was asked (a restart).
    a = dl::interpretDownloadAnswer(200, "", "20", etag, 10);
    QCOMPARE(a.kind, Kind::Body);
    QCOMPARE(a.start, 0);
    QCOMPARE(dl::interpretDownloadAnswer(200, "", "4294967297", etag, 0).kind, Kind::Malformed);
    QCOMPARE(dl::interpretDownloadAnswer(404, "", "0", etag, 0).kind, Kind::Malformed);
}

void TstMediaDownloads::cacheErrorsAreTyped() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c"));
    const crypto::SecureBytes key = crypto::newFileStreamKey();
    const QByteArray plain = test::distinctBytes(2 * kChunk + 100, 9);
    core::CacheError error = core::CacheError::Io;
    auto writer = core::CacheWriter::create(path, key, &error);
    QVERIFY(writer);
    QVERIFY(writer->append(plain));
    QVERIFY(writer->finish());
    writer.reset();
    QByteArray back;
    const auto sink = [&back](QByteArrayView bytes) {
        back.append(bytes);
        return true;
    };
    QCOMPARE(core::readCacheFile(path, key, sink), std::nullopt);
    QCOMPARE(back, plain);
    QVERIFY(!readAll(path).contains(plain.left(64))); // sealed, not the plaintext
    const QByteArray sealed = readAll(path);
    const auto rewrite = [&path](const QByteArray &bytes) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(bytes) == bytes.size();
    };
    // Cut at a chunk boundary, cut inside the last chunk, a flipped bit, a byte after the end.
    const qsizetype firstChunkEnd = crypto::kFileStreamHeaderBytes + kChunk + 17;
    QVERIFY(rewrite(sealed.left(firstChunkEnd)));
    QCOMPARE(core::readCacheFile(path, key, sink), core::CacheError::Truncated);
    QVERIFY(rewrite(sealed.left(sealed.size() - 5)));
    QCOMPARE(core::readCacheFile(path, key, sink), core::CacheError::Truncated);
    QByteArray flipped = sealed;
    flipped[firstChunkEnd - 30] = char(flipped.at(firstChunkEnd - 30) ^ 1);
    QVERIFY(rewrite(flipped));
    QCOMPARE(core::readCacheFile(path, key, sink), core::CacheError::Corrupted);
    // A byte after the end makes the last read no chunk at all (like a damaged last chunk).
    QVERIFY(rewrite(sealed + 'x'));
    QCOMPARE(core::readCacheFile(path, key, sink), core::CacheError::Truncated);
    QVERIFY(rewrite(sealed));
    QCOMPARE(core::readCacheFile(path, crypto::newFileStreamKey(), sink),
             core::CacheError::Corrupted); // another key: nothing opens
    QCOMPARE(core::readCacheFile(dir.filePath(QStringLiteral("none")), key, sink),
             core::CacheError::Missing);
}

void TstMediaDownloads::downloadIsEncryptedAtRestAndSavedAs() {
    const QByteArray bytes = test::distinctBytes(5 * kChunk + 123, 1);
    const QString fileId = upload(bytes);
    QVERIFY(!fileId.isEmpty());
    Downloads downloads(m_profile->store, cacheDir(), relayUrl(), m_token);
    const qint64 id = downloads.add(fileId, bytes.size());
    const TransferProgress done = downloads.awaitState(id, TransferState::Done);
    QCOMPARE(done.bytesDone, bytes.size());
    QCOMPARE(done.bytesTotal, bytes.size());
    QCOMPARE(done.direction, core::TransferDirection::Download);
    // Fetched once: the body plus one answer's head.
    QCOMPARE(m_relay->answers(200), 1);
    QVERIFY2(m_relay->answerBytes() < bytes.size() + 2048,
             QByteArray::number(m_relay->answerBytes()));
    // At rest: one file, 0600 in a 0700 folder, without the plaintext, nothing else there.
    const QStringList files = QDir(cacheDir()).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    const QString cached = QDir(cacheDir()).filePath(files.first());
    QCOMPARE(crypto::permissionBits(cacheDir()), 0700);
    QCOMPARE(crypto::permissionBits(cached), 0600);
    const QByteArray atRest = readAll(cached);
    QVERIFY(atRest.size() > bytes.size());
    for (qsizetype at = 0; at + 32 <= bytes.size(); at += kChunk / 2)
        QVERIFY(!atRest.contains(bytes.mid(at, 32)));
    // Save as: the plaintext where the user asked.
    const QString target = m_out.filePath(QStringLiteral("saved-1.bin"));
    QCOMPARE(downloads.save(id, target), QStringLiteral("ok"));
    QCOMPARE(readAll(target), bytes);
    // The model shows it as a finished download.
    awaitCondition(
        [&] { return downloads.model->rowOf(id, core::TransferDirection::Download) == 0; },
        "the model has the row");
    QCOMPARE(downloads.model->index(0).data(core::TransferListModel::DirectionRole).toInt(),
             int(core::TransferListModel::Download));
}

void TstMediaDownloads::droppedConnectionResumesWithTheRestOnly() {
    const QByteArray bytes = test::distinctBytes(6 * kChunk + 7, 2);
    const QString fileId = upload(bytes);
    QVERIFY(!fileId.isEmpty());
    m_relay->holdAnswersAt(2 * kChunk + kChunk / 2); // in the middle of the file
    Downloads downloads(m_profile->store, cacheDir(), relayUrl(), m_token);
    const qint64 id = downloads.add(fileId, bytes.size());
    awaitCondition([&] { return m_relay->answersHeld(); }, "the answer is held mid-file");
    // Everything relayed (the answer's head, under 1 KiB, and the body so far) has reached the
    // client: an abort would discard what it had not read yet.
    const qint64 before = m_relay->answerBytes();
    awaitCondition([&] { return downloads.last.value(id).bytesDone >= before - 1024; },
                   "the client has what was relayed");
    const qint64 received = downloads.last.value(id).bytesDone;
    m_relay->dropAll(); // the connection is lost with the rest of the file
    m_relay->releaseAnswers();
    downloads.awaitState(id, TransferState::Done);
    QCOMPARE(m_relay->answers(206), 1); // the rest asked for by Range, and sent
    // The second answer brought only what the client did not have: the rest and its head.
    const qint64 second = m_relay->answerBytes() - before;
    QVERIFY2(second < bytes.size() - received + 2048, QByteArray::number(second));
    QVERIFY2(m_relay->answerBytes() < bytes.size() + 4096,
             QByteArray::number(m_relay->answerBytes()));
    const QString target = m_out.filePath(QStringLiteral("saved-2.bin"));
    QCOMPARE(downloads.save(id, target), QStringLiteral("ok"));
    QCOMPARE(readAll(target), bytes);
}

void TstMediaDownloads::appRestartResumesFromTheCommittedCache() {
    const QByteArray bytes = test::distinctBytes(8 * kChunk + 77, 3);
    const QString fileId = upload(bytes);
    QVERIFY(!fileId.isEmpty());
    qint64 id = 0;
    m_relay->holdAnswersAt(3 * kChunk + kChunk / 2);
    {
        Downloads first(m_profile->store, cacheDir(), relayUrl(), m_token);
        id = first.add(fileId, bytes.size());
        awaitCondition([&] { return m_relay->answersHeld(); }, "the answer is held mid-file");
        awaitCondition([&] { return first.last.value(id).bytesConfirmed >= 3 * kChunk; },
                       "three chunks committed");
    } // the app quits mid-download
    m_relay->dropAll();
    m_relay->releaseAnswers();
    flush(m_profile->store);
    const auto row = read(m_profile->store, [id](storage::ReadTransaction &tx) {
        return storage::DownloadsTable::load(tx, id);
    });
    QVERIFY(row.has_value());
    QCOMPARE(row->plainBytes, 3 * kChunk);
    QVERIFY(!row->etag.isEmpty());
    const qint64 before = m_relay->answerBytes();
    Downloads second(m_profile->store, cacheDir(), relayUrl(), m_token);
    second.awaitState(id, TransferState::Done);
    QCOMPARE(m_relay->answers(206), 1);
    const qint64 again = m_relay->answerBytes() - before;
    QVERIFY2(again < bytes.size() - 3 * kChunk + 2048, QByteArray::number(again));
    const QString target = m_out.filePath(QStringLiteral("saved-3.bin"));
    QCOMPARE(second.save(id, target), QStringLiteral("ok"));
    QCOMPARE(readAll(target), bytes);
}

void TstMediaDownloads::anAddBeforeTheLoadIsTheProfilesDownload() {
    const QByteArray bytes = test::distinctBytes(2 * kChunk + 5, 9);
    const QString fileId = upload(bytes);
    QVERIFY(!fileId.isEmpty());
    qint64 id = 0;
    {
        Downloads first(m_profile->store, cacheDir(), relayUrl(), m_token);
        id = first.add(fileId, bytes.size());
        first.awaitState(id, TransferState::Done);
    }
    flush(m_profile->store);
    // The next start: the file is asked for again before the profile's downloads are loaded.
    // The add waits for the load and finds the finished download there (file ids are unique
    // in the profile: run first, it would have been refused as a second row).
    Downloads second(m_profile->store, cacheDir(), relayUrl(), m_token, fileId);
    awaitCondition([&] { return second.reports.value(id) >= 2 || !second.refusals.isEmpty(); },
                   "the add is answered");
    QCOMPARE(second.refusals, QStringList());
    QCOMPARE(second.last.value(id).state, TransferState::Done);
    QCOMPARE(second.last.size(), 1);
    QCOMPARE(m_relay->answers(200), 1); // not fetched again
    const QString target = m_out.filePath(QStringLiteral("saved-early.bin"));
    QCOMPARE(second.save(id, target), QStringLiteral("ok"));
    QCOMPARE(readAll(target), bytes);
}

void TstMediaDownloads::changedEtagRestartsFromTheFirstByte() {
    const QByteArray bytes = test::distinctBytes(4 * kChunk + 5, 4);
    const QString fileId = upload(bytes);
    QVERIFY(!fileId.isEmpty());
    qint64 id = 0;
    m_relay->holdAnswersAt(2 * kChunk + kChunk / 2);
    {
        Downloads first(m_profile->store, cacheDir(), relayUrl(), m_token);
        id = first.add(fileId, bytes.size());
        awaitCondition([&] { return first.last.value(id).bytesConfirmed >= 2 * kChunk; },
                       "two chunks committed");
    }
    m_relay->dropAll();
    m_relay->releaseAnswers();
    // What the profile knows is of another version of the file: its ETag no longer matches,
    // exactly as when the file changed on the server.
    flush(m_profile->store);
    auto row = read(m_profile->store, [id](storage::ReadTransaction &tx) {
        return storage::DownloadsTable::load(tx, id);
    });
    QVERIFY(row && row->plainBytes == 2 * kChunk);
    row->etag = "\"another-version\"";
    m_profile->store.write([record = *row](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setProgress(tx, record);
    });
    const int wholeBefore = m_relay->answers(200);
    Downloads second(m_profile->store, cacheDir(), relayUrl(), m_token);
    second.awaitState(id, TransferState::Done);
    // If-Range did not match: the whole file came (200), and the cache holds it alone.
    QCOMPARE(m_relay->answers(200), wholeBefore + 1);
    QCOMPARE(m_relay->answers(206), 0);
    const QString target = m_out.filePath(QStringLiteral("saved-4.bin"));
    QCOMPARE(second.save(id, target), QStringLiteral("ok"));
    QCOMPARE(readAll(target), bytes);
    flush(m_profile->store);
    row = read(m_profile->store, [id](storage::ReadTransaction &tx) {
        return storage::DownloadsTable::load(tx, id);
    });
    QVERIFY(row && row->etag != "\"another-version\"");
}

void TstMediaDownloads::anotherAccountsFileIsRefusedTyped() {
    const QString fileId = upload(test::distinctBytes(1000, 5));
    QVERIFY(!fileId.isEmpty());
    Downloads downloads(m_profile->store, cacheDir(), relayUrl(), m_otherToken);
    const qint64 id = downloads.add(fileId, 1000);
    const TransferProgress failed = downloads.awaitState(id, TransferState::Failed);
    QCOMPARE(failed.failure, core::TransferFailure::NotAllowed);
    QCOMPARE(m_relay->answers(404), 1);
    QCOMPARE(failed.bytesDone, 0);
    // Nothing of it is kept.
    QVERIFY(QDir(cacheDir()).entryList(QDir::Files).isEmpty());
    // And a file id that is not one never reaches the network.
    downloads.manager().addDownload(QStringLiteral("../../etc/passwd"), {}, 1);
    awaitCondition([&] { return !downloads.refusals.isEmpty(); }, "the add is refused");
    QVERIFY2(downloads.refusals.first().startsWith(QStringLiteral("Not a file id")),
             qPrintable(downloads.refusals.first()));
    QCOMPARE(downloads.last.size(), 1);
}

void TstMediaDownloads::damagedCacheIsDroppedAndFetchedAgain() {
    const QByteArray bytes = test::distinctBytes(3 * kChunk + 11, 6);
    const QString fileId = upload(bytes);
    QVERIFY(!fileId.isEmpty());
    Downloads downloads(m_profile->store, cacheDir(), relayUrl(), m_token);
    const qint64 id = downloads.add(fileId, bytes.size());
    downloads.awaitState(id, TransferState::Done);
    const QString cached =
        QDir(cacheDir()).filePath(QDir(cacheDir()).entryList(QDir::Files).first());
    {
        QFile file(cached);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(100));
        QVERIFY(file.write("\x01\x02\x03", 3) == 3);
    }
    const QString target = m_out.filePath(QStringLiteral("saved-6.bin"));
    // A typed error, no file written where the user asked, and the file fetched again.
    QCOMPARE(downloads.save(id, target), core::cacheErrorText(core::CacheError::Corrupted));
    QVERIFY(!QFile::exists(target));
    awaitCondition([&] { return downloads.last.value(id).state != TransferState::Done; },
                   "the download starts again");
    downloads.awaitState(id, TransferState::Done);
    QCOMPARE(m_relay->answers(200), 2);
    QCOMPARE(downloads.save(id, target), QStringLiteral("ok"));
    QCOMPARE(readAll(target), bytes);
}

QTEST_GUILESS_MAIN(TstMediaDownloads)
#include "tst_media_downloads.moc"
