// Files in secret chats end to end through msgr-cli and the real msgr-server (issue 9 item 3,
// docs/protocol.md §12.8): Alice sends Bob a photo while Bob's client is not running; Bob's
// next run names it (receive) and downloads it to the identical bytes. The server's database,
// upload folder and log hold none of the plaintext (a distinctive marker all through a
// sizeable file); a ciphertext tampered with on the server is refused and nothing of it is
// kept; the sender's temporary ciphertext is gone once the message left. Files travel as
// §12.8 kind 7, without the plaintext's hash (tst_secret_writes shows the receiver's row has
// none; tst_secret_file_payload pins the bytes): a refused tamper here is secretstream's own
// check. A voice message (§12.8, kind 8) arrives as one, with the duration and waveform it was
// sent with, and its audio decrypts to the identical bytes. A send killed in the middle of its seal
// and upload (SIGKILL) resumes on the next run: the file arrives whole and once, and the server
// stored each ciphertext byte about once (its upload byte counter).
#include "cli/exit_codes.h"
#include "tests/cli/cli_runner.h"
#include "tests/support/await.h"
#include "tests/support/server_process.h"

#include <QBuffer>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace msgr;
using namespace msgr::test;
using L = QLatin1StringView;

namespace {

QString writeSecretFile(const QString &path, const QByteArray &secret) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return {};
    file.write(secret + '\n');
    return path;
}

QStringList filesUnder(const QString &dir) {
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(it.next());
    return out;
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

//! A real JPEG (so it is sent as a photo, with a thumbnail) followed by `tail`: decoders stop
//! at the image's end, the marker travels with the file.
QByteArray photoWith(const QByteArray &tail) {
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(QColor(200, 30, 90));
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG");
    return jpeg + tail;
}

//! The length of the ciphertext of `plainSize` bytes (§12.8: 17 bytes per 64 KiB chunk).
qint64 sealedSize(qint64 plainSize) {
    const qint64 chunks = plainSize == 0 ? 1 : (plainSize + 65535) / 65536;
    return plainSize + 17 * chunks;
}

//! `bytes` pseudo-random bytes (xorshift): incompressible, cheap to make.
QByteArray noiseOf(qint64 bytes) {
    QByteArray out(bytes, Qt::Uninitialized);
    quint64 x = 0x2545f4914f6cdd1dULL;
    auto *words = reinterpret_cast<quint64 *>(out.data());
    for (qint64 i = 0; i < bytes / 8; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        words[i] = x;
    }
    return out;
}

} // namespace

class TstCliSecretFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aPhotoReachesBobWhileHeWasOfflineByteForByte();
    void aTamperedCiphertextIsRefusedAndNothingKept();
    void aVoiceMessageArrivesWithItsDurationAndWaveform();
    void aSendKilledMidwayResumesAndArrivesOnce();
    void noPlaintextInTheServersFiles(); // last: it stops the server

private:
    //! Alice sends `path` to the secret chat (with `extra` options); exit code and JSON lines
    //! checked.
    void sendFile(const QString &path, const QStringList &extra = {});
    //! Bob's next run: the one message with a file; its attachment object.
    QJsonObject receiveFile();
    //! Bob's `download` of the file to `saved`.
    CliResult downloadAsBob(const QString &fileId, const QString &saved);
    //! The server's count of upload bytes made durable (/metrics), -1 when unreadable.
    qint64 uploadBytesStored();

    ServerProcess m_server;
    QTemporaryDir m_dir;
    std::optional<CliRunner> m_alice, m_bob;
    qint64 m_aliceId = 0;
    qint64 m_aliceChat = 0;
    QByteArray m_marker;
};

