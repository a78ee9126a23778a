// Voice and video messages (issue 8 deliverable 6), against the REAL msgr-server: Alice holds
// the record button (VoiceRecorder, from a private pulseaudio's null source) and the voice
// message reaches Bob with kind voice, a duration and the documented 100-level waveform; Bob
// plays it from his encrypted cache through the decrypting device until its end. Neither
// profile holds a plaintext copy of the recording afterwards (no "OggS" in any file); the chat
// list says "Voice message". A small
// generated video goes the same way and plays, with a seek, from Bob's cache. The decrypting
// device itself reads the right bytes after seeks back and forth across chunks and refuses a
// damaged file. A video arrives with the first frame and the length its sender's device read
// (the receiver shows a picture before anything is downloaded).
#include "client_app.h"
#include "client_media.h"
#include "core/chats/chat_list_model.h"
#include "core/media/decrypting_media_device.h"
#include "core/media/media_cache.h"
#include "core/media/voice_waveform.h"
#include "core/messages/media_playback.h"
#include "core/messages/message_list_model.h"
#include "core/messages/thumbnail_images.h"
#include "core/messages/voice_recorder.h"
#include "core_test_helpers.h"
#include "protocol/limits.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QAudioOutput>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QMediaPlayer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using msgr::core::MessageListModel;
using msgr::test::awaitCondition;

namespace {

const QString kPassword = QStringLiteral("password123");

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_voice_video")) {}
};

QVariant roleAt(const MessageListModel &model, int row, MessageListModel::Role role) {
    return model.data(model.index(row), role);
}

int rowOfKind(const MessageListModel &model, const QString &kind) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (roleAt(model, row, MessageListModel::AttachmentKindRole).toString() == kind)
            return row;
    return -1;
}

//! Files under `dir` holding `needle` (a plaintext copy of a recording or video).
QStringList filesContaining(const QString &dir, const QByteArray &needle) {
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            found.append(file.fileName());
    }
    return found;
}

//! Plays the attachment of `row` with a MediaPlayback and a player of its own.
struct Playing {
    Playing(core::CoreContext *context, const MessageListModel &model, int row) {
        player.setAudioOutput(&output);
        playback.setContext(context);
        playback.setPlayer(&player);
        playback.load(roleAt(model, row, MessageListModel::FileIdRole).toString(),
                      roleAt(model, row, MessageListModel::AttachmentNameRole).toString(),
                      roleAt(model, row, MessageListModel::AttachmentSizeRole).toDouble());
    }
    QMediaPlayer player;
    QAudioOutput output;
    core::MediaPlayback playback;
};

} // namespace

class TstVoiceVideo : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void decryptingDeviceSeeksAcrossChunks();
    void decryptingDeviceRefusesADamagedFile();
    void waveformIsOneBytePerLevel();
    void voiceMessageArrivesAndPlays();
    void videoPlaysAndSeeksFromTheCache();
    void videoArrivesWithItsFirstFrameAndLength();

private:
    //! Alice and Bob in one chat, both with their media parts.
    struct Pair {
        QTemporaryDir dirA, dirB;
        std::unique_ptr<ClientApp> alice, bob;
        std::unique_ptr<test::ClientMedia> mediaA, mediaB;
        std::unique_ptr<MessageListModel> modelA, modelB;
    };
    std::unique_ptr<Pair> makePair(const QString &prefix);

    std::unique_ptr<ServerProcess> m_server;
    QTemporaryDir m_pulseDir;
    QProcess m_pulse;
};

