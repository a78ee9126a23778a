#include "core/messages/voice_recorder.h"

#include "core/context/core_context.h"
#include "core/media/media_service.h"
#include "core/media/voice_waveform.h"
#include "core/messages/message_list_model.h"
#include "crypto/sodium.h"

#include <QAudioDevice>
#include <QAudioInput>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMediaDevices>
#include <QMediaFormat>
#include <QThreadPool>
#include <QUrl>

namespace msgr::core {
namespace {

//! Opus in Ogg where the back-end encodes it, then Vorbis in Ogg, then WAV (always there).
QMediaFormat recordingFormat() {
    QMediaFormat ogg(QMediaFormat::Ogg);
    const QList<QMediaFormat::AudioCodec> codecs = ogg.supportedAudioCodecs(QMediaFormat::Encode);
    for (const auto codec : {QMediaFormat::AudioCodec::Opus, QMediaFormat::AudioCodec::Vorbis})
        if (codecs.contains(codec)) {
            ogg.setAudioCodec(codec);
            return ogg;
        }
    QMediaFormat wave(QMediaFormat::Wave);
    wave.setAudioCodec(QMediaFormat::AudioCodec::Wave);
    return wave;
}

void removeLater(const QString &path) {
    if (!path.isEmpty())
        QThreadPool::globalInstance()->start([path] { QFile::remove(path); });
}

} // namespace

bool isVoiceRecordingPath(const QString &path) {
    const QFileInfo info(path);
    return info.dir().dirName() == QLatin1String(kVoiceRecordingsFolder) &&
           info.fileName().startsWith(QLatin1String("voice-"));
}

VoiceRecorder::VoiceRecorder(QObject *parent) : QObject(parent) {}

VoiceRecorder::~VoiceRecorder() {
    if (m_recorder && m_recorder->recorderState() != QMediaRecorder::StoppedState) {
        m_send = false;
        m_recorder->stop();
        removeLater(m_recorder->actualLocation().toLocalFile());
    }
}

void VoiceRecorder::setMessages(MessageListModel *messages) {
    if (m_messages == messages)
        return;
    m_messages = messages;
    emit messagesChanged();
}

QString VoiceRecorder::chosenFormatName() {
    const QMediaFormat format = recordingFormat();
    return QMediaFormat::fileFormatName(format.fileFormat()) + QLatin1Char('/') +
           QMediaFormat::audioCodecName(format.audioCodec());
}

void VoiceRecorder::start(double replyToId) {
    if (m_recording || m_wanted || !m_messages || !m_messages->context() ||
        !m_messages->context()->media())
        return;
    if (QMediaDevices::audioInputs().isEmpty())
        return setError(tr("No microphone was found."));
    setError({});
    m_wanted = true;
    m_replyToId = replyToId;
    const QString folder = QFileInfo(m_messages->context()->media()->cacheDir())
                               .dir()
                               .filePath(QLatin1String(kVoiceRecordingsFolder));
    QPointer<VoiceRecorder> self(this);
    // Making the private folder is disk work: on the pool, then back here to record.
    QThreadPool::globalInstance()->start([self, folder] {
        const bool made =
            QDir().mkpath(folder) &&
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, folder, made] {
                if (!self)
                    return;
                if (!made) {
                    self->m_wanted = false;
                    return self->setError(tr("The recording could not be stored."));
                }
                if (self->m_wanted) // still held
                    self->begin(folder);
            },
            Qt::QueuedConnection);
    });
}

void VoiceRecorder::begin(const QString &folder) {
    m_session = std::make_unique<QMediaCaptureSession>();
    m_input = std::make_unique<QAudioInput>();
    m_recorder = std::make_unique<QMediaRecorder>();
    m_session->setAudioInput(m_input.get());
    m_session->setRecorder(m_recorder.get());
    const QMediaFormat format = recordingFormat();
    m_recorder->setMediaFormat(format);
    const QString extension =
        format.fileFormat() == QMediaFormat::Wave ? QStringLiteral(".wav") : QStringLiteral(".ogg");
    m_recorder->setOutputLocation(QUrl::fromLocalFile(QDir(folder).filePath(
        QStringLiteral("voice-%1%2").arg(crypto::randomNonZeroInt63(), 0, 16).arg(extension))));
    connect(m_recorder.get(), &QMediaRecorder::durationChanged, this, [this](qint64 ms) {
        m_duration = ms;
        emit durationChanged();
    });
    connect(m_recorder.get(), &QMediaRecorder::errorOccurred, this,
            [this](QMediaRecorder::Error, const QString &text) {
                m_send = false;
                setError(text);
            });
    connect(m_recorder.get(), &QMediaRecorder::recorderStateChanged, this,
            [this](QMediaRecorder::RecorderState state) {
                if (state == QMediaRecorder::StoppedState)
                    onStopped();
            });
    m_duration = 0;
    emit durationChanged();
    m_send = false;
    setRecording(true);
    m_recorder->record();
}

void VoiceRecorder::finish() {
    m_wanted = false;
    if (!m_recording || !m_recorder)
        return;
    m_send = m_duration >= kMinVoiceMs;
    m_recorder->stop(); // onStopped() follows
}

void VoiceRecorder::cancel() {
    m_wanted = false;
    if (!m_recording || !m_recorder)
        return;
    m_send = false;
    m_recorder->stop();
}

void VoiceRecorder::onStopped() {
    if (!m_recording)
        return;
    setRecording(false);
    const QString path = m_recorder->actualLocation().toLocalFile();
    const bool send = std::exchange(m_send, false);
    if (!send || path.isEmpty() || !m_messages) {
        removeLater(path);
        emit discarded();
        return;
    }
    QPointer<VoiceRecorder> self(this);
    const double replyToId = m_replyToId;
    QThreadPool::globalInstance()->start([path] { // the folder is 0700 already; the file too
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    });
    analyseVoice(path, this, [self, path, replyToId](const VoiceAnalysis &analysis) {
        if (!self || !self->m_messages || !analysis.error.isEmpty()) {
            removeLater(path);
            if (self) {
                self->setError(analysis.error);
                emit self->discarded();
            }
            return;
        }
        self->m_messages->sendVoice(path, double(analysis.durationMs), analysis.waveform,
                                    replyToId);
        emit self->sent(analysis.durationMs);
    });
}

void VoiceRecorder::setError(const QString &error) {
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

void VoiceRecorder::setRecording(bool recording) {
    if (m_recording == recording)
        return;
    m_recording = recording;
    emit recordingChanged();
}

} // namespace msgr::core
