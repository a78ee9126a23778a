// bench_media_upload: what an upload through the server costs against the wire itself, in one
// run (issue 8 item 8). On loopback, with the REAL msgr-server (its own temporary data dir):
//  1. raw: the file's bytes read from disk and written through a plain TCP socket to a sink
//     thread that reads and drops them (the ceiling of this machine's loopback + disk read);
//  2. upload: the same file sent by the client's own upload code (core/media UploadManager on
//     a transfer thread: tus creation, PATCH parts each hashed, every confirmed offset written
//     to the encrypted profile), until the server has verified and filed it;
//  3. secret: the secret-chat path of the same file, sealed while it is uploaded (core/secret
//     planSeal + sealPlanned on a thread of its own into a temporary ciphertext, the upload of
//     2 created at once with the ciphertext's length and following the seal's flushed bytes,
//     UploadManager::grow), until the server has verified and filed the ciphertext.
// For each upload: wall seconds, throughput and its ratio to raw (goal >= 0.5), the server's
// CPU seconds (utime + stime of /proc/<pid>/stat) per GiB, and this process's RSS sampled every
// 50 ms during the transfer (it must stay flat: one part in memory, whatever the file's size).
// The last line is `BENCH {json}`.
// Usage: bench_media_upload [--size-mib 1024] [--part-mib 8] [--no-secret] [--dir PATH]
//                           [--server-bin PATH] [--parallel-parts 1 (a single upload)]
//                           [--growing-lanes 12] [--secret-first] [--seal-only N]
// (part size and lanes default to the app's, core::UploadSettings).
// Besides raw, it measures the ceilings any durable, checksummed upload has and raw has not: the
// same bytes through the socket written to the server's disk with one fdatasync ("raw + disk"),
// and with an fdatasync after every part as the server does ("raw + disk, synced per part"),
// and SHA-256 speed through OpenSSL and libsodium.
// Figures: RESULTS.md (dated sections: plain uploads against raw and raw + disk; the secret
// path sealed while uploading).
#include "core/media/upload_manager.h"
#include "core/secret/secret_attachment_file.h"
#include "crypto/sha256_stream.h"
#include "storage/profile_store.h"
#include "storage/tables/uploads_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <arpa/inet.h>
#include <atomic>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <netinet/in.h>
#include <optional>
#include <sodium.h>
#include <sys/socket.h>
#include <thread>
#include <time.h>
#include <unistd.h>

using namespace msgr;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr double kGiB = 1024.0 * 1024 * 1024;
//! Reads from the file and writes to the socket in pieces of this size (raw path).
constexpr qint64 kRawChunkBytes = kMiB;
//! How often this process's RSS is sampled during a transfer.
constexpr int kRssSampleMs = 50;

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

//! A file of `bytes` pseudo-random bytes (xorshift: incompressible enough, cheap to make).
void makeFile(const QString &path, qint64 bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    QByteArray block(kMiB, Qt::Uninitialized);
    quint64 x = 0x9e3779b97f4a7c15ULL;
    for (qint64 done = 0; done < bytes; done += block.size()) {
        auto *words = reinterpret_cast<quint64 *>(block.data());
        for (qsizetype i = 0; i < block.size() / 8; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            words[i] = x;
        }
        if (f.write(block.constData(), qMin<qint64>(block.size(), bytes - done)) < 0)
            qFatal("cannot write %s", qPrintable(path));
    }
}

//! Kilobytes of resident memory of this process (VmRSS), or -1.
qint64 rssKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

//! utime + stime of a process in seconds, from /proc/<pid>/stat; -1 when unreadable.
double processCpuSeconds(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    constexpr int kUtime = 14 - 3, kStime = 15 - 3;
    if (fields.size() <= kStime)
        return -1;
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return double(fields[kUtime].toLongLong() + fields[kStime].toLongLong()) / ticks;
}