void TstVoiceVideo::initTestCase() {
    qRegisterMetaType<storage::ChangeSet>();
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    // A private sound server: a silent microphone (null source) and a null speaker, away from
    // any real one (its own runtime folder and socket).
    const QString pulse = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
    if (pulse.isEmpty())
        return;
    const QString socket = QDir(m_pulseDir.path()).filePath(QStringLiteral("pulse.sock"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_pulseDir.path());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_pulseDir.path());
    m_pulse.setProcessEnvironment(env);
    m_pulse.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_pulse.start(pulse, {QStringLiteral("--daemonize=no"), QStringLiteral("--exit-idle-time=-1"),
                          QStringLiteral("-n"), QStringLiteral("--load=module-null-source"),
                          QStringLiteral("--load=module-null-sink"),
                          QStringLiteral("--load=module-native-protocol-unix socket=") + socket});
    QVERIFY(m_pulse.waitForStarted());
    // No signal tells when the socket listens: its file appears then.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), 20'000);
    qputenv("PULSE_SERVER", ("unix:" + socket).toUtf8());
    qputenv("XDG_RUNTIME_DIR", m_pulseDir.path().toUtf8());
}

void TstVoiceVideo::cleanupTestCase() {
    if (m_pulse.state() != QProcess::NotRunning) {
        m_pulse.terminate();
        m_pulse.waitForFinished();
    }
}

std::unique_ptr<TstVoiceVideo::Pair> TstVoiceVideo::makePair(const QString &prefix) {
    auto p = std::make_unique<Pair>();
    p->bob = std::make_unique<ClientApp>(p->dirB.path(), m_server->wsUrl());
    p->bob->start();
    p->bob->engine->signUp(prefix + QStringLiteral("_bob"), kPassword, QStringLiteral("Bob"));
    awaitCondition([&] { return p->bob->userId > 0 && p->bob->syncs > 0; }, "bob signed up");
    p->alice = std::make_unique<ClientApp>(p->dirA.path(), m_server->wsUrl());
    const qint64 chat =
        p->alice->signUpAndOpenChat(prefix + QStringLiteral("_alice"), kPassword, p->bob->userId);
    if (chat <= 0)
        return nullptr;
    p->mediaA = std::make_unique<test::ClientMedia>(*p->alice, p->dirA.path(), m_server->wsUrl());
    p->mediaB = std::make_unique<test::ClientMedia>(*p->bob, p->dirB.path(), m_server->wsUrl());
    p->modelA = std::make_unique<MessageListModel>(p->alice->context.get());
    p->modelA->setChatId(chat);
    p->bob->engine->openPrivateChat(p->alice->userId);
    awaitCondition([&] { return p->bob->openedChat > 0; }, "bob's chat");
    p->modelB = std::make_unique<MessageListModel>(p->bob->context.get());
    p->modelB->setChatId(p->bob->openedChat);
    return p;
}

void TstVoiceVideo::decryptingDeviceSeeksAcrossChunks() {
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("cached"));
    // Past 20 chunks, so a seek back crosses a checkpoint, and not a whole number of chunks.
    const QByteArray plain = test::distinctBytes(21 * core::kCacheChunkBytes + 1234, 777);
    const crypto::SecureBytes key = crypto::newFileStreamKey();
    core::CacheError error{};
    auto writer = core::CacheWriter::create(path, key, &error);
    QVERIFY(writer);
    QVERIFY(writer->append(plain));
    QVERIFY(writer->finish());

    core::DecryptingMediaDevice device;
    QSignalSpy opened(&device, &core::DecryptingMediaDevice::opened);
    device.openCacheFile(path, crypto::SecureBytes::copyOf(key.view()));
    QVERIFY(opened.wait());
    QCOMPARE(device.size(), plain.size());
    QVERIFY(!device.isSequential());
    QElapsedTimer waited; // how long read() holds its caller after a seek: a figure, not a test
    qint64 longestNs = 0;
    for (const qint64 at : {qint64(0), qint64(19 * core::kCacheChunkBytes + 5),
                            qint64(3 * core::kCacheChunkBytes - 10), qint64(plain.size() - 100),
                            qint64(17), qint64(20 * core::kCacheChunkBytes)}) {
        QVERIFY(device.seek(at));
        QByteArray read;
        waited.start();
        read.append(device.read(1));
        longestNs = qMax(longestNs, waited.nsecsElapsed());
        while (read.size() < 5000 && !device.atEnd())
            read.append(device.read(5000 - read.size()));
        QCOMPARE(read, plain.mid(at, 5000));
    }
    qInfo() << "longest first read after a seek:" << longestNs / 1000 << "us";
    QVERIFY(device.seek(plain.size()));
    QVERIFY(device.atEnd());
}

