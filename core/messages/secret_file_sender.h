#pragma once
//! Sends files in secret chats (docs/protocol.md §12.8), AttachmentSender's counterpart for a
//! negative chat id, sealing while uploading: each file is described on the thread pool and
//! its seal planned (a random key and header per file, a 0600 temporary file of the profile,
//! the ciphertext's length: core/secret/secret_attachment_file.h); ONE job stores the upload's
//! row (its file growing), the pending message, the key and the source's size and mtime; then
//! the seal runs on its own thread and the upload follows it (tus with its real Upload-Length
//! from the start; UploadManager::grow() after every flushed MiB). Once sealed, ONE job stores
//! the hashes and marks the file complete; once both that and the upload are done, ONE job
//! encrypts the payload (file id, key, hashes, name, thumbnail) with the ratchet and stores the
//! state, the message as sent and the envelope (whichever comes last runs it; it runs once);
//! then the temporary file is deleted and the envelope relayed. A voice recording goes as a
//! voice message (kind 8: its duration and waveform travel with the key); its plaintext is
//! deleted once its seal is stored (a restart before that seals it again from it).
//!
//! After an app kill: once the upload manager has loaded its transfers, every file whose seal
//! had not finished is sealed again from the stored key and header (the same ciphertext; what
//! the temporary file holds is compared, not rewritten) while its upload resumes from the
//! server's offsets. Only rows stored by an earlier process are resumed so: a seal this process
//! started (finished or not) is never started twice. A source whose size, mtime or content
//! changed, a seal that fails, and a message cancelled while sealing (the sealer stops at its
//! next chunk) leave nothing behind: the message, its key, the upload (deleted on the server)
//! and the temporary file go, and `refused` says why (not for a cancel).
//!
//! Thread affinity: GUI thread; files are read on the global thread pool, the store on its
//! thread, the upload on the transfer thread.
#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace msgr::core {
namespace secret {
struct SealPlan;
struct SealOutcome;
} // namespace secret

class CoreContext;
class MediaService;
class UploadManager;

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
    //! Seals under way stop (their files are sealed again on the next start).
    ~SecretFileSender() override;

    //! One message per file in secret chat `chatId`, the first with `caption`. `stored` gets
    //! the first pending row's local id (0 when nothing was stored).
    void send(qint64 chatId, const QString &caption, const QStringList &localPaths,
              std::function<void(qint64 localId)> stored);
    //! The recording at `localPath` as a voice message of secret chat `chatId`.
    void sendVoice(qint64 chatId, const QString &localPath, const SecretVoiceNote &voice,
                   std::function<void(qint64 localId)> stored);
    //! The seal feeding upload `uploadId` stops at its next chunk (its message is being
    //! cancelled); nothing when none runs.
    void stopSeal(qint64 uploadId);
    //! An upload finished as `fileId`: sends the secret message waiting for it, if any.
    void onUploadDone(qint64 uploadId, const QString &fileId);

signals:
    void refused(const QString &localPath, const QString &reason);
    //! The file's message was encrypted and queued for the relay (`localId` is its row).
    void fileSent(qint64 localId);
    //! The seal feeding upload `uploadId` ended (sealed, refused or stopped); what it means is
    //! being stored. The bubble can tell encrypting from uploading by it.
    void sealEnded(qint64 uploadId);

private:
    void sendFiles(qint64 chatId, const QString &caption, const QStringList &localPaths,
                   const SecretVoiceNote &voice, std::function<void(qint64)> stored);
    //! Seals `plan` on the thread pool for upload `uploadId` of message `localId`.
    void startSeal(qint64 uploadId, qint64 localId, const secret::SealPlan &plan);
    void sealFinished(qint64 uploadId, qint64 localId, const QString &sourcePath,
                      const secret::SealOutcome &outcome);
    //! The seals an app kill cut off (the upload manager has loaded its transfers).
    void resumeSeals();

    //! What a running seal shares with this sender: where its reports go, and its stop.
    struct SealGate {
        std::mutex mutex; // held while reporting, and while this sender lets go of `uploads`
        UploadManager *uploads = nullptr;
        std::atomic<bool> stop{false};
    };

    QPointer<CoreContext> m_context;
    MediaService *m_media;
    //! The seals running, by upload id: set to stop one (a cancel, this object going).
    QHash<qint64, std::shared_ptr<SealGate>> m_seals;
    //! Every upload whose seal this process started, running or ended (one id per file sent;
    //! upload ids are AUTOINCREMENT, never reused): resumeSeals() seals only what an earlier
    //! process left.
    QSet<qint64> m_sealsStarted;
};

} // namespace msgr::core