//! RSS samples taken on this thread's event loop while a transfer runs.
class RssSampler {
public:
    RssSampler() {
        m_timer.setInterval(kRssSampleMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { sample(); });
    }
    void start() {
        m_first = m_max = m_last = rssKiB();
        m_timer.start();
    }
    void stop() {
        m_timer.stop();
        sample();
    }
    QJsonObject json() const {
        return {{"startMiB", double(m_first) / 1024},
                {"maxMiB", double(m_max) / 1024},
                {"endMiB", double(m_last) / 1024},
                {"growthMiB", double(m_max - m_first) / 1024}};
    }
    QString text() const {
        return QStringLiteral("client RSS %1 -> max %2 -> %3 MiB")
            .arg(double(m_first) / 1024, 0, 'f', 1)
            .arg(double(m_max) / 1024, 0, 'f', 1)
            .arg(double(m_last) / 1024, 0, 'f', 1);
    }

private:
    void sample() {
        m_last = rssKiB();
        m_max = qMax(m_max, m_last);
    }
    QTimer m_timer;
    qint64 m_first = 0, m_max = 0, m_last = 0;
};

//! The file's bytes through a loopback TCP socket into a sink thread that drops them, or, with
//! `sinkPath`, writes them to that file and fdatasyncs it once at the end (what `dd
//! conv=fdatasync` does: the disk's ceiling for any durable upload); wall seconds until the
//! sink has read (and made durable) the last byte. `syncEveryBytes` (> 0): also an fdatasync
//! after every that many bytes, as the server makes each tus part durable before it answers.
double rawSocketSeconds(const QString &path, qint64 size, const QString &sinkPath = {},
                        qint64 syncEveryBytes = 0) {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr *>(&address), length) != 0 ||
        ::listen(listener, 1) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        qFatal("raw sink: cannot listen");
    qint64 received = 0;
    const int sinkFd = sinkPath.isEmpty() ? -1
                                          : ::open(QFile::encodeName(sinkPath).constData(),
                                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!sinkPath.isEmpty() && sinkFd < 0)
        qFatal("raw sink: cannot write %s", qPrintable(sinkPath));
    std::thread sink([listener, sinkFd, syncEveryBytes, &received] {
        const int peer = ::accept(listener, nullptr, nullptr);
        std::vector<char> buffer(static_cast<size_t>(kRawChunkBytes), 0);
        qint64 unsynced = 0;
        while (peer >= 0) {
            const ssize_t n = ::read(peer, buffer.data(), buffer.size());
            if (n <= 0)
                break;
            if (sinkFd >= 0 && ::write(sinkFd, buffer.data(), size_t(n)) != n)
                qFatal("raw sink: write failed");
            received += n;
            unsynced += n;
            if (sinkFd >= 0 && syncEveryBytes > 0 && unsynced >= syncEveryBytes) {
                if (::fdatasync(sinkFd) != 0)
                    qFatal("raw sink: fdatasync failed");
                unsynced = 0;
            }
        }
        if (sinkFd >= 0 && ::fdatasync(sinkFd) != 0)
            qFatal("raw sink: fdatasync failed");
        if (peer >= 0)
            ::close(peer);
    });
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("raw: cannot read the file");
    QElapsedTimer wall;
    wall.start();
    const int out = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (out < 0 || ::connect(out, reinterpret_cast<sockaddr *>(&address), length) != 0)
        qFatal("raw: cannot connect");
    QByteArray chunk(kRawChunkBytes, Qt::Uninitialized);
    while (true) {
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n < 0)
            qFatal("raw: read failed");
        if (n == 0)
            break;
        for (qint64 sent = 0; sent < n;) {
            const ssize_t w = ::write(out, chunk.constData() + sent, size_t(n - sent));
            if (w <= 0)
                qFatal("raw: write failed");
            sent += w;
        }
    }
    ::close(out);
    sink.join();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    ::close(listener);
    if (sinkFd >= 0) {
        ::close(sinkFd);
        QFile::remove(sinkPath);
    }
    if (received != size)
        qFatal("raw: the sink got %lld of %lld bytes", received, size);
    return seconds;
}

//! This thread's CPU seconds (steadier than wall time on a loaded machine).
double threadCpuSeconds() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

