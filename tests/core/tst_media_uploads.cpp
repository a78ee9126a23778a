// Media uploads (issue 8, item 4) through core/media's UploadManager against the REAL server,
// with a byte-counting relay between them (counting_relay.h) that stops, drops or damages the
// traffic at an exact byte: an upload completes and the server's stored blob is the file; a
// dropped connection, a killed server and a killed client process all resume from the
// server's offset without resending confirmed parts; pause/resume; cancel deletes the upload
// on the server; a damaged part is refused (460) and resent once; a changed file fails with
// its reason; at most maxConcurrent uploads run at once; the uploads table (schema 8).
// Parallel parts (tus concatenation, upload_parts of client migration 27): a large file goes as
// partial uploads at once and then the final; a dropped connection and a killed client resume
// each part without resending confirmed bytes; cancel terminates every partial upload; several
// large files at once stay under the server's 16 unfinished uploads. A client process that
// dies right after the server answered the last step (the final of a parallel upload, the last
// PATCH of a single one), before its profile recorded it, sends nothing again on restart.
#include "core/media/transfer_list_model.h"
#include "core/media/upload_manager.h"
#include "storage/tables/upload_parts_table.h"
#include "storage/tables/uploads_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/core/counting_relay.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/support/await.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace msgr;
using namespace msgr::test;
using core::TransferProgress;
using core::TransferState;

namespace {

constexpr qint64 kPart = 64 * 1024;

//! One client profile running an UploadManager on its own transfer thread, and the GUI-side
//! model over it; every report is kept.
class Uploads : public QObject {
public:
    Uploads(const QUrl &server, const QString &token, core::UploadSettings settings) {
        m_opened = m_store.open();
        m_thread.start();
        m_manager = new core::UploadManager(&m_store.store, settings);
        m_manager->moveToThread(&m_thread);
        connect(m_manager, &core::UploadManager::transferChanged, this,
                [this](const TransferProgress &p) {
                    last[p.id] = p;
                    reports.append(p);
                    int running = 0;
                    for (const TransferProgress &each : std::as_const(last))
                        running += each.state == TransferState::Running ||
                                   each.state == TransferState::Retrying;
                    maxRunning = qMax(maxRunning, running);
                });
        connect(m_manager, &core::UploadManager::transferRemoved, this,
                [this](qint64 id) { removed.append(id); });
        model = std::make_unique<core::TransferListModel>(m_manager);
        m_manager->setServer(server, token);
        m_manager->start();
    }
    ~Uploads() override {
        model.reset();
        QMetaObject::invokeMethod(
            m_manager, [manager = m_manager] { delete manager; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    bool opened() const { return m_opened; }
    core::UploadManager &manager() { return *m_manager; }
    storage::ProfileStore &store() { return m_store.store; }

    //! Adds the file and returns its transfer's id once reported.
    qint64 add(const QString &path) {
        m_manager->addUpload(path);
        awaitCondition([&] { return idOf(path) != 0; }, "the upload is added");
        return idOf(path);
    }
    qint64 idOf(const QString &path) const {
        for (const TransferProgress &p : last)
            if (p.localPath == path)
                return p.id;
        return 0;
    }
    TransferProgress awaitState(qint64 id, TransferState state) {
        awaitCondition([&] { return last.value(id).state == state; }, "the transfer's state");
        return last.value(id);
    }
    QList<storage::UploadPartRecord> parts(qint64 id) {
        flush(m_store.store);
        return read(m_store.store, [id](storage::ReadTransaction &tx) {
            return storage::UploadPartsTable::loadAll(tx).value(id);
        });
    }
    std::optional<storage::UploadRecord> row(qint64 id) {
        flush(m_store.store);
        return read(m_store.store, [id](storage::ReadTransaction &tx) {
            return storage::UploadsTable::load(tx, id);
        });
    }

    QHash<qint64, TransferProgress> last;
    QList<TransferProgress> reports;
    QList<qint64> removed;
    int maxRunning = 0;
    std::unique_ptr<core::TransferListModel> model;

private:
    TempStore m_store; // first: destroyed after the manager
    QThread m_thread;
    core::UploadManager *m_manager = nullptr;
    bool m_opened = false;
};

} // namespace

class TstMediaUploads : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void uploadsTableKeepsEveryField();
    void uploadCompletesAndTheServerHasTheFile();
    void atMostMaxConcurrentRunAtOnce();
    void droppedConnectionResumesFromTheServersOffset();
    void serverKilledMidUploadResumes();
    void clientKilledMidUploadResumesWithoutResending();
    void pauseStopsAndResumeFinishes();
    void cancelDeletesTheUploadOnTheServer();
    void damagedPartIsRefusedAndResentOnce();
    void changedFileFailsWithItsReason();
    void clientMemoryStaysFlatDuringALargeUpload();
    void parallelPartsArriveAsOneFile();
    void parallelDroppedConnectionResendsOnlyPartsInFlight();
    void parallelClientKilledResumesEveryPart();
    void parallelCancelTerminatesEveryPartialUpload();
    void parallelServerKilledAndPauseResume();
    void manyLargeFilesStayUnderTheServersUnfinishedCap();
    void parallelClientDeadAfterTheFinalResendsNothing();
    void clientDeadAfterTheLastPartResendsNothing();

private:
    struct RunnerRun {
        int exitCode = -1;
        QList<QByteArray> lines;
        QByteArray lineAfter(const QByteArray &prefix) const {
            for (const QByteArray &line : lines)
                if (line.startsWith(prefix))
                    return line.mid(prefix.size());
            return {};
        }
    };
    //! media_upload_runner over `args` until it ends; `dieAt`: its MSGR_UPLOAD_DIE_AT.
    RunnerRun runRunner(const QStringList &args, const QByteArray &dieAt = {});
    core::UploadSettings parallelSettings() const {
        core::UploadSettings s = settings();
        s.parallelParts = kLanes;
        s.parallelMinBytes = 4 * kPart;
        return s;
    }
    static constexpr int kLanes = 3;
    QString makeFile(qint64 size, quint32 seed);
    core::UploadSettings settings() const {
        core::UploadSettings s;
        s.partSize = kPart;
        s.progressIntervalMs = 20;
        s.maxRetryDelayMs = 1000;
        return s;
    }
    QUrl relayUrl() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_relay->port()));
    }
    //! The server stored exactly `data` under its SHA-256.
    bool serverHas(const QByteArray &data) const;
    qint64 serverOffset(const QString &fileId);

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<CountingRelay> m_relay;
    QTemporaryDir m_files;
    QString m_token;
};

