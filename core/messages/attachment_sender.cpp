#include "core/messages/attachment_sender.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/media/attachment_description.h"
#include "core/media/media_service.h"
#include "core/media/upload_manager.h"
#include "core/messages/voice_recorder.h"
#include "core/sync/sync_writes.h"
#include "crypto/sodium.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/uploads_table.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QThreadPool>

namespace msgr::core {
namespace {

struct Described {
    QList<AttachmentDraft> drafts;
    QList<QPair<QString, QString>> refusals; // path, reason
};

struct Stored {
    storage::MessageRecord message;
    QList<storage::UploadRecord> uploads;
};

} // namespace

AttachmentSender::AttachmentSender(CoreContext *context, MediaService *media, QObject *parent)
    : QObject(parent), m_context(context), m_media(media), m_secretFiles(context, media) {
    connect(media, &MediaService::uploadChanged, this, &AttachmentSender::onUploadChanged);
    connect(&m_secretFiles, &SecretFileSender::refused, this, &AttachmentSender::refused);
}

void AttachmentSender::send(qint64 chatId, const QString &text, const QStringList &localPaths,
                            QObject *receiver, std::function<void(qint64)> stored,
                            qint64 replyToId) {
    const QPointer<QObject> receiverGuard(receiver);
    const bool hasReceiver = receiver != nullptr;
    const auto answer = [receiverGuard, hasReceiver, stored](qint64 localId) {
        if (stored && (!hasReceiver || receiverGuard))
            stored(localId);
    };
    const QStringList paths = localPaths.mid(0, protocol::kMaxAttachments);
    if (storage::isSecretChatId(chatId))
        return m_secretFiles.send(chatId, text, paths, answer);
    describeAndStore(chatId, text, paths, answer, replyToId, {});
}

void AttachmentSender::sendVoice(qint64 chatId, const QString &localPath, qint64 durationMs,
                                 const QByteArray &waveform, qint64 replyToId) {
    if (storage::isSecretChatId(chatId)) // sealed, with its duration and levels (§12.8, kind 8)
        return m_secretFiles.sendVoice(chatId, localPath, {durationMs, waveform}, [](qint64) {});
    describeAndStore(chatId, {}, {localPath}, [](qint64) {}, replyToId,
                     {std::clamp<qint64>(durationMs, 0, protocol::kMaxMediaDurationMs),
                      waveform.left(protocol::kMaxWaveformBytes)});
}

void AttachmentSender::describeAndStore(qint64 chatId, const QString &text,
                                        const QStringList &paths,
                                        std::function<void(qint64)> answer, qint64 replyToId,
                                        VoiceNote voice) {
    QPointer<AttachmentSender> self(this);
    // Reading and decoding the files (a photo's thumbnail) is disk work: never here.
    QThreadPool::globalInstance()->start([self, paths, chatId, text, answer, replyToId, voice] {
        Described described;
        for (const QString &path : paths) {
            QString error;
            if (auto draft = describeFileForSending(path, &error)) {
                if (voice.durationMs >= 0) {
                    draft->attachment.kind = storage::AttachmentKind::Voice;
                    draft->attachment.durationMs = voice.durationMs;
                    draft->attachment.waveform = voice.waveform;
                }
                described.drafts.append(*draft);
            } else {
                described.refusals.append({path, error});
            }
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, described, chatId, text, answer, replyToId] {
                if (!self || !self->m_context)
                    return;
                for (const auto &[path, reason] : described.refusals)
                    emit self->refused(path, reason);
                if (described.drafts.isEmpty() && text.trimmed().isEmpty())
                    return answer(0);
                CoreContext *context = self->m_context;
                const qint64 randomId = crypto::randomNonZeroInt63();
                context->store()->writeReturning(
                    [described, chatId, text, randomId, replyToId, sender = context->selfUserId(),
                     date = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                        Stored out;
                        QList<storage::AttachmentRecord> attachments;
                        for (AttachmentDraft draft : described.drafts) {
                            draft.upload.id = storage::UploadsTable::insert(tx, draft.upload);
                            tx.must(draft.upload.id > 0, "store upload");
                            draft.attachment.uploadId = draft.upload.id;
                            out.uploads.append(draft.upload);
                            attachments.append(draft.attachment);
                        }
                        out.message = SyncWrites::enqueueOutgoing(
                            tx, chatId, sender, text, randomId, date, attachments, replyToId);
                        return out;
                    },
                    self,
                    [self, answer](const Stored &out) {
                        if (self)
                            for (const storage::UploadRecord &upload : out.uploads)
                                self->m_media->uploads()->addStored(upload);
                        answer(out.message.localId);
                    });
            },
            Qt::QueuedConnection);
    });
}

void AttachmentSender::cancel(qint64 localId) {
    if (!m_context)
        return;
    QPointer<SyncEngine> engine = m_context->engine();
    m_context->store()->writeReturning(
        [localId](storage::WriteTransaction &tx) {
            QList<qint64> uploads;
            for (const storage::AttachmentRecord &a : storage::AttachmentsTable::load(tx, localId))
                if (a.uploadId != 0 && a.fileId.isEmpty())
                    uploads.append(a.uploadId);
            if (const auto chatId = storage::MessagesTable::removePending(tx, localId))
                storage::ChatsTable::refreshLastMessage(tx, *chatId);
            else
                uploads.clear(); // sent meanwhile: its uploads are done
            return uploads;
        },
        this,
        [this, engine, localId](const QList<qint64> &uploads) {
            for (qint64 uploadId : uploads) {
                m_secretFiles.stopSeal(uploadId); // a secret file still sealing: no more CPU
                // A voice recording that will never be sent: its plaintext goes now.
                if (const auto progress = m_media->upload(uploadId);
                    progress && isVoiceRecordingPath(progress->localPath))
                    QThreadPool::globalInstance()->start(
                        [path = progress->localPath] { QFile::remove(path); });
                m_media->cancelUpload(uploadId);
            }
            if (engine)
                engine->forgetPending(localId);
        });
}

void AttachmentSender::onUploadChanged(const TransferProgress &progress) {
    if (!m_context || progress.state != TransferState::Done || progress.fileId.isEmpty())
        return;
    // A voice recording's plaintext has no reason to stay once the server holds it: the
    // sender plays it back from the encrypted cache like any received file.
    if (isVoiceRecordingPath(progress.localPath))
        QThreadPool::globalInstance()->start([path = progress.localPath] { QFile::remove(path); });
    m_secretFiles.onUploadDone(progress.id, progress.fileId);
    QPointer<SyncEngine> engine = m_context->engine();
    m_context->store()->writeReturning(
        [uploadId = progress.id, fileId = progress.fileId](storage::WriteTransaction &tx) {
            QList<storage::MessageRecord> ready;
            for (qint64 localId :
                 storage::AttachmentsTable::setUploadedFileId(tx, uploadId, fileId)) {
                const auto message = storage::MessagesTable::load(tx, localId);
                if (!message)
                    continue;
                tx.noteMessageUpdated(*message); // its bubble shows the upload finished
                // A secret chat's file goes through the relay (SecretFileSender), never here.
                if (message->pending && message->attachmentsUploaded() &&
                    !storage::isSecretChatId(message->chatId))
                    ready.append(*message);
            }
            return ready;
        },
        this,
        [engine](const QList<storage::MessageRecord> &ready) {
            for (const storage::MessageRecord &message : ready)
                if (engine)
                    engine->sendPending(message);
        });
}

} // namespace msgr::core