//! MB/s (10^6 bytes per CPU second of this thread) of a SHA-256 over `bytes` of memory in 1 MiB
//! pieces: OpenSSL's EVP (crypto::Sha256Stream, the CPU's SHA extensions) or libsodium's
//! portable code. Every checksummed upload hashes each byte at least once on each side: a
//! ceiling raw has not.
double sha256MBps(qint64 bytes, bool openssl) {
    QByteArray block(kMiB, '\x3c');
    const double cpu0 = threadCpuSeconds();
    if (openssl) {
        crypto::Sha256Stream hash;
        for (qint64 done = 0; done < bytes; done += block.size())
            hash.addData(block);
        (void)hash.result();
    } else {
        crypto_hash_sha256_state state;
        crypto_hash_sha256_init(&state);
        for (qint64 done = 0; done < bytes; done += block.size())
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char *>(block.data()),
                                      size_t(block.size()));
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&state, digest);
    }
    return double(bytes) / 1e6 / (threadCpuSeconds() - cpu0);
}

struct UploadRun {
    double wallS = 0;
    double serverCpuS = 0;
    double clientCpuS = 0; // this process: the transfer thread, the profile's writes
    QString fileId;
};

//! Starts the upload being measured on `manager` (its transfers loaded, the clock running).
using UploadStarter = std::function<void(core::UploadManager *, storage::ProfileStore *)>;

//! One upload by UploadManager over an encrypted profile in `profileDir`, started by `begin`,
//! until Done.
UploadRun uploadWithClient(const QString &profileDir, const QUrl &server, const QString &token,
                           qint64 serverPid, const UploadStarter &begin,
                           const core::UploadSettings &settings, RssSampler &rss) {
    storage::ProfileStore store;
    QThread transferThread;
    transferThread.start();
    auto *manager = new core::UploadManager(&store, settings);
    manager->moveToThread(&transferThread);
    QEventLoop loop;
    UploadRun run;
    QElapsedTimer wall;
    double cpu0 = 0, clientCpu0 = 0;
    QString failure;
    QObject::connect(
        manager, &core::UploadManager::transferChanged, &loop,
        [&](const core::TransferProgress &p) {
            if (p.state == core::TransferState::Done) {
                run.wallS = double(wall.nsecsElapsed()) / 1e9;
                run.serverCpuS = processCpuSeconds(serverPid) - cpu0;
                run.clientCpuS = processCpuSeconds(::getpid()) - clientCpu0;
                run.fileId = p.fileId;
                loop.quit();
            } else if (p.state == core::TransferState::Failed) {
                failure = p.error;
                loop.quit();
            }
        },
        Qt::QueuedConnection);
    QObject::connect(
        manager, &core::UploadManager::loaded, &loop,
        [&] {
            rss.start();
            cpu0 = processCpuSeconds(serverPid);
            clientCpu0 = processCpuSeconds(::getpid());
            wall.start();
            begin(manager, &store);
        },
        Qt::QueuedConnection);
    QObject::connect(
        manager, &core::UploadManager::addRefused, &loop,
        [&](const QString &, const QString &reason) {
            failure = reason;
            loop.quit();
        },
        Qt::QueuedConnection);
    QDir().mkpath(profileDir);
    // The previous run's dirty pages (its upload's files, the server's final) are written back
    // now, not during this run: the second upload of a run would pay for the first's.
    ::sync();
    store.open(profileDir, QByteArray(32, '\x5a'), &loop, [&](const storage::OpenResult &result) {
        if (!result.ok()) {
            failure = QStringLiteral("the profile did not open");
            loop.quit();
            return;
        }
        manager->setServer(server, token);
        manager->start();
    });
    loop.exec();
    rss.stop();
    QMetaObject::invokeMethod(
        manager, [manager] { delete manager; }, Qt::BlockingQueuedConnection);
    transferThread.quit();
    transferThread.wait();
    if (!failure.isEmpty())
        qFatal("upload failed: %s", qPrintable(failure));
    return run;
}