void TstMediaUploads::initTestCase() {
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    TestClient client;
    QVERIFY(client.connectTo(m_server->wsUrl()));
    QVERIFY(!client.signUp(QStringLiteral("uploader"), QStringLiteral("correct horse battery"))
                 .isEmpty());
    m_token = client.token();
    QVERIFY(!m_token.isEmpty());
}

void TstMediaUploads::init() {
    m_relay = std::make_unique<CountingRelay>(m_server->wsPort());
    QVERIFY(m_relay->listen());
}

void TstMediaUploads::cleanup() {
    m_relay.reset();
}

QString TstMediaUploads::makeFile(qint64 size, quint32 seed) {
    const QString path = m_files.filePath(QStringLiteral("file-%1.bin").arg(seed));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(test::distinctBytes(size, seed)) != size)
        return {};
    return path;
}

bool TstMediaUploads::serverHas(const QByteArray &data) const {
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QFile blob(m_server->dataDir() + QStringLiteral("/media/blobs/") + sha.left(2) + u'/' + sha);
    return blob.open(QIODevice::ReadOnly) && blob.readAll() == data;
}

TstMediaUploads::RunnerRun TstMediaUploads::runRunner(const QStringList &args,
                                                      const QByteArray &dieAt) {
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MSGR_UPLOAD_DIE_AT"));
    if (!dieAt.isEmpty())
        env.insert(QStringLiteral("MSGR_UPLOAD_DIE_AT"), QString::fromLatin1(dieAt));
    process.setProcessEnvironment(env);
    RunnerRun run;
    connect(&process, &QProcess::readyReadStandardOutput, this, [&] {
        while (process.canReadLine())
            run.lines.append(process.readLine().trimmed());
    });
    process.start(QCoreApplication::applicationDirPath() + QStringLiteral("/media_upload_runner"),
                  args);
    if (!process.waitForStarted())
        return run;
    awaitCondition([&] { return process.state() == QProcess::NotRunning; }, "the runner ends");
    while (process.canReadLine())
        run.lines.append(process.readLine().trimmed());
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

qint64 TstMediaUploads::serverOffset(const QString &uploadId) {
    const RawHttpReply reply =
        rawHttp(m_server->wsPort(), "HEAD", "/files/" + uploadId.toLatin1(),
                {{"Tus-Resumable", "1.0.0"}, {"Authorization", "Bearer " + m_token.toLatin1()}});
    return reply.status == 200 ? reply.header("Upload-Offset").toLongLong() : -reply.status;
}

void TstMediaUploads::uploadsTableKeepsEveryField() {
    TempStore temp;
    QVERIFY(temp.open());
    storage::UploadRecord record;
    record.localPath = QStringLiteral("/home/u/Pictures/ünïcode photo.jpg");
    record.size = 5'000'000'000;
    record.mtimeMs = 1'700'000'000'123;
    record.fileName = QStringLiteral("ünïcode photo.jpg");
    record.mimeType = QStringLiteral("image/jpeg");
    record.createdMs = 1'700'000'001'000;
    const qint64 id = await<qint64>([&](QObject *ctx, auto done) {
        temp.store.writeReturning(
            [record](storage::WriteTransaction &tx) {
                return storage::UploadsTable::insert(tx, record);
            },
            ctx, done);
    });
    QVERIFY(id > 0);
    temp.store.write([id](storage::WriteTransaction &tx) {
        storage::UploadsTable::setUploadUrl(tx, id, QStringLiteral("http://h:1/files/ab"));
        storage::UploadsTable::setConfirmedOffset(tx, id, 1'048'576);
        storage::UploadsTable::setState(tx, id, storage::UploadState::Failed,
                                        QStringLiteral("gone"));
    });
    storage::UploadRecord expected = record;
    expected.id = id;
    expected.uploadUrl = QStringLiteral("http://h:1/files/ab");
    expected.confirmedOffset = 1'048'576;
    expected.state = storage::UploadState::Failed;
    expected.error = QStringLiteral("gone");
    const auto all = read(temp.store, [](storage::ReadTransaction &tx) {
        return storage::UploadsTable::loadAll(tx);
    });
    QCOMPARE(all.size(), 1);
    QVERIFY(all.first() == expected);
    temp.store.write(
        [id](storage::WriteTransaction &tx) { storage::UploadsTable::remove(tx, id); });
    QVERIFY(!read(temp.store, [id](storage::ReadTransaction &tx) {
                 return storage::UploadsTable::load(tx, id);
             }).has_value());
}

void TstMediaUploads::uploadCompletesAndTheServerHasTheFile() {
    const qint64 size = 5 * kPart + 123;
    const QString path = makeFile(size, 1);
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    QAbstractItemModelTester tester(uploads.model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 id = uploads.add(path);
    const TransferProgress done = uploads.awaitState(id, TransferState::Done);
    QCOMPARE(done.bytesDone, size);
    QCOMPARE(done.bytesConfirmed, size);
    QCOMPARE(done.fileId.size(), 32);
    QVERIFY(serverHas(test::distinctBytes(size, 1)));
    QCOMPARE(serverOffset(done.fileId), size);
    QCOMPARE(m_relay->bodyBytes(), size); // every byte once
    QCOMPARE(m_relay->requests("PATCH"), 6);
    // Kept in the profile as done, with its server URL.
    const auto row = uploads.row(id);
    QVERIFY(row.has_value());
    QCOMPARE(row->state, storage::UploadState::Done);
    QCOMPARE(row->confirmedOffset, size);
    QVERIFY(row->uploadUrl.endsWith(done.fileId));
    QCOMPARE(row->mimeType, QStringLiteral("application/octet-stream"));
    // The model QML binds to shows it done.
    awaitCondition([&] { return uploads.model->rowOf(id) == 0; }, "the model has the row");
    awaitCondition(
        [&] {
            const QModelIndex index = uploads.model->index(0);
            return index.data(core::TransferListModel::StateRole).toInt() ==
                   core::TransferListModel::Done;
        },
        "the model shows it done");
    const QModelIndex index = uploads.model->index(0);
    QCOMPARE(index.data(core::TransferListModel::FractionRole).toDouble(), 1.0);
    QCOMPARE(index.data(core::TransferListModel::BytesTotalRole).toLongLong(), size);
    QCOMPARE(uploads.model->activeCount(), 0);
}

void TstMediaUploads::atMostMaxConcurrentRunAtOnce() {
    core::UploadSettings s = settings();
    s.maxConcurrent = 2;
    m_relay->pauseAt(kPart / 2); // holds whatever runs first, so the others must wait
    Uploads uploads(relayUrl(), m_token, s);
    QVERIFY(uploads.opened());
    QStringList paths;
    for (quint32 seed = 10; seed < 15; ++seed) {
        paths.append(makeFile(3 * kPart + seed, seed));
        uploads.manager().addUpload(paths.last());
    }
    const auto count = [&](TransferState state) {
        return std::count_if(uploads.last.cbegin(), uploads.last.cend(),
                             [state](const TransferProgress &p) { return p.state == state; });
    };
    awaitCondition(
        [&] {
            return m_relay->isPaused() && uploads.last.size() == 5 &&
                   count(TransferState::Running) == 2;
        },
        "two uploads running, the relay holding them");
    QCOMPARE(count(TransferState::Queued), 3);
    m_relay->resume();
    for (const QString &path : paths)
        uploads.awaitState(uploads.idOf(path), TransferState::Done);
    for (quint32 seed = 10; seed < 15; ++seed)
        QVERIFY(serverHas(test::distinctBytes(3 * kPart + seed, seed)));
    QCOMPARE(uploads.maxRunning, 2);
}

void TstMediaUploads::droppedConnectionResumesFromTheServersOffset() {
    const qint64 size = 6 * kPart + 5;
    const QString path = makeFile(size, 2);
    m_relay->dropAt(2 * kPart + kPart / 2); // in the middle of the third part
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    QSignalSpy dropped(m_relay.get(), &CountingRelay::dropped);
    const TransferProgress done = uploads.awaitState(id, TransferState::Done);
    QCOMPARE(dropped.size(), 1);
    QVERIFY(serverHas(test::distinctBytes(size, 2)));
    // Only the cut part was sent again.
    QVERIFY2(m_relay->bodyBytes() < size + kPart, QByteArray::number(m_relay->bodyBytes()));
    QCOMPARE(done.bytesConfirmed, size);
}

void TstMediaUploads::serverKilledMidUploadResumes() {
    const qint64 size = 6 * kPart + 9;
    const QString path = makeFile(size, 3);
    m_relay->pauseAt(2 * kPart + kPart / 2);
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition([&] { return m_relay->isPaused(); }, "the third part is under way");
    awaitCondition([&] { return uploads.last.value(id).bytesConfirmed == 2 * kPart; },
                   "two parts are confirmed");
    const qsizetype reportsBefore = uploads.reports.size();
    m_server->kill();
    m_relay->resume();
    QVERIFY(m_server->restart());
    uploads.awaitState(id, TransferState::Done);
    QVERIFY(serverHas(test::distinctBytes(size, 3)));
    // Never went back behind what the server had confirmed before it died.
    for (qsizetype i = reportsBefore; i < uploads.reports.size(); ++i)
        QVERIFY(uploads.reports.at(i).bytesConfirmed >= 2 * kPart);
}

void TstMediaUploads::clientKilledMidUploadResumesWithoutResending() {
    const qint64 size = 8 * kPart + 77;
    const QString path = makeFile(size, 4);
    QTemporaryDir profile;
    QVERIFY(profile.isValid());
    const QString runner =
        QCoreApplication::applicationDirPath() + QStringLiteral("/media_upload_runner");
    const QStringList args = {profile.path(), relayUrl().toString(), m_token, path,
                              QString::number(kPart)};
    // First run: killed once three parts are confirmed and the fourth is under way.
    m_relay->pauseAt(3 * kPart + kPart / 2);
    QProcess first;
    first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    qint64 confirmed = 0;
    connect(&first, &QProcess::readyReadStandardOutput, this, [&] {
        while (first.canReadLine()) {
            const QByteArray line = first.readLine().trimmed();
            qDebug() << "first run:" << line;
            if (line.startsWith("progress "))
                confirmed = qMax(confirmed, line.mid(9).toLongLong());
        }
    });
    first.start(runner, args);
    QVERIFY(first.waitForStarted());
    awaitCondition([&] { return m_relay->isPaused() && confirmed == 3 * kPart; },
                   "three parts confirmed, the fourth under way");
    first.kill(); // SIGKILL: no chance to save anything more
    QVERIFY(first.waitForFinished());
    m_relay->resume();

    // Second run over the same profile: resumes from the server's offset and finishes.
    QProcess second;
    second.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QByteArray resumedFrom, doneId;
    connect(&second, &QProcess::readyReadStandardOutput, this, [&] {
        while (second.canReadLine()) {
            const QByteArray line = second.readLine().trimmed();
            if (line.startsWith("resumed "))
                resumedFrom = line.mid(8);
            else if (line.startsWith("done "))
                doneId = line.mid(5);
        }
    });
    second.start(runner, args);
    QVERIFY(second.waitForStarted());
    awaitCondition([&] { return second.state() == QProcess::NotRunning; }, "the second run ends");
    QCOMPARE(second.exitCode(), 0);
    // The profile knew the upload and an offset (the last confirmation may not have been
    // committed before the kill; HEAD corrects it, as the byte count below proves).
    QVERIFY2(resumedFrom.toLongLong() >= kPart && resumedFrom.toLongLong() <= 3 * kPart,
             resumedFrom.constData());
    QCOMPARE(doneId.size(), 32);
    QVERIFY(serverHas(test::distinctBytes(size, 4)));
    // What the server received in both runs: the file once, plus at most the part that was
    // under way when the first run died.
    QVERIFY2(m_relay->bodyBytes() < size + kPart, QByteArray::number(m_relay->bodyBytes()));
    QCOMPARE(m_relay->requests("POST"), 1);
}

void TstMediaUploads::pauseStopsAndResumeFinishes() {
    const qint64 size = 5 * kPart + 1;
    const QString path = makeFile(size, 5);
    m_relay->pauseAt(kPart + kPart / 2);
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition([&] { return m_relay->isPaused(); }, "the second part is under way");
    uploads.manager().pause(id);
    const TransferProgress paused = uploads.awaitState(id, TransferState::Paused);
    QCOMPARE(paused.bytesConfirmed, kPart);
    QCOMPARE(uploads.row(id)->state, storage::UploadState::Paused);
    m_relay->resume();
    uploads.manager().resume(id);
    uploads.awaitState(id, TransferState::Done);
    QVERIFY(serverHas(test::distinctBytes(size, 5)));
    QCOMPARE(uploads.row(id)->state, storage::UploadState::Done);
}

void TstMediaUploads::cancelDeletesTheUploadOnTheServer() {
    const qint64 size = 5 * kPart + 2;
    const QString path = makeFile(size, 6);
    m_relay->pauseAt(kPart + kPart / 2);
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition([&] { return m_relay->isPaused(); }, "the second part is under way");
    awaitCondition([&] { return uploads.last.value(id).bytesConfirmed == kPart; },
                   "one part is confirmed");
    const QString uploadId = uploads.row(id)->uploadUrl.section(u'/', -1);
    QCOMPARE(serverOffset(uploadId), kPart);
    uploads.manager().cancel(id);
    m_relay->resume();
    awaitCondition([&] { return uploads.removed.contains(id); }, "the transfer is removed");
    QCOMPARE(serverOffset(uploadId), -404);
    QVERIFY(!uploads.row(id).has_value());
    awaitCondition([&] { return uploads.model->rowOf(id) < 0; }, "the model drops the row");
}

void TstMediaUploads::damagedPartIsRefusedAndResentOnce() {
    const qint64 size = 4 * kPart + 3;
    const QString path = makeFile(size, 7);
    m_relay->corruptAt(kPart + 1000); // a byte of the second part
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    uploads.awaitState(id, TransferState::Done);
    QVERIFY(serverHas(test::distinctBytes(size, 7)));
    QCOMPARE(m_relay->answers(460), 1);
    QCOMPARE(m_relay->bodyBytes(), size + kPart); // the damaged part, sent twice
}

void TstMediaUploads::changedFileFailsWithItsReason() {
    const qint64 size = 4 * kPart;
    const QString path = makeFile(size, 8);
    m_relay->pauseAt(kPart + 10);
    Uploads uploads(relayUrl(), m_token, settings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition([&] { return m_relay->isPaused(); }, "the second part is under way");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        QCOMPARE(file.write("more"), 4);
    }
    m_relay->resume();
    const TransferProgress failed = uploads.awaitState(id, TransferState::Failed);
    QVERIFY2(failed.error.contains(QStringLiteral("changed")), qPrintable(failed.error));
    const auto row = uploads.row(id);
    QCOMPARE(row->state, storage::UploadState::Failed);
    QCOMPARE(row->error, failed.error);
    // A vanished file says so as well.
    QVERIFY(QFile::remove(path));
    uploads.manager().resume(id);
    awaitCondition(
        [&] {
            return uploads.last.value(id).state == TransferState::Failed &&
                   uploads.last.value(id).error.contains(QStringLiteral("no longer there"));
        },
        "a vanished file fails");
}

namespace {
//! The resident set of process `pid` in KiB, or -1.
qint64 residentKiB(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}
} // namespace

void TstMediaUploads::clientMemoryStaysFlatDuringALargeUpload() {
    // A measurement, not part of the quick suite: MSGR_MEDIA_RSS_MB=200 runs it.
    const qint64 megabytes = qEnvironmentVariableIntValue("MSGR_MEDIA_RSS_MB");
    if (megabytes <= 0)
        QSKIP("MSGR_MEDIA_RSS_MB=<size> measures the client's RSS during a large upload");
    const qint64 mib = 1 << 20;
    const QString path = m_files.filePath(QStringLiteral("large.bin"));
    QCryptographicHash sha(QCryptographicHash::Sha256);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (qint64 i = 0; i < megabytes; ++i) {
            const QByteArray chunk = test::distinctBytes(mib, quint32(1000 + i));
            sha.addData(chunk);
            QCOMPARE(file.write(chunk), mib);
        }
    }
    QTemporaryDir profile;
    QProcess runner;
    runner.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    qint64 confirmed = 0;
    QByteArray doneId;
    connect(&runner, &QProcess::readyReadStandardOutput, this, [&] {
        while (runner.canReadLine()) {
            const QByteArray line = runner.readLine().trimmed();
            if (line.startsWith("progress "))
                confirmed = qMax(confirmed, line.mid(9).toLongLong());
            else if (line.startsWith("done "))
                doneId = line.mid(5);
        }
    });
    QElapsedTimer clock;
    clock.start();
    runner.start(QCoreApplication::applicationDirPath() + QStringLiteral("/media_upload_runner"),
                 {profile.path(), QStringLiteral("http://127.0.0.1:%1").arg(m_server->wsPort()),
                  m_token, path, QString::number(mib)});
    QVERIFY(runner.waitForStarted());
    const qint64 total = megabytes * mib;
    qint64 atTenth = -1, highest = 0;
    awaitCondition(
        [&] {
            const qint64 rss = residentKiB(runner.processId());
            if (confirmed >= total / 10) {
                if (atTenth < 0)
                    atTenth = rss;
                highest = qMax(highest, rss);
            }
            return runner.state() == QProcess::NotRunning;
        },
        "the large upload ends", 900'000);
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(runner.exitCode(), 0);
    QCOMPARE(doneId.size(), 32);
    const QString hex = QString::fromLatin1(sha.result().toHex());
    QVERIFY(
        QFileInfo(m_server->dataDir() + QStringLiteral("/media/blobs/") + hex.left(2) + u'/' + hex)
            .size() == total);
    qInfo("upload of %lld MiB in %lld ms (%.1f MiB/s); client RSS at 10 %%: %lld KiB, highest "
          "after: %lld KiB",
          megabytes, elapsedMs, double(megabytes) * 1000.0 / double(elapsedMs), atTenth, highest);
    // Flat: what grows with the file would show here (parts are 1 MiB, 3 in flight at most).
    QVERIFY(atTenth > 0);
    QVERIFY2(highest - atTenth < 16 * 1024, QByteArray::number(highest - atTenth));
}

void TstMediaUploads::parallelPartsArriveAsOneFile() {
    const qint64 size = 10 * kPart + 123; // 11 parts: lanes of 4, 4 and 3 parts
    const QString path = makeFile(size, 20);
    m_relay->pauseAt(kPart / 2); // holds the first part: every lane must be under way
    Uploads uploads(relayUrl(), m_token, parallelSettings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition(
        [&] {
            const QList<storage::UploadPartRecord> parts = uploads.parts(id);
            return m_relay->isPaused() && parts.size() == kLanes &&
                   std::all_of(parts.cbegin(), parts.cend(),
                               [](const auto &p) { return !p.uploadUrl.isEmpty(); });
        },
        "three partial uploads exist at once, their URLs in the profile");
    const QList<storage::UploadPartRecord> parts = uploads.parts(id);
    QCOMPARE(parts.at(0).begin, 0);
    QCOMPARE(parts.at(1).begin, 4 * kPart);
    QCOMPARE(parts.at(2).begin, 8 * kPart);
    QCOMPARE(parts.at(2).length, size - 8 * kPart);
    m_relay->resume();
    const TransferProgress done = uploads.awaitState(id, TransferState::Done);
    QCOMPARE(done.bytesConfirmed, size);
    QCOMPARE(done.bytesDone, size);
    QCOMPARE(done.fileId.size(), 32);
    QVERIFY(serverHas(test::distinctBytes(size, 20)));
    QCOMPARE(serverOffset(done.fileId), size);
    QCOMPARE(m_relay->bodyBytes(), size); // every byte once
    QCOMPARE(m_relay->requests("PATCH"), 11);
    QCOMPARE(m_relay->requests("POST"), kLanes + 1); // the partials, then the final
    // The partial uploads were consumed by the final; the profile keeps only the file.
    for (const storage::UploadPartRecord &part : parts)
        QCOMPARE(serverOffset(part.uploadUrl.section(u'/', -1)), -404);
    QVERIFY(uploads.parts(id).isEmpty());
    const auto row = uploads.row(id);
    QCOMPARE(row->state, storage::UploadState::Done);
    QCOMPARE(row->confirmedOffset, size);
    QVERIFY(row->uploadUrl.endsWith(done.fileId));
    // Progress with several parts in flight never went back and never passed the file.
    qint64 confirmed = 0, doneBytes = 0;
    for (const TransferProgress &p : std::as_const(uploads.reports)) {
        if (p.id != id)
            continue;
        QVERIFY(p.bytesConfirmed >= confirmed && p.bytesDone >= doneBytes);
        QVERIFY(p.bytesConfirmed <= p.bytesDone && p.bytesDone <= size);
        confirmed = p.bytesConfirmed;
        doneBytes = p.bytesDone;
    }
}

void TstMediaUploads::parallelDroppedConnectionResendsOnlyPartsInFlight() {
    const qint64 size = 12 * kPart + 5;
    const QString path = makeFile(size, 21);
    m_relay->dropAt(5 * kPart + kPart / 2);
    Uploads uploads(relayUrl(), m_token, parallelSettings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    QSignalSpy dropped(m_relay.get(), &CountingRelay::dropped);
    const TransferProgress done = uploads.awaitState(id, TransferState::Done);
    QCOMPARE(dropped.size(), 1);
    QVERIFY(serverHas(test::distinctBytes(size, 21)));
    QCOMPARE(done.bytesConfirmed, size);
    // At most the parts that were in flight (one per lane) went twice.
    QVERIFY2(m_relay->bodyBytes() < size + kLanes * kPart,
             QByteArray::number(m_relay->bodyBytes()));
    QCOMPARE(m_relay->requests("POST"), kLanes + 1); // no partial upload created again
}

void TstMediaUploads::parallelClientKilledResumesEveryPart() {
    const qint64 size = 12 * kPart + 77;
    const QString path = makeFile(size, 22);
    QTemporaryDir profile;
    QVERIFY(profile.isValid());
    const QString runner =
        QCoreApplication::applicationDirPath() + QStringLiteral("/media_upload_runner");
    const QStringList args = {profile.path(), relayUrl().toString(),  m_token,
                              path,           QString::number(kPart), QString::number(kLanes)};
    // First run: killed once three parts are confirmed and more are under way in every lane.
    m_relay->pauseAt(3 * kPart + kPart / 2);
    QProcess first;
    first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    qint64 confirmed = 0;
    connect(&first, &QProcess::readyReadStandardOutput, this, [&] {
        while (first.canReadLine()) {
            const QByteArray line = first.readLine().trimmed();
            if (line.startsWith("progress "))
                confirmed = qMax(confirmed, line.mid(9).toLongLong());
        }
    });
    first.start(runner, args);
    QVERIFY(first.waitForStarted());
    awaitCondition([&] { return m_relay->isPaused() && confirmed == 3 * kPart; },
                   "three parts confirmed, the lanes under way");
    first.kill(); // SIGKILL
    QVERIFY(first.waitForFinished());
    m_relay->resume();

    QProcess second;
    second.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QByteArray resumedFrom, doneId;
    connect(&second, &QProcess::readyReadStandardOutput, this, [&] {
        while (second.canReadLine()) {
            const QByteArray line = second.readLine().trimmed();
            if (line.startsWith("resumed "))
                resumedFrom = line.mid(8);
            else if (line.startsWith("done "))
                doneId = line.mid(5);
        }
    });
    second.start(runner, args);
    QVERIFY(second.waitForStarted());
    awaitCondition([&] { return second.state() == QProcess::NotRunning; }, "the second run ends");
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(resumedFrom.toLongLong() <= 3 * kPart, resumedFrom.constData());
    QCOMPARE(doneId.size(), 32);
    QVERIFY(serverHas(test::distinctBytes(size, 22)));
    // Both runs together: the file once, plus at most one part per lane that was in flight.
    QVERIFY2(m_relay->bodyBytes() < size + kLanes * kPart,
             QByteArray::number(m_relay->bodyBytes()));
    QCOMPARE(m_relay->requests("POST"), kLanes + 1); // the partials were resumed, not recreated
}

void TstMediaUploads::parallelCancelTerminatesEveryPartialUpload() {
    const qint64 size = 12 * kPart + 2;
    const QString path = makeFile(size, 23);
    m_relay->pauseAt(2 * kPart + kPart / 2);
    Uploads uploads(relayUrl(), m_token, parallelSettings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition([&] { return m_relay->isPaused() && uploads.parts(id).size() == kLanes; },
                   "the lanes are under way");
    awaitCondition([&] { return uploads.last.value(id).bytesConfirmed == 2 * kPart; },
                   "two parts are confirmed");
    const QList<storage::UploadPartRecord> parts = uploads.parts(id);
    for (const storage::UploadPartRecord &part : parts)
        QVERIFY(serverOffset(part.uploadUrl.section(u'/', -1)) >= 0);
    uploads.manager().cancel(id);
    m_relay->resume();
    awaitCondition([&] { return uploads.removed.contains(id); }, "the transfer is removed");
    for (const storage::UploadPartRecord &part : parts)
        QCOMPARE(serverOffset(part.uploadUrl.section(u'/', -1)), -404);
    QVERIFY(!uploads.row(id).has_value());
    QVERIFY(uploads.parts(id).isEmpty()); // gone with the upload
}

void TstMediaUploads::parallelServerKilledAndPauseResume() {
    const qint64 size = 12 * kPart + 9;
    const QString path = makeFile(size, 24);
    m_relay->pauseAt(3 * kPart + kPart / 2);
    Uploads uploads(relayUrl(), m_token, parallelSettings());
    QVERIFY(uploads.opened());
    const qint64 id = uploads.add(path);
    awaitCondition([&] { return m_relay->isPaused(); }, "the lanes are under way");
    awaitCondition([&] { return uploads.last.value(id).bytesConfirmed == 3 * kPart; },
                   "three parts are confirmed");
    const qsizetype reportsBefore = uploads.reports.size();
    m_server->kill(); // SIGKILL
    m_relay->resume();
    QVERIFY(m_server->restart());
    // Paused while it retries, then resumed: every lane continues from the server's offset.
    uploads.manager().pause(id);
    const TransferProgress paused = uploads.awaitState(id, TransferState::Paused);
    QVERIFY(paused.bytesConfirmed >= 3 * kPart);
    QCOMPARE(uploads.row(id)->state, storage::UploadState::Paused);
    uploads.manager().resume(id);
    uploads.awaitState(id, TransferState::Done);
    QVERIFY(serverHas(test::distinctBytes(size, 24)));
    for (qsizetype i = reportsBefore; i < uploads.reports.size(); ++i)
        QVERIFY(uploads.reports.at(i).bytesConfirmed >= 3 * kPart);
    // The relay may forward each lane's part in flight whole to the dying server.
    QVERIFY2(m_relay->bodyBytes() <= size + kLanes * kPart,
             QByteArray::number(m_relay->bodyBytes()));
}

void TstMediaUploads::manyLargeFilesStayUnderTheServersUnfinishedCap() {
    // A user of its own: the other tests leave unfinished uploads behind.
    TestClient client;
    QVERIFY(client.connectTo(m_server->wsUrl()));
    QVERIFY(!client.signUp(QStringLiteral("many_files"), QStringLiteral("correct horse battery"))
                 .isEmpty());
    core::UploadSettings s = parallelSettings();
    s.parallelParts = 4;
    s.maxConcurrent = 6; // 6 files × 4 partials would be 24: the server allows 16
    m_relay->pauseAt(kPart / 2);
    Uploads uploads(relayUrl(), client.token(), s);
    QVERIFY(uploads.opened());
    QStringList paths;
    for (quint32 seed = 30; seed < 36; ++seed) {
        paths.append(makeFile(8 * kPart + seed, seed));
        uploads.manager().addUpload(paths.last());
    }
    awaitCondition([&] { return m_relay->isPaused() && uploads.last.size() == 6; },
                   "the uploads are under way");
    m_relay->resume();
    for (const QString &path : paths)
        uploads.awaitState(uploads.idOf(path), TransferState::Done);
    for (quint32 seed = 30; seed < 36; ++seed)
        QVERIFY(serverHas(test::distinctBytes(8 * kPart + seed, seed)));
    QCOMPARE(m_relay->answers(429), 0);     // never past the server's cap
    QVERIFY(m_relay->requests("POST") > 6); // some of them went in parallel parts
}

QTEST_GUILESS_MAIN(TstMediaUploads)
// The window between the server assembling the final and the profile recording it: the client
// dies exactly there (the runner's checkpoint ends the process the moment the final's 201
// arrives; the partial uploads are consumed on the server by then). The restart sends the same
// final again, which answers with the file already assembled: no byte and no partial upload
// goes a second time.
void TstMediaUploads::parallelClientDeadAfterTheFinalResendsNothing() {
    const qint64 size = 12 * kPart + 77;
    const QString path = makeFile(size, 31);
    QTemporaryDir profile;
    QVERIFY(profile.isValid());
    const QStringList args = {profile.path(), relayUrl().toString(),  m_token,
                              path,           QString::number(kPart), QString::number(kLanes)};
    const RunnerRun first = runRunner(args, "final-answered");
    QCOMPARE(first.exitCode, 9);
    QCOMPARE(first.lineAfter("died "), QByteArray("final-answered"));
    QVERIFY(first.lineAfter("done ").isEmpty());
    QCOMPARE(m_relay->bodyBytes(), size);
    QCOMPARE(m_relay->requests("POST"), kLanes + 1);
    QCOMPARE(m_relay->answers(201), kLanes + 1); // the final was assembled before the death
    const int patches = m_relay->requests("PATCH");

    const RunnerRun second = runRunner(args);
    QCOMPARE(second.exitCode, 0);
    const QByteArray fileId = second.lineAfter("done ");
    QCOMPARE(fileId.size(), 32);
    QVERIFY(serverHas(test::distinctBytes(size, 31)));
    QCOMPARE(serverOffset(QString::fromLatin1(fileId)), size);
    // Both runs together: every byte once, no PATCH and no partial upload again; one more
    // request, the same final, answered with the file assembled in the first run.
    QCOMPARE(m_relay->bodyBytes(), size);
    QCOMPARE(m_relay->requests("PATCH"), patches);
    QCOMPARE(m_relay->requests("POST"), kLanes + 2);
    QCOMPARE(m_relay->answers(201), kLanes + 2);
    // A third run finds the upload done in the profile and asks the server nothing.
    const RunnerRun third = runRunner(args);
    QCOMPARE(third.exitCode, 0);
    QCOMPARE(third.lineAfter("done "), fileId);
    QCOMPARE(m_relay->requests("POST"), kLanes + 2);
}

// The single upload's window: the last PATCH was accepted (the server verified and filed the
// file) and the client died before recording it. The restart's HEAD finds it complete.
void TstMediaUploads::clientDeadAfterTheLastPartResendsNothing() {
    const qint64 size = 5 * kPart + 3;
    const QString path = makeFile(size, 32);
    QTemporaryDir profile;
    QVERIFY(profile.isValid());
    const QStringList args = {profile.path(), relayUrl().toString(), m_token, path,
                              QString::number(kPart)};
    const RunnerRun first = runRunner(args, "last-part-answered");
    QCOMPARE(first.exitCode, 9);
    QCOMPARE(first.lineAfter("died "), QByteArray("last-part-answered"));
    QCOMPARE(m_relay->bodyBytes(), size);
    QCOMPARE(m_relay->requests("PATCH"), 6);

    const RunnerRun second = runRunner(args);
    QCOMPARE(second.exitCode, 0);
    const QByteArray fileId = second.lineAfter("done ");
    QCOMPARE(fileId.size(), 32);
    QVERIFY(serverHas(test::distinctBytes(size, 32)));
    QCOMPARE(m_relay->bodyBytes(), size);
    QCOMPARE(m_relay->requests("PATCH"), 6);
    QCOMPARE(m_relay->requests("POST"), 1);
}

#include "tst_media_uploads.moc"
