#pragma once
//! A voice message's waveform (docs/protocol.md §11, attachments: one byte per level,
//! 0..255): this client sends kVoiceWaveformLevels levels, the loudest part of the recording at
//! kVoiceWaveformMax, inside protocol::kMaxWaveformBytes; it shows any number a peer sends.
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
inline constexpr int kVoiceWaveformMax = 255;

//! `levels` (each clamped to 0..kVoiceWaveformMax), one byte each, at most
//! protocol::kMaxWaveformBytes.
QByteArray packWaveform(const QList<int> &levels);
//! The levels in `packed` (from the network: any bytes), at most protocol::kMaxWaveformBytes.
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