void TstCliSecretFiles::initTestCase() {
    QVERIFY2(QFileInfo(CliRunner::binaryPath()).isExecutable(), "MSGR_CLI_BIN is not set");
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
    const QString alicePhrase =
        writeSecretFile(m_dir.filePath(QStringLiteral("alice.phrase")), "alice's passphrase");
    const QString bobPhrase =
        writeSecretFile(m_dir.filePath(QStringLiteral("bob.phrase")), "bob's passphrase");
    m_alice.emplace(m_dir.filePath(QStringLiteral("alice")), m_server.wsUrl(), alicePhrase);
    m_bob.emplace(m_dir.filePath(QStringLiteral("bob")), m_server.wsUrl(), bobPhrase);
    const CliResult a = m_alice->run({QStringLiteral("--json"), QStringLiteral("signup"),
                                      QStringLiteral("alice"), QStringLiteral("Alice")},
                                     "alice's account password\n");
    QCOMPARE(a.exitCode, int(cli::Ok));
    m_aliceId = a.jsonLines().value(0)[L("userId")].toInteger();
    const CliResult b = m_bob->run({QStringLiteral("--json"), QStringLiteral("signup"),
                                    QStringLiteral("bob"), QStringLiteral("Bob")},
                                   "bob's account password\n");
    QCOMPARE(b.exitCode, int(cli::Ok));
    // Bob's client publishes his keys once, then is not running.
    QCOMPARE(
        m_bob->run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")})
            .exitCode,
        int(cli::Ok));
    const CliResult started = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("secret-start"), QStringLiteral("@bob")});
    QVERIFY2(started.exitCode == int(cli::Ok), started.err.constData());
    m_aliceChat = started.jsonLines().value(0)[L("chatId")].toInteger();
    QVERIFY(m_aliceChat < 0);
    m_marker = QByteArrayLiteral("=MSGR-SECRET-PHOTO-MARKER-7f3a9c=");
}

void TstCliSecretFiles::sendFile(const QString &path, const QStringList &extra) {
    const CliResult sent =
        m_alice->run(QStringList{QStringLiteral("--json"), QStringLiteral("secret-send-file")} +
                     extra + QStringList{QStringLiteral("--"), QString::number(m_aliceChat), path});
    QVERIFY2(sent.exitCode == int(cli::Ok), sent.err.constData());
    const QList<QJsonObject> lines = sent.jsonLines();
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.last()[L("chatId")].toInteger(), m_aliceChat);
    // The temporary ciphertext is gone once the message left (deleted off the GUI thread,
    // before the relay's answer came back).
    QCOMPARE(filesUnder(m_alice->profileDir() + QStringLiteral("/secret-uploads")), QStringList());
}

CliResult TstCliSecretFiles::downloadAsBob(const QString &fileId, const QString &saved) {
    return m_bob->run({QStringLiteral("--json"), QStringLiteral("download"), fileId, saved});
}

QJsonObject TstCliSecretFiles::receiveFile() {
    const CliResult r =
        m_bob->run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")});
    if (r.exitCode != int(cli::Ok))
        return {};
    for (const QJsonObject &m : r.jsonLines())
        if (m[L("secret")].toBool() && m[L("senderId")].toInteger() == m_aliceId &&
            !m[L("attachments")].toArray().isEmpty())
            return m[L("attachments")].toArray().first().toObject();
    qWarning() << "no file received:" << r.out;
    return {};
}

