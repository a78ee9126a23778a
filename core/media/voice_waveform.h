#pragma once
//! A voice message's waveform (docs/protocol.md, attachments): kVoiceWaveformLevels levels of
//! kVoiceWaveformBits bits each (0..31, loudest = 31), packed least significant bit first
//! into kVoiceWaveformBytes bytes, as Telegram does; well inside protocol::kMaxWaveformBytes.
//! analyseVoice() decodes a recording with QAudioDecoder on a thread of its own (never the GUI
//! thread) for its waveform and exact duration.
//!
//! Thread affinity: the functions are pure; analyseVoice() answers on `receiver`'s thread.
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <functional>

namespace msgr::core {

inline constexpr int kVoiceWaveformLevels = 100;
inline constexpr int kVoiceWaveformBits = 5;
inline constexpr int kVoiceWaveformBytes = (kVoiceWaveformLevels * kVoiceWaveformBits + 7) / 8;
inline constexpr int kVoiceWaveformMax = (1 << kVoiceWaveformBits) - 1;

//! `levels` (each clamped to 0..kVoiceWaveformMax) packed.
QByteArray packWaveform(const QList<int> &levels);
//! The levels in `packed` (from the network: any bytes), at most kVoiceWaveformLevels.
QList<int> unpackWaveform(const QByteArray &packed);
//! kVoiceWaveformLevels levels from the peaks of consecutive windows of a recording
//! (0..1 each): each level is the loudest peak of its share, scaled to the loudest overall.
QList<int> levelsFromPeaks(const QList<float> &peaks);

struct VoiceAnalysis {
    qint64 durationMs = 0;
    QByteArray waveform; //!< packed; empty when the file had no audio
    QString error;       //!< empty on success
};

//! Decodes the audio file at `path` on a new thread and calls `done` on `receiver`'s thread
//! (not when `receiver` is gone by then).
void analyseVoice(const QString &path, QObject *receiver, std::function<void(VoiceAnalysis)> done);

} // namespace msgr::core
