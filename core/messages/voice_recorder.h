#pragma once
//! The composer's hold-to-record voice message (issue 8): records the default microphone with
//! QMediaRecorder (Opus in Ogg when the Qt Multimedia back-end can encode it, else Vorbis in
//! Ogg, else WAV: chosen at run time from QMediaFormat), into the profile's private
//! "voice-recordings" folder (0700, the file 0600). finish() stops, measures the recording
//! off the GUI thread (voice_waveform.h: duration, 100-level waveform) and sends it through
//! the MessageListModel as a voice attachment (the upload path every file takes); the file
//! is deleted once its upload is done (AttachmentSender) or at once on cancel().
//!
//! Thread affinity: GUI thread (QML element); the disk work (folder, deleting, decoding) runs
//! on the thread pool or the analysis thread.
#include "core/messages/message_list_model.h"

#include <QMediaCaptureSession>
#include <QMediaRecorder>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <memory>

class QAudioInput;

namespace msgr::core {

//! The folder recordings wait in until uploaded, inside the profile.
inline constexpr char kVoiceRecordingsFolder[] = "voice-recordings";
//! A press shorter than this sends nothing (a tap on the button, not a message).
inline constexpr qint64 kMinVoiceMs = 300;

//! True when `path` is a recording in a profile's kVoiceRecordingsFolder: deleted once sent.
bool isVoiceRecordingPath(const QString &path);

class VoiceRecorder : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::MessageListModel *messages READ messages WRITE setMessages NOTIFY
                   messagesChanged)
    Q_PROPERTY(bool recording READ recording NOTIFY recordingChanged)
    Q_PROPERTY(double duration READ duration NOTIFY durationChanged) // ms
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    explicit VoiceRecorder(QObject *parent = nullptr);
    ~VoiceRecorder() override;

    MessageListModel *messages() const { return m_messages; }
    void setMessages(MessageListModel *messages);
    bool recording() const { return m_recording; }
    double duration() const { return double(m_duration); }
    const QString &error() const { return m_error; }

    //! Starts recording (the button is pressed). `replyToId`: the message it answers.
    Q_INVOKABLE void start(double replyToId = 0);
    //! Stops and sends (the button is released).
    Q_INVOKABLE void finish();
    //! Stops and throws the recording away (slid off, Escape).
    Q_INVOKABLE void cancel();

    //! The container and codec recordings use here, e.g. "Ogg/Opus" (what the back-end offers).
    static QString chosenFormatName();

signals:
    void messagesChanged();
    void recordingChanged();
    void durationChanged();
    void errorChanged();
    //! The recording was handed to the model for sending (tests and the UI's feedback).
    void sent(qint64 durationMs);
    void discarded();

private:
    void begin(const QString &folder);
    void onStopped();
    void setError(const QString &error);
    void setRecording(bool recording);

    QPointer<MessageListModel> m_messages;
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QAudioInput> m_input;
    std::unique_ptr<QMediaRecorder> m_recorder;
    bool m_recording = false;
    bool m_send = false;
    bool m_wanted = false; // pressed and not yet released (the folder is made off-thread)
    qint64 m_duration = 0;
    double m_replyToId = 0;
    QString m_error;
};

} // namespace msgr::core