void TstVoiceVideo::decryptingDeviceRefusesADamagedFile() {
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("cached"));
    const QByteArray plain = test::distinctBytes(3 * core::kCacheChunkBytes, 777);
    const crypto::SecureBytes key = crypto::newFileStreamKey();
    core::CacheError error{};
    auto writer = core::CacheWriter::create(path, key, &error);
    QVERIFY(writer && writer->append(plain) && writer->finish());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(crypto::kFileStreamHeaderBytes + core::kCacheChunkBytes + 100));
    QVERIFY(file.write("x", 1) == 1);
    file.close();

    core::DecryptingMediaDevice device;
    QSignalSpy opened(&device, &core::DecryptingMediaDevice::opened);
    device.openCacheFile(path, crypto::SecureBytes::copyOf(key.view()));
    QVERIFY(opened.wait());
    QVERIFY(device.seek(core::kCacheChunkBytes + 10));
    char byte = 0;
    QCOMPARE(device.read(&byte, 1), qint64(-1)); // never bytes from a forged chunk
}

void TstVoiceVideo::waveformIsOneBytePerLevel() {
    QList<int> levels;
    for (int i = 0; i < core::kVoiceWaveformLevels; ++i)
        levels.append(i * 2);
    const QByteArray packed = core::packWaveform(levels);
    QCOMPARE(packed.size(), core::kVoiceWaveformLevels);
    QCOMPARE(core::unpackWaveform(packed), levels);
    QCOMPARE(core::packWaveform({-5, 300}), QByteArray("\x00\xff", 2)); // clamped
    // From the network: never more than the protocol's cap.
    QCOMPARE(core::unpackWaveform(QByteArray(1000, '\x07')).size(), protocol::kMaxWaveformBytes);
    const QList<int> fromPeaks = core::levelsFromPeaks({0.1F, 0.5F, 0.25F});
    QCOMPARE(fromPeaks.size(), core::kVoiceWaveformLevels);
    QCOMPARE(*std::max_element(fromPeaks.cbegin(), fromPeaks.cend()), core::kVoiceWaveformMax);
}

