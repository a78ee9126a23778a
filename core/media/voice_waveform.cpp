#include "core/media/voice_waveform.h"

#include "protocol/limits.h"
#include "storage/context_lifeline.h"

#include <QAudioBuffer>
#include <QAudioDecoder>
#include <QThread>
#include <QUrl>
#include <algorithm>

namespace msgr::core {
namespace {

//! Decoded at this rate, mono: a waveform needs no more.
constexpr int kAnalysisRate = 8000;
//! One peak per this many frames (10 ms).
constexpr int kPeakWindowFrames = kAnalysisRate / 100;

//! Lives on the analysis thread: decodes, collects one peak per window, answers, quits.
class VoiceAnalyser : public QObject {
public:
    //! `answer` hops to the receiver's thread itself (deliverOnThreadOf).
    VoiceAnalyser(QString path, std::function<void(VoiceAnalysis)> answer)
        : m_path(std::move(path)), m_answer(std::move(answer)) {}

    void start() {
        m_decoder = new QAudioDecoder(this);
        QAudioFormat format;
        format.setSampleFormat(QAudioFormat::Int16);
        format.setChannelCount(1);
        format.setSampleRate(kAnalysisRate);
        m_decoder->setAudioFormat(format);
        m_decoder->setSource(QUrl::fromLocalFile(m_path));
        connect(m_decoder, &QAudioDecoder::bufferReady, this, [this] { take(m_decoder->read()); });
        connect(m_decoder, &QAudioDecoder::finished, this, [this] { finish({}); });
        connect(m_decoder, qOverload<QAudioDecoder::Error>(&QAudioDecoder::error), this,
                [this](QAudioDecoder::Error) { finish(m_decoder->errorString()); });
        m_decoder->start();
    }

private:
    void take(const QAudioBuffer &buffer) {
        if (!buffer.isValid() || buffer.format().sampleFormat() != QAudioFormat::Int16)
            return;
        const auto *samples = buffer.constData<qint16>();
        const int channels = qMax(1, buffer.format().channelCount());
        const qsizetype count = buffer.frameCount() * channels;
        for (qsizetype i = 0; i < count; ++i) {
            m_peak = std::max(m_peak, std::abs(int(samples[i])) / 32768.0F);
            if (++m_inWindow == kPeakWindowFrames * channels) {
                m_peaks.append(m_peak);
                m_peak = 0;
                m_inWindow = 0;
            }
        }
        m_frames += buffer.frameCount();
        m_rate = buffer.format().sampleRate();
    }

    void finish(const QString &error) {
        if (m_finished)
            return;
        m_finished = true;
        m_decoder->stop();
        if (m_inWindow > 0)
            m_peaks.append(m_peak);
        VoiceAnalysis result;
        result.error = error;
        if (error.isEmpty() && m_frames > 0 && m_rate > 0) {
            result.durationMs = m_frames * 1000 / m_rate;
            result.waveform = packWaveform(levelsFromPeaks(m_peaks));
        } else if (error.isEmpty()) {
            result.error = QStringLiteral("no audio in the recording");
        }
        m_answer(result);
        thread()->quit();
    }

    QString m_path;
    std::function<void(VoiceAnalysis)> m_answer;
    QAudioDecoder *m_decoder = nullptr;
    QList<float> m_peaks;
    float m_peak = 0;
    int m_inWindow = 0;
    qint64 m_frames = 0;
    int m_rate = 0;
    bool m_finished = false;
};

} // namespace

QByteArray packWaveform(const QList<int> &levels) {
    QByteArray packed;
    for (qsizetype i = 0; i < levels.size() && i < protocol::kMaxWaveformBytes; ++i)
        packed.append(char(std::clamp(levels[i], 0, kVoiceWaveformMax)));
    return packed;
}

QList<int> unpackWaveform(const QByteArray &packed) {
    QList<int> levels;
    for (qsizetype i = 0; i < packed.size() && i < protocol::kMaxWaveformBytes; ++i)
        levels.append(quint8(packed[i]));
    return levels;
}

QList<int> levelsFromPeaks(const QList<float> &peaks) {
    QList<int> levels(kVoiceWaveformLevels, 0);
    if (peaks.isEmpty())
        return levels;
    const float loudest = *std::max_element(peaks.cbegin(), peaks.cend());
    for (int i = 0; i < kVoiceWaveformLevels; ++i) {
        // This level's share of the windows (a short recording repeats windows).
        const qsizetype from = i * peaks.size() / kVoiceWaveformLevels;
        const qsizetype to = std::max(from + 1, (i + 1) * peaks.size() / kVoiceWaveformLevels);
        const float peak = *std::max_element(peaks.cbegin() + from, peaks.cbegin() + to);
        levels[i] = loudest > 0 ? int(std::lround(peak / loudest * kVoiceWaveformMax)) : 0;
    }
    return levels;
}

void analyseVoice(const QString &path, QObject *receiver, std::function<void(VoiceAnalysis)> done) {
    auto *thread = new QThread;
    auto *analyser = new VoiceAnalyser(path, storage::deliverOnThreadOf(receiver, std::move(done)));
    analyser->moveToThread(thread);
    QObject::connect(thread, &QThread::started, analyser, [analyser] { analyser->start(); });
    QObject::connect(thread, &QThread::finished, analyser, &QObject::deleteLater);
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace msgr::core
