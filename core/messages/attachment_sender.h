#pragma once
//! Sends messages with files (issue 8 item 4): each file is described off the GUI thread (kind,
//! a photo's size and inline thumbnail: core/media/attachment_description.h), then ONE job
//! stores the uploads' rows and the pending message whose attachments name them, so after a
//! crash both exist or neither. The message shows at once as pending with its uploads'
//! progress; when an upload finishes its file id is stored into the attachment, and once every
//! attachment has one the message goes to the outbox (SyncEngine::sendPending). An app restart
//! resumes the uploads (UploadManager) and this picks up where they stand: a finished upload is
//! reported again and the message sent, exactly once (its random id was stored with it).
//! Cancelling removes the pending message and stops its uploads.
//!
//! Thread affinity: GUI thread; files are read on the global thread pool, the store on its
//! thread, the uploads on the transfer thread.
#include "core/media/transfer_progress.h"
#include "core/messages/secret_file_sender.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

namespace msgr::core {

class CoreContext;
class MediaService;

class AttachmentSender : public QObject {
    Q_OBJECT
public:
    //! `context` and `media` must outlive this.
    AttachmentSender(CoreContext *context, MediaService *media, QObject *parent = nullptr);

    //! Stores a pending message with `localPaths` attached (and `text` as its caption), then
    //! starts their uploads. In a secret chat (a negative id) each file is sealed on the device
    //! first and goes as a message of its own (SecretFileSender). `stored` gets the pending row's
    //! local id (0 when nothing was stored) on this thread, unless `receiver` was destroyed
    //! meanwhile. `replyToId`: the message it answers (§19; not in secret chats), quoted at
    //! once from the stored original as a text reply is.
    void send(qint64 chatId, const QString &text, const QStringList &localPaths,
              QObject *receiver = nullptr, std::function<void(qint64 localId)> stored = {},
              qint64 replyToId = 0);
    //! Sends the recording at `localPath` as a voice message (kind voice, its duration and
    //! packed waveform, core/media/voice_waveform.h), by the same path as send(). A recording
    //! (isVoiceRecordingPath) is deleted once its upload is done; in a secret chat, once its
    //! sealed copy is stored (SecretFileSender::sendVoice).
    void sendVoice(qint64 chatId, const QString &localPath, qint64 durationMs,
                   const QByteArray &waveform, qint64 replyToId = 0);
    //! Removes the pending message `localId` and cancels its uploads (a message already on its
    //! way to the server is not recalled: it arrives as sent).
    void cancel(qint64 localId);
    SecretFileSender *secretFiles() { return &m_secretFiles; }

signals:
    //! A file could not be attached (unreadable, too large); the others are sent.
    void refused(const QString &localPath, const QString &reason);

private:
    //! What a voice recording adds to its attachment (durationMs < 0: not a voice message).
    struct VoiceNote {
        qint64 durationMs = -1;
        QByteArray waveform;
    };
    void describeAndStore(qint64 chatId, const QString &text, const QStringList &paths,
                          std::function<void(qint64)> answer, qint64 replyToId, VoiceNote voice);
    void onUploadChanged(const TransferProgress &progress);

    QPointer<CoreContext> m_context;
    MediaService *m_media;
    SecretFileSender m_secretFiles;
};

} // namespace msgr::core
