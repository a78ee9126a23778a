#pragma once
//! Sends files in secret chats (docs/protocol.md §12.8), AttachmentSender's counterpart for a
//! negative chat id: each file is described and sealed on the thread pool (a random key per
//! file, the ciphertext in a 0600 temporary file of the profile: core/secret/
//! secret_attachment_file.h), then ONE job stores the upload's row, the pending message and the
//! file's key; the ciphertext is uploaded like any file (tus, resumable, with progress). When
//! its upload finishes, ONE job encrypts the payload (file id, key, hashes, name, thumbnail)
//! with the ratchet and stores the state, the message as sent and the envelope; then the
//! temporary file is deleted and the envelope relayed. After an app restart the resumed upload
//! finishes the same way (the pending row and the key were stored before it began). A voice
//! recording goes as a voice message (kind 6: its duration and waveform travel with the key)
//! and its plaintext is deleted once the sealed copy and the pending row are stored.
//!
//! Thread affinity: GUI thread; files are read on the global thread pool, the store on its
//! thread, the upload on the transfer thread.
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

namespace msgr::core {

class CoreContext;
class MediaService;

//! What a voice recording adds to its file (durationMs < 0: not a voice message).
struct SecretVoiceNote {
    qint64 durationMs = -1;
    QByteArray waveform; //!< packed levels (core/media/voice_waveform.h)
};

class SecretFileSender : public QObject {
    Q_OBJECT
public:
    //! `context` and `media` must outlive this.
    SecretFileSender(CoreContext *context, MediaService *media, QObject *parent = nullptr);

    //! One message per file in secret chat `chatId`, the first with `caption`. `stored` gets
    //! the first pending row's local id (0 when nothing was stored).
    void send(qint64 chatId, const QString &caption, const QStringList &localPaths,
              std::function<void(qint64 localId)> stored);
    //! The recording at `localPath` as a voice message of secret chat `chatId`.
    void sendVoice(qint64 chatId, const QString &localPath, const SecretVoiceNote &voice,
                   std::function<void(qint64 localId)> stored);
    //! An upload finished as `fileId`: sends the secret message waiting for it, if any.
    void onUploadDone(qint64 uploadId, const QString &fileId);

signals:
    void refused(const QString &localPath, const QString &reason);
    //! The file's message was encrypted and queued for the relay (`localId` is its row).
    void fileSent(qint64 localId);

private:
    void sendFiles(qint64 chatId, const QString &caption, const QStringList &localPaths,
                   const SecretVoiceNote &voice, std::function<void(qint64)> stored);

    QPointer<CoreContext> m_context;
    MediaService *m_media;
};

} // namespace msgr::core
