// bench_media_upload: what an upload through the server costs against the wire itself, in one
// run (issue 8 item 8). On loopback, with the REAL msgr-server (its own temporary data dir):
//  1. raw: the file's bytes read from disk and written through a plain TCP socket to a sink
//     thread that reads and drops them (the ceiling of this machine's loopback + disk read);
//  2. upload: the same file sent by the client's own upload code (core/media UploadManager on
//     a transfer thread: tus creation, PATCH parts each hashed, every confirmed offset written
//     to the encrypted profile), until the server has verified and filed it;
//  3. secret: the secret-chat path of the same file (core/secret sealFileForUpload: sealed into
//     a temporary ciphertext, then that uploaded as in 2).
// For each upload: wall seconds, throughput and its ratio to raw (goal >= 0.5), the server's
// CPU seconds (utime + stime of /proc/<pid>/stat) per GiB, and this process's RSS sampled every
// 50 ms during the transfer (it must stay flat: one part in memory, whatever the file's size).
// The last line is `BENCH {json}`.
// Usage: bench_media_upload [--size-mib 1024] [--part-mib 8] [--no-secret] [--dir PATH]
//                           [--server-bin PATH] [--parallel-parts 1 (a single upload)]
// (part size and lanes default to the app's, core::UploadSettings).
// Besides raw, it measures the ceilings any durable, checksummed upload has and raw has not: the
// same bytes through the socket written to the server's disk with one fdatasync ("raw + disk"),
// and SHA-256 speed through OpenSSL and libsodium.
// Figures: RESULTS.md. Measured 2026-12-04 at 1 GiB on the loaded 2-core machine (load 11-16):
// raw 0.4-0.5 s, raw + disk 9.9-10.3 s, client upload (8 MiB parts, one lane) 19.9-22.8 s:
// ratio to raw 0.02 (goal 0.5 not met; out of reach on this disk), to raw + disk 0.43-0.52;
// server CPU 2.4-2.9 s/GiB, client CPU 4.9-5.5 s/GiB, client RSS flat (+25 MiB).
#include "core/media/upload_manager.h"
#include "core/secret/secret_attachment_file.h"
#include "crypto/sha256_stream.h"
#include "storage/profile_store.h"
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
#include <cstdio>
#include <fcntl.h>
#include <netinet/in.h>
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
//! sink has read (and made durable) the last byte.
double rawSocketSeconds(const QString &path, qint64 size, const QString &sinkPath = {}) {
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
    std::thread sink([listener, sinkFd, &received] {
        const int peer = ::accept(listener, nullptr, nullptr);
        std::vector<char> buffer(static_cast<size_t>(kRawChunkBytes), 0);
        while (peer >= 0) {
            const ssize_t n = ::read(peer, buffer.data(), buffer.size());
            if (n <= 0)
                break;
            if (sinkFd >= 0 && ::write(sinkFd, buffer.data(), size_t(n)) != n)
                qFatal("raw sink: write failed");
            received += n;
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

//! One upload of `path` by UploadManager over an encrypted profile in `profileDir`, until Done.
UploadRun uploadWithClient(const QString &profileDir, const QUrl &server, const QString &token,
                           qint64 serverPid, const QString &path,
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
            manager->addUpload(path, QStringLiteral("application/octet-stream"));
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
    parser.addOptions({sizeOption, partOption, noSecret, dirOption, serverBin, parallelOption});
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
    say(QStringLiteral("file: %1 MiB, parts of %2 MiB").arg(size / kMiB).arg(partBytes / kMiB));

    const double rawS = rawSocketSeconds(source, size);
    say(QStringLiteral("raw socket: %1 s (%2 MiB/s)")
            .arg(rawS, 0, 'f', 2)
            .arg(double(size) / kMiB / rawS, 0, 'f', 0));
    // The same bytes written to a file on the server's disk (its data dir's), fdatasynced once.
    const double rawDiskS =
        rawSocketSeconds(source, size, server.dataDir() + QStringLiteral("/raw-sink.bin"));
    say(QStringLiteral("raw socket + disk write (one fdatasync at the end): %1 s (%2 MiB/s)")
            .arg(rawDiskS, 0, 'f', 2)
            .arg(double(size) / kMiB / rawDiskS, 0, 'f', 0));
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
                       {"rawS", rawS},
                       {"rawMiBps", double(size) / kMiB / rawS},
                       {"rawDiskS", rawDiskS},
                       {"rawDiskMiBps", double(size) / kMiB / rawDiskS},
                       {"sha256OpensslMBps", opensslMBps},
                       {"sha256SodiumMBps", sodiumMBps}};

    RssSampler plainRss;
    const UploadRun plain =
        uploadWithClient(dir + QStringLiteral("/profile-plain"), server.httpUrl(), client.token(),
                         server.pid(), source, uploadSettings, plainRss);
    result.insert(QStringLiteral("upload"), report(QStringLiteral("client upload"), plain, 0, size,
                                                   rawS, rawDiskS, plainRss));

    if (!parser.isSet(noSecret)) {
        QElapsedTimer sealWall;
        sealWall.start();
        QString error;
        const auto sealed = core::secret::sealFileForUpload(
            source, core::secret::secretUploadDir(dir + QStringLiteral("/profile-secret")), &error);
        if (!sealed)
            qFatal("seal failed: %s", qPrintable(error));
        const double sealS = double(sealWall.nsecsElapsed()) / 1e9;
        say(QStringLiteral("seal: %1 s").arg(sealS, 0, 'f', 2));
        RssSampler secretRss;
        const UploadRun secret = uploadWithClient(dir + QStringLiteral("/profile-secret"),
                                                  server.httpUrl(), client.token(), server.pid(),
                                                  sealed->tempPath, uploadSettings, secretRss);
        QJsonObject secretJson = report(QStringLiteral("secret (seal + upload)"), secret, sealS,
                                        size, rawS, rawDiskS, secretRss);
        secretJson.insert(QStringLiteral("sealS"), sealS);
        secretJson.insert(QStringLiteral("costOverPlain"), (secret.wallS + sealS) / plain.wallS);
        say(QStringLiteral("secret / plain wall: %1")
                .arg((secret.wallS + sealS) / plain.wallS, 0, 'f', 2));
        result.insert(QStringLiteral("secret"), secretJson);
        QFile::remove(sealed->tempPath);
    }
    server.stop();
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
    return 0;
}