QJsonObject report(const QString &name, const UploadRun &run, double extraWallS, qint64 size,
                   double rawS, double rawDiskS, const RssSampler &rss) {
    const double wall = run.wallS + extraWallS;
    const double mbps = double(size) / kMiB / wall;
    const double ratio = rawS / wall;
    const double diskRatio = rawDiskS / wall;
    const double cpuPerGiB = run.serverCpuS / (double(size) / kGiB);
    const double clientCpuPerGiB = run.clientCpuS / (double(size) / kGiB);
    say(QStringLiteral("%1: %2 s (%3 MiB/s), ratio to raw %4, to raw + disk %8; server CPU %5 s "
                       "per GiB, client CPU %6 s per GiB (upload only); %7")
            .arg(name)
            .arg(wall, 0, 'f', 2)
            .arg(mbps, 0, 'f', 0)
            .arg(ratio, 0, 'f', 3)
            .arg(cpuPerGiB, 0, 'f', 2)
            .arg(clientCpuPerGiB, 0, 'f', 2)
            .arg(rss.text())
            .arg(diskRatio, 0, 'f', 3));
    return {{"wallS", wall},
            {"MiBps", mbps},
            {"ratioToRaw", ratio},
            {"ratioToRawDisk", diskRatio},
            {"serverCpuSPerGiB", cpuPerGiB},
            {"clientCpuSPerGiB", clientCpuPerGiB},
            {"rss", rss.json()},
            {"fileId", run.fileId}};
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption sizeOption(QStringLiteral("size-mib"), {}, QStringLiteral("MIB"),
                                        QStringLiteral("1024"));
    // The app's own defaults unless asked otherwise.
    const core::UploadSettings appDefaults;
    const QCommandLineOption partOption(QStringLiteral("part-mib"), {}, QStringLiteral("MIB"),
                                        QString::number(appDefaults.partSize / kMiB));
    const QCommandLineOption noSecret(QStringLiteral("no-secret"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), {}, QStringLiteral("PATH"));
    const QCommandLineOption serverBin(QStringLiteral("server-bin"), {}, QStringLiteral("PATH"));
    // Partial uploads of one file at once (tus concatenation); 1: a single upload, as before.
    const QCommandLineOption parallelOption(QStringLiteral("parallel-parts"), {},
                                            QStringLiteral("N"),
                                            QString::number(appDefaults.parallelParts));
    // Partial uploads of a growing file (the secret path), parallelParts of them at once;
    // `--growing-lanes 4` gives sealpipe's first cut (a quarter of the file per lane).
    const QCommandLineOption growingOption(QStringLiteral("growing-lanes"), {}, QStringLiteral("N"),
                                           QString::number(appDefaults.growingLanes));
    // The secret upload first, then the plain one (to alternate the order between runs).
    const QCommandLineOption secretFirst(QStringLiteral("secret-first"));
    // Only the seal, N times (no upload): its thread's CPU per GiB, to compare seal code alone.
    const QCommandLineOption sealOnly(QStringLiteral("seal-only"), {}, QStringLiteral("N"));
    parser.addOptions({sizeOption, partOption, noSecret, dirOption, serverBin, parallelOption,
                       growingOption, secretFirst, sealOnly});
    parser.process(app);
    if (parser.isSet(serverBin))
        qputenv("MSGR_SERVER_BIN", parser.value(serverBin).toLocal8Bit());
    else if (qEnvironmentVariableIsEmpty("MSGR_SERVER_BIN"))
        qputenv("MSGR_SERVER_BIN", MSGR_DEFAULT_SERVER_BIN);
    // Up to 3.9 GiB: the secret path's limit (its ciphertext must fit the server's 4 GiB).
    const qint64 size =
        qBound(qint64(1), qint64(parser.value(sizeOption).toLongLong()), qint64(3900)) * kMiB;
    const qint64 partBytes =
        qBound(qint64(1), qint64(parser.value(partOption).toLongLong()), qint64(64)) * kMiB;
    core::UploadSettings uploadSettings;
    uploadSettings.partSize = partBytes;
    uploadSettings.parallelParts = qBound(1, parser.value(parallelOption).toInt(), 16);
    uploadSettings.growingLanes = qBound(1, parser.value(growingOption).toInt(), 16);

    // The server's data dir is its own temporary dir (ServerProcess); ours holds the file,
    // the profiles and the ciphertext. TMPDIR (or --dir) picks the disk.
    QTemporaryDir ownDir(parser.isSet(dirOption)
                             ? parser.value(dirOption) + QStringLiteral("/bench-media-XXXXXX")
                             : QDir::tempPath() + QStringLiteral("/bench-media-XXXXXX"));
    if (!ownDir.isValid())
        qFatal("no temporary dir");
    const QString dir = ownDir.path();
    test::ServerProcess server;
    if (!server.start())
        qFatal("the server did not start");
    test::TestClient client;
    if (!client.connectTo(server.wsUrl()) ||
        client.signUp(QStringLiteral("bench"), QStringLiteral("bench's password")).isEmpty())
        qFatal("sign-up failed");

    const QString source = dir + QStringLiteral("/file.bin");
    makeFile(source, size);
    if (parser.isSet(sealOnly)) {
        const int runs = qBound(1, parser.value(sealOnly).toInt(), 100);
        for (int i = 0; i < runs; ++i) {
            QString error;
            const std::optional<core::secret::SealPlan> plan =
                core::secret::planSeal(source, dir + QStringLiteral("/seal-only"), &error);
            if (!plan)
                qFatal("seal refused: %s", qPrintable(error));
            const std::atomic<bool> never{false};
            timespec before{}, after{};
            ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before);
            const core::secret::SealOutcome outcome =
                core::secret::sealPlanned(*plan, never, [](qint64) {});
            ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after);
            if (outcome.status != core::secret::SealStatus::Sealed)
                qFatal("seal failed: %s", qPrintable(outcome.error));
            QFile::remove(plan->tempPath);
            const double cpuS =
                double(after.tv_sec - before.tv_sec) + double(after.tv_nsec - before.tv_nsec) / 1e9;
            say(QStringLiteral("seal only: %1 s CPU per GiB")
                    .arg(cpuS / (double(size) / kGiB), 0, 'f', 2));
        }
        server.stop();
        return 0;
    }
    say(QStringLiteral("file: %1 MiB, parts of %2 MiB").arg(size / kMiB).arg(partBytes / kMiB));

    const double rawS = rawSocketSeconds(source, size);
    say(QStringLiteral("raw socket: %1 s (%2 MiB/s)")
            .arg(rawS, 0, 'f', 2)
            .arg(double(size) / kMiB / rawS, 0, 'f', 0));
    // The same bytes written to a file on the server's disk (its data dir's), fdatasynced once.
    const double rawDiskS =
        rawSocketSeconds(source, size, server.dataDir() + QStringLiteral("/raw-sink.bin"));
    QFile::remove(server.dataDir() + QStringLiteral("/raw-sink.bin")); // not the uploads' disk
    say(QStringLiteral("raw socket + disk write (one fdatasync at the end): %1 s (%2 MiB/s)")
            .arg(rawDiskS, 0, 'f', 2)
            .arg(double(size) / kMiB / rawDiskS, 0, 'f', 0));
    // And fdatasynced after every part, as the server does before it confirms a PATCH.
    const double rawDiskPartsS = rawSocketSeconds(
        source, size, server.dataDir() + QStringLiteral("/raw-sink-parts.bin"), partBytes);
    QFile::remove(server.dataDir() + QStringLiteral("/raw-sink-parts.bin"));
    say(QStringLiteral("raw socket + disk write, fdatasync every %1 MiB part: %2 s (%3 MiB/s)")
            .arg(partBytes / kMiB)
            .arg(rawDiskPartsS, 0, 'f', 2)
            .arg(double(size) / kMiB / rawDiskPartsS, 0, 'f', 0));
    constexpr qint64 kHashProbeBytes = 256 * kMiB;
    const double opensslMBps = sha256MBps(kHashProbeBytes, true);
    const double sodiumMBps = sha256MBps(kHashProbeBytes, false);
    say(QStringLiteral("SHA-256, 256 MiB in memory, per CPU second: OpenSSL EVP %1 MB/s, libsodium "
                       "%2 MB/s")
            .arg(opensslMBps, 0, 'f', 0)
            .arg(sodiumMBps, 0, 'f', 0));
    QJsonObject result{{"sizeMiB", size / kMiB},
                       {"partMiB", partBytes / kMiB},
                       {"parallelParts", uploadSettings.parallelParts},
                       {"growingLanes", uploadSettings.growingLanes},
                       {"rawS", rawS},
                       {"rawMiBps", double(size) / kMiB / rawS},
                       {"rawDiskS", rawDiskS},
                       {"rawDiskMiBps", double(size) / kMiB / rawDiskS},
                       {"rawDiskPartsS", rawDiskPartsS},
                       {"sha256OpensslMBps", opensslMBps},
                       {"sha256SodiumMBps", sodiumMBps}};

    UploadRun plain;
    const auto runPlain = [&] {
        RssSampler plainRss;
        plain = uploadWithClient(
            dir + QStringLiteral("/profile-plain"), server.httpUrl(), client.token(), server.pid(),
            [&source](core::UploadManager *manager, storage::ProfileStore *) {
                manager->addUpload(source, QStringLiteral("application/octet-stream"));
            },
            uploadSettings, plainRss);
        result.insert(QStringLiteral("upload"), report(QStringLiteral("client upload"), plain, 0,
                                                       size, rawS, rawDiskS, plainRss));
    };
    const bool withSecret = !parser.isSet(noSecret);
    if (!withSecret || !parser.isSet(secretFirst))
        runPlain();

    if (withSecret) {
        // As SecretFileSender does it: the seal planned (key, header, the ciphertext's length),
        // the upload stored growing and started, the seal on a thread of its own reporting
        // every flushed MiB, the whole file announced once sealed.
        std::thread sealThread;
        std::atomic<bool> neverStop{false};
        double sealS = 0;
        double sealCpuS = 0; // the seal thread's own CPU (part of the client's)
        QString tempPath;
        const QString tempDir =
            core::secret::secretUploadDir(dir + QStringLiteral("/profile-secret"));
        const auto beginSecret = [&](core::UploadManager *manager, storage::ProfileStore *store) {
            QString error;
            std::optional<core::secret::SealPlan> plan =
                core::secret::planSeal(source, tempDir, &error);
            if (!plan)
                qFatal("seal refused: %s", qPrintable(error));
            tempPath = plan->tempPath;
            storage::UploadRecord record;
            record.localPath = plan->tempPath;
            record.size = plan->cipherSize;
            record.fileName = QStringLiteral("sealed");
            record.mimeType = QStringLiteral("application/octet-stream");
            store->writeReturning(
                [record](storage::WriteTransaction &tx) {
                    const qint64 id = storage::UploadsTable::insert(tx, record);
                    storage::UploadsTable::setGrowing(tx, id);
                    return id;
                },
                QCoreApplication::instance(),
                [&, record, plan = *plan, manager](qint64 id) mutable {
                    record.id = id;
                    manager->addStored(record, true);
                    sealThread = std::thread([&, plan, manager, id] {
                        QElapsedTimer sealWall;
                        sealWall.start();
                        const core::secret::SealOutcome outcome =
                            core::secret::sealPlanned(plan, neverStop, [manager, id](qint64 bytes) {
                                manager->grow(id, bytes);
                            });
                        sealS = double(sealWall.nsecsElapsed()) / 1e9;
                        timespec sealCpu{};
                        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &sealCpu);
                        sealCpuS = double(sealCpu.tv_sec) + double(sealCpu.tv_nsec) / 1e9;
                        if (outcome.status != core::secret::SealStatus::Sealed)
                            qFatal("seal failed: %s", qPrintable(outcome.error));
                        manager->grow(id, plan.cipherSize, outcome.tempMtimeMs);
                    });
                });
        };
        RssSampler secretRss;
        const UploadRun secret =
            uploadWithClient(dir + QStringLiteral("/profile-secret"), server.httpUrl(),
                             client.token(), server.pid(), beginSecret, uploadSettings, secretRss);
        sealThread.join();
        QFile::remove(tempPath); // the page cache and the disk as before the plain run
        if (parser.isSet(secretFirst))
            runPlain();
        say(QStringLiteral("seal (while uploading): %1 s, its thread's CPU %2 s per GiB")
                .arg(sealS, 0, 'f', 2)
                .arg(sealCpuS / (double(size) / kGiB), 0, 'f', 2));
        QJsonObject secretJson = report(QStringLiteral("secret (sealed while uploading)"), secret,
                                        0, size, rawS, rawDiskS, secretRss);
        secretJson.insert(QStringLiteral("sealS"), sealS);
        secretJson.insert(QStringLiteral("sealCpuSPerGiB"), sealCpuS / (double(size) / kGiB));
        secretJson.insert(QStringLiteral("costOverPlain"), secret.wallS / plain.wallS);
        say(QStringLiteral("secret / plain wall: %1").arg(secret.wallS / plain.wallS, 0, 'f', 2));
        secretJson.insert(QStringLiteral("secretFirst"), parser.isSet(secretFirst));
        result.insert(QStringLiteral("secret"), secretJson);
    }
    server.stop();
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
    return 0;
}