void TstCliSecretFiles::aPhotoReachesBobWhileHeWasOfflineByteForByte() {
    QByteArray tail;
    while (tail.size() < 400'000)
        tail += m_marker + QByteArray::number(tail.size());
    const QByteArray photo = photoWith(tail);
    const QString path = m_dir.filePath(QStringLiteral("holiday.jpg"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(photo) == photo.size());
    file.close();
    sendFile(path);

    const QJsonObject attachment = receiveFile();
    QCOMPARE(attachment[L("name")].toString(), QStringLiteral("holiday.jpg"));
    QCOMPARE(attachment[L("mime")].toString(), QStringLiteral("image/jpeg"));
    QCOMPARE(attachment[L("size")].toInteger(), qint64(photo.size()));
    const QString fileId = attachment[L("fileId")].toString();
    QCOMPARE(fileId.size(), 32);

    const QString saved = m_dir.filePath(QStringLiteral("bob-holiday.jpg"));
    const CliResult download = downloadAsBob(fileId, saved);
    QVERIFY2(download.exitCode == int(cli::Ok), download.err.constData());
    QCOMPARE(readAll(saved), photo);
    // The cache keeps it sealed (never the plaintext).
    for (const QString &cached : filesUnder(m_bob->profileDir() + QStringLiteral("/media-cache")))
        QVERIFY(!readAll(cached).contains(m_marker));
}

void TstCliSecretFiles::aTamperedCiphertextIsRefusedAndNothingKept() {
    QByteArray body;
    while (body.size() < 200'000)
        body += QByteArrayLiteral("tamper test line ") + QByteArray::number(body.size()) + '\n';
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(body) == body.size());
    file.close();
    sendFile(path);
    const QJsonObject attachment = receiveFile();
    const QString fileId = attachment[L("fileId")].toString();
    QCOMPARE(fileId.size(), 32);

    // Someone with the server's disk flips one bit of the stored ciphertext (every file of its
    // length: the stored blob, and any copy the upload left).
    int tampered = 0;
    for (const QString &candidate : filesUnder(m_server.dataDir())) {
        if (QFileInfo(candidate).size() != sealedSize(body.size()))
            continue;
        QFile stored(candidate);
        QVERIFY(stored.open(QIODevice::ReadWrite));
        QVERIFY(stored.seek(100'000));
        char byte = 0;
        QVERIFY(stored.getChar(&byte));
        QVERIFY(stored.seek(100'000));
        QVERIFY(stored.putChar(char(byte ^ 0x01)));
        ++tampered;
    }
    QVERIFY2(tampered > 0, "the ciphertext is not in the server's folder");

    const QStringList cacheBefore =
        filesUnder(m_bob->profileDir() + QStringLiteral("/media-cache"));
    const QString saved = m_dir.filePath(QStringLiteral("bob-notes.txt"));
    const CliResult download = downloadAsBob(fileId, saved);
    QCOMPARE(download.exitCode, int(cli::Refused));
    QVERIFY2(download.err.contains("tampered"), download.err.constData());
    QVERIFY(!QFile::exists(saved));
    QCOMPARE(filesUnder(m_bob->profileDir() + QStringLiteral("/media-cache")), cacheBefore);
}

qint64 TstCliSecretFiles::uploadBytesStored() {
    QNetworkAccessManager network;
    QUrl url = m_server.httpUrl();
    url.setPath(QStringLiteral("/metrics"));
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    test::awaitDone([&reply](QObject *context, auto done) {
        QObject::connect(reply.get(), &QNetworkReply::finished, context, done);
    });
    const QRegularExpression line(QStringLiteral("^msgr_upload_bytes_total (\\d+)$"),
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(reply->readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

void TstCliSecretFiles::aSendKilledMidwayResumesAndArrivesOnce() {
    // Large enough to be under way for a while (16 parts), and sealed meanwhile: progress is
    // reported every 250 ms, and 32 MiB could be sealed and sent before the first report once
    // the seal lost its plaintext hash (kinds 7/8).
    const QByteArray big = noiseOf(qint64(128) << 20);
    const QString bigPath = m_dir.filePath(QStringLiteral("killed.bin"));
    QFile file(bigPath);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(big) == big.size());
    file.close();
    const qint64 storedBefore = uploadBytesStored();
    QVERIFY(storedBefore >= 0);

    std::unique_ptr<QProcess> sending =
        m_alice->startRunning({QStringLiteral("--json"), QStringLiteral("secret-send-file"),
                               QStringLiteral("--"), QString::number(m_aliceChat), bigPath});
    // The first progress line that shows the upload under way: the ciphertext's real length
    // from the start, some of it sent, not all.
    qint64 doneAtKill = 0;
    while (doneAtKill == 0) {
        const QByteArray line = CliRunner::awaitLine(*sending);
        QVERIFY2(!line.isEmpty(), "secret-send-file ended before its upload was under way");
        const QJsonObject progress = QJsonDocument::fromJson(line).object();
        if (!progress.contains(L("bytesDone")))
            continue;
        QCOMPARE(progress[L("bytesTotal")].toInteger(), sealedSize(big.size()));
        const qint64 done = progress[L("bytesDone")].toInteger();
        QVERIFY2(done < sealedSize(big.size()), "the upload finished before it could be killed");
        doneAtKill = done;
    }
    sending->kill(); // SIGKILL: no chance to tidy up
    QVERIFY(sending->waitForFinished());
    // The ciphertext waits in the profile, the owner's alone.
    const QStringList temporary =
        filesUnder(m_alice->profileDir() + QStringLiteral("/secret-uploads"));
    QCOMPARE(temporary.size(), 1);
    QCOMPARE(QFileInfo(temporary.first()).permissions() & 0x0077, QFileDevice::Permissions());

    // The next run sends another file and resumes the killed one (its seal and its upload).
    const QString smallPath = m_dir.filePath(QStringLiteral("after.txt"));
    QFile small(smallPath);
    QVERIFY(small.open(QIODevice::WriteOnly) && small.write("sent after the kill\n") > 0);
    small.close();
    // Its wait may be long on a loaded machine (the server lets go of the killed run's requests
    // first): awaited on the process's exit, not a line at a time.
    std::unique_ptr<QProcess> resuming =
        m_alice->startRunning({QStringLiteral("--json"), QStringLiteral("--timeout"),
                               QStringLiteral("120"), QStringLiteral("secret-send-file"),
                               QStringLiteral("--"), QString::number(m_aliceChat), smallPath});
    QSignalSpy exited(resuming.get(), &QProcess::finished);
    QVERIFY(exited.wait(180'000));
    const QByteArray resumingErr = resuming->readAllStandardError();
    QVERIFY2(resuming->exitCode() == int(cli::Ok), resumingErr.constData());
    int resumed = 0;
    for (const QByteArray &line : resuming->readAllStandardOutput().split('\n'))
        resumed += QJsonDocument::fromJson(line).object()[L("resumed")].toBool() ? 1 : 0;
    QCOMPARE(resumed, 1);
    QCOMPARE(filesUnder(m_alice->profileDir() + QStringLiteral("/secret-uploads")), QStringList());

    // Each ciphertext byte reached the server's disk about once: both files, plus at most the
    // parts the kill cut off (never stored: a part is kept whole or not at all).
    const qint64 stored = uploadBytesStored() - storedBefore;
    const qint64 expected = sealedSize(big.size()) + sealedSize(small.size());
    QVERIFY2(stored >= expected && stored <= expected + (qint64(4) << 20),
             qPrintable(QStringLiteral("stored %1 bytes for %2").arg(stored).arg(expected)));

    // Bob gets the killed file once, whole.
    const CliResult r =
        m_bob->run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")});
    QCOMPARE(r.exitCode, int(cli::Ok));
    QStringList fileIds;
    for (const QJsonObject &m : r.jsonLines())
        for (const auto &a : m[L("attachments")].toArray())
            if (a.toObject()[L("name")].toString() == QStringLiteral("killed.bin"))
                fileIds.append(a.toObject()[L("fileId")].toString());
    QCOMPARE(fileIds.size(), 1);
    const QString saved = m_dir.filePath(QStringLiteral("bob-killed.bin"));
    const CliResult download = downloadAsBob(fileIds.first(), saved);
    QVERIFY2(download.exitCode == int(cli::Ok), download.err.constData());
    QVERIFY(readAll(saved) == big);
}

void TstCliSecretFiles::noPlaintextInTheServersFiles() {
    m_server.stop();
    QStringList files = filesUnder(m_server.dataDir());
    QVERIFY(!files.isEmpty());
    for (const QString &path : std::as_const(files))
        QVERIFY2(!readAll(path).contains(m_marker), qPrintable(path));
    QVERIFY(!m_server.stderrLog().toUtf8().contains(m_marker));
    QVERIFY(!m_server.stderrLog().contains(QStringLiteral("holiday")));
}

void TstCliSecretFiles::aVoiceMessageArrivesWithItsDurationAndWaveform() {
    // An Ogg-looking recording: what matters is that its bytes come back identical.
    QByteArray recording = QByteArrayLiteral("OggS");
    quint32 x = 4242;
    while (recording.size() < 150'000) {
        x = x * 1664525u + 1013904223u;
        recording.append(char(x >> 24));
    }
    const QString path = m_dir.filePath(QStringLiteral("voice.ogg"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(recording) == recording.size());
    file.close();
    QByteArray levels;
    for (int i = 0; i < 100; ++i)
        levels.append(char((i * 53) % 256));
    const QString waveform = QString::fromLatin1(levels.toHex());
    sendFile(path, {QStringLiteral("--voice-ms"), QStringLiteral("2345"),
                    QStringLiteral("--waveform"), waveform});

    const QJsonObject attachment = receiveFile();
    QCOMPARE(attachment[L("kind")].toString(), QStringLiteral("voice"));
    QCOMPARE(attachment[L("durationMs")].toInteger(), qint64{2345});
    QCOMPARE(attachment[L("waveform")].toString(), waveform);
    QCOMPARE(attachment[L("size")].toInteger(), qint64(recording.size()));
    const QString saved = m_dir.filePath(QStringLiteral("bob-voice.ogg"));
    const CliResult download = downloadAsBob(attachment[L("fileId")].toString(), saved);
    QVERIFY2(download.exitCode == int(cli::Ok), download.err.constData());
    QCOMPARE(readAll(saved), recording);
    // An out-of-bounds option is refused before anything is sent.
    const CliResult bad = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("secret-send-file"), QStringLiteral("--voice-ms"),
         QStringLiteral("86400001"), QStringLiteral("--"), QString::number(m_aliceChat), path});
    QCOMPARE(bad.exitCode, int(cli::Usage));
}

QTEST_MAIN(TstCliSecretFiles) // QImage writes the test's JPEG
#include "tst_cli_secret_files.moc"