void TstVoiceVideo::voiceMessageArrivesAndPlays() {
    if (m_pulse.state() != QProcess::Running)
        QSKIP("pulseaudio is not installed (scripts/install-deps.sh)");
    qInfo() << "recording as" << core::VoiceRecorder::chosenFormatName();
    auto pair = makePair(QStringLiteral("vv1"));
    QVERIFY(pair);
    core::VoiceRecorder recorder;
    recorder.setMessages(pair->modelA.get());
    QSignalSpy sent(&recorder, &core::VoiceRecorder::sent);
    recorder.start();
    awaitCondition([&] { return recorder.recording(); }, "recording");
    awaitCondition([&] { return recorder.duration() >= 2 * core::kMinVoiceMs; }, "a recording");
    recorder.finish();
    QVERIFY(sent.wait(20'000));
    QVERIFY(recorder.error().isEmpty());

    // At once as pending, then sent once uploaded.
    awaitCondition([&] { return rowOfKind(*pair->modelA, QStringLiteral("voice")) >= 0; },
                   "the pending voice message");
    const int rowA = rowOfKind(*pair->modelA, QStringLiteral("voice"));
    const qint64 localId = roleAt(*pair->modelA, rowA, MessageListModel::LocalIdRole).toLongLong();
    awaitCondition([&] { return pair->alice->sent.contains(localId); }, "the voice message sent");

    // Bob gets it with its duration and waveform.
    awaitCondition([&] { return rowOfKind(*pair->modelB, QStringLiteral("voice")) >= 0; },
                   "bob sees the voice message");
    const int rowB = rowOfKind(*pair->modelB, QStringLiteral("voice"));
    QVERIFY(roleAt(*pair->modelB, rowB, MessageListModel::AttachmentDurationRole).toDouble() >=
            double(core::kMinVoiceMs));
    QCOMPARE(roleAt(*pair->modelB, rowB, MessageListModel::WaveformRole).toList().size(),
             core::kVoiceWaveformLevels);
    // The chat list names it, as it has no text.
    core::ChatListModel chats(pair->bob->context.get());
    chats.load();
    awaitCondition([&] { return chats.rowCount() > 0; }, "bob's chat list");
    QCOMPARE(chats.data(chats.index(0), core::ChatListModel::LastTextRole).toString(),
             QStringLiteral("Voice message"));

    // Bob plays it to its end.
    Playing playing(pair->bob->context.get(), *pair->modelB, rowB);
    QSignalSpy status(&playing.player, &QMediaPlayer::mediaStatusChanged);
    qint64 furthest = 0;
    connect(&playing.player, &QMediaPlayer::positionChanged, this,
            [&furthest](qint64 at) { furthest = qMax(furthest, at); });
    awaitCondition([&] { return playing.player.mediaStatus() == QMediaPlayer::EndOfMedia; },
                   "the voice message played to its end");
    QVERIFY(furthest > 0);

    // The recording's plaintext is gone from Alice's profile once uploaded; Bob never had one.
    const QString recordings =
        QDir(pair->dirA.path()).filePath(QLatin1String(core::kVoiceRecordingsFolder));
    awaitCondition([&] { return QDir(recordings).isEmpty(); }, "the recording deleted");
    QCOMPARE(filesContaining(pair->dirA.path(), "OggS"), QStringList());
    QCOMPARE(filesContaining(pair->dirB.path(), "OggS"), QStringList());
}

void TstVoiceVideo::videoPlaysAndSeeksFromTheCache() {
    if (m_pulse.state() != QProcess::Running)
        QSKIP("pulseaudio is not installed (scripts/install-deps.sh)");
    const QString gst = QStandardPaths::findExecutable(QStringLiteral("gst-launch-1.0"));
    if (gst.isEmpty())
        QSKIP("gst-launch-1.0 is not installed (scripts/install-deps.sh)");
    QTemporaryDir files;
    const QString video = QDir(files.path()).filePath(QStringLiteral("clip.ogv"));
    // Three seconds of noise pictures: several cache chunks (about 300 KB).
    QCOMPARE(
        QProcess::execute(gst, {QStringLiteral("-q"), QStringLiteral("videotestsrc"),
                                QStringLiteral("pattern=snow"), QStringLiteral("num-buffers=30"),
                                QStringLiteral("!"),
                                QStringLiteral("video/x-raw,width=160,height=120,framerate=10/1"),
                                QStringLiteral("!"), QStringLiteral("theoraenc"),
                                QStringLiteral("!"), QStringLiteral("oggmux"), QStringLiteral("!"),
                                QStringLiteral("filesink"), QStringLiteral("location=") + video}),
        0);
    QVERIFY(QFileInfo(video).size() > 2 * core::kCacheChunkBytes);

    auto pair = makePair(QStringLiteral("vv2"));
    QVERIFY(pair);
    pair->modelA->sendFiles(QString(), {QUrl::fromLocalFile(video)});
    awaitCondition([&] { return rowOfKind(*pair->modelB, QStringLiteral("video")) >= 0; },
                   "bob sees the video");
    const int rowB = rowOfKind(*pair->modelB, QStringLiteral("video"));
    core::ChatListModel chats(pair->bob->context.get());
    chats.load();
    awaitCondition([&] { return chats.rowCount() > 0; }, "bob's chat list");
    QCOMPARE(chats.data(chats.index(0), core::ChatListModel::LastTextRole).toString(),
             QStringLiteral("Video"));
    Playing playing(pair->bob->context.get(), *pair->modelB, rowB);
    awaitCondition(
        [&] {
            return playing.player.playbackState() == QMediaPlayer::PlayingState &&
                   playing.player.duration() > 0;
        },
        "the video playing");
    // Seek past the middle while paused: the back-end moves the decrypting device there.
    auto *device = playing.player.findChild<core::DecryptingMediaDevice *>();
    QVERIFY(device);
    playing.player.pause();
    awaitCondition([&] { return playing.player.playbackState() == QMediaPlayer::PausedState; },
                   "paused");
    const int seeksBefore = device->seekCount();
    const qint64 middle = playing.player.duration() * 2 / 3;
    playing.player.setPosition(middle);
    awaitCondition([&] { return device->seekCount() > seeksBefore; }, "the device moved");
    awaitCondition([&] { return playing.player.position() >= middle; }, "the seek");
    playing.player.play();
    awaitCondition([&] { return playing.player.mediaStatus() == QMediaPlayer::EndOfMedia; },
                   "the video played to its end");
    QCOMPARE(playing.playback.error(), QString());
    QCOMPARE(filesContaining(pair->dirB.path(), "OggS"), QStringList());
}

void TstVoiceVideo::videoArrivesWithItsFirstFrameAndLength() {
    const QString gst = QStandardPaths::findExecutable(QStringLiteral("gst-launch-1.0"));
    if (gst.isEmpty())
        QSKIP("gst-launch-1.0 is not installed (scripts/install-deps.sh)");
    QTemporaryDir files;
    const QString video = QDir(files.path()).filePath(QStringLiteral("red.ogv"));
    // Three seconds (30 frames at 10 per second) of a red picture, 160x120.
    QCOMPARE(
        QProcess::execute(gst, {QStringLiteral("-q"), QStringLiteral("videotestsrc"),
                                QStringLiteral("pattern=red"), QStringLiteral("num-buffers=30"),
                                QStringLiteral("!"),
                                QStringLiteral("video/x-raw,width=160,height=120,framerate=10/1"),
                                QStringLiteral("!"), QStringLiteral("theoraenc"),
                                QStringLiteral("!"), QStringLiteral("oggmux"), QStringLiteral("!"),
                                QStringLiteral("filesink"), QStringLiteral("location=") + video}),
        0);
    auto pair = makePair(QStringLiteral("vv3"));
    QVERIFY(pair);
    pair->modelA->sendFiles(QString(), {QUrl::fromLocalFile(video)});
    awaitCondition([&] { return rowOfKind(*pair->modelB, QStringLiteral("video")) >= 0; },
                   "bob sees the video");
    const int row = rowOfKind(*pair->modelB, QStringLiteral("video"));
    // Nothing of it is downloaded: what Bob sees came with the message.
    const QString fileId = roleAt(*pair->modelB, row, MessageListModel::FileIdRole).toString();
    QVERIFY(!fileId.isEmpty());
    QVERIFY(!pair->mediaB->service.download(fileId));
    QCOMPARE(roleAt(*pair->modelB, row, MessageListModel::AttachmentWidthRole).toInt(), 160);
    QCOMPARE(roleAt(*pair->modelB, row, MessageListModel::AttachmentHeightRole).toInt(), 120);
    const double durationMs =
        roleAt(*pair->modelB, row, MessageListModel::AttachmentDurationRole).toDouble();
    QVERIFY2(durationMs >= 2500 && durationMs <= 3500, qPrintable(QString::number(durationMs)));
    // The thumbnail is the first frame: red, as the image provider decodes it from memory.
    const QString url = roleAt(*pair->modelB, row, MessageListModel::ThumbnailRole).toString();
    const QString prefix = QStringLiteral("image://msgr-thumbnail/");
    QVERIFY2(url.startsWith(prefix), qPrintable(url));
    core::ThumbnailImageProvider provider;
    QSize size;
    const QImage frame = provider.requestImage(url.mid(prefix.size()), &size, {});
    QVERIFY(!frame.isNull());
    QCOMPARE(frame.width() * 120, frame.height() * 160); // the video's shape
    const QColor centre = frame.pixelColor(frame.width() / 2, frame.height() / 2);
    QVERIFY2(centre.red() > 200 && centre.green() < 60 && centre.blue() < 60,
             qPrintable(centre.name()));
}

QTEST_MAIN(TstVoiceVideo)
#include "tst_voice_video.moc"
