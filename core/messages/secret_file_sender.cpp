#include "core/messages/secret_file_sender.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/media/attachment_description.h"
#include "core/media/media_service.h"
#include "core/media/upload_manager.h"
#include "core/messages/voice_recorder.h"
#include "core/secret/secret_attachment_file.h"
#include "core/secret/secret_attachment_writes.h"
#include "core/secret/secret_payload.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QThreadPool>
#include <algorithm>

namespace msgr::core {
namespace {

struct Prepared {
    QList<secret::SealedUpload> files;
    QList<QPair<QString, QString>> refusals; // path, reason
};

//! Described and sealed: what the bubble shows, the upload of the ciphertext, the key.
std::optional<secret::SealedUpload> prepare(const QString &path, const QString &tempDir,
                                            const SecretVoiceNote &voice, QString *error) {
    std::optional<AttachmentDraft> draft = describeFileForSending(path, error);
    if (!draft)
        return std::nullopt;
    if (voice.durationMs >= 0) {
        draft->attachment.kind = storage::AttachmentKind::Voice;
        draft->attachment.durationMs = voice.durationMs;
        draft->attachment.waveform = voice.waveform;
    }
    std::optional<secret::SealedFile> sealed = secret::sealFileForUpload(path, tempDir, error);
    if (!sealed)
        return std::nullopt;
    // The server sees a random name and no type: nothing of the file but its length.
    std::optional<storage::UploadRecord> upload = UploadManager::recordFor(
        sealed->tempPath, QStringLiteral("application/octet-stream"), error);
    if (!upload) {
        QFile::remove(sealed->tempPath);
        return std::nullopt;
    }
    secret::SealedUpload out;
    out.attachment = draft->attachment;
    out.attachment.size = sealed->digest.plainSize;
    out.upload = *upload;
    out.secret.key = sealed->key;
    out.secret.header = sealed->header;
    out.secret.plainSize = sealed->digest.plainSize;
    out.secret.plainHash = sealed->digest.plainHash;
    out.secret.cipherSize = sealed->digest.cipherSize;
    out.secret.cipherSha256 = sealed->digest.cipherSha256;
    out.secret.tempPath = sealed->tempPath;
    return out;
}

} // namespace

SecretFileSender::SecretFileSender(CoreContext *context, MediaService *media, QObject *parent)
    : QObject(parent), m_context(context), m_media(media) {}

void SecretFileSender::send(qint64 chatId, const QString &caption, const QStringList &localPaths,
                            std::function<void(qint64)> stored) {
    sendFiles(chatId, caption, localPaths, {}, std::move(stored));
}

void SecretFileSender::sendVoice(qint64 chatId, const QString &localPath,
                                 const SecretVoiceNote &voice, std::function<void(qint64)> stored) {
    const SecretVoiceNote bounded{
        std::clamp<qint64>(voice.durationMs, 0, secret::kMaxSecretVoiceDurationMs),
        voice.waveform.left(secret::kMaxSecretVoiceWaveformBytes)};
    sendFiles(chatId, QString(), {localPath}, bounded, std::move(stored));
}

void SecretFileSender::sendFiles(qint64 chatId, const QString &caption,
                                 const QStringList &localPaths, const SecretVoiceNote &voice,
                                 std::function<void(qint64)> stored) {
    const QString tempDir = QDir::cleanPath(m_media->cacheDir() + QStringLiteral("/../") +
                                            QStringLiteral("secret-uploads"));
    QPointer<SecretFileSender> self(this);
    // Reading, decoding and encrypting files is disk and CPU work: never here.
    QThreadPool::globalInstance()->start(
        [self, localPaths, tempDir, chatId, caption, stored, voice] {
            Prepared prepared;
            for (const QString &path : localPaths) {
                QString error;
                if (auto file = prepare(path, tempDir, voice, &error))
                    prepared.files.append(std::move(*file));
                else
                    prepared.refusals.append({path, error});
            }
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, prepared, chatId, caption, stored, localPaths] {
                    if (!self || !self->m_context) {
                        for (const secret::SealedUpload &file : prepared.files)
                            QFile::remove(file.secret.tempPath);
                        return;
                    }
                    for (const auto &[path, reason] : prepared.refusals)
                        emit self->refused(path, reason);
                    if (prepared.files.isEmpty())
                        return stored ? stored(0) : void();
                    self->m_context->store()->writeReturning(
                        [prepared, chatId, caption,
                         now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                            QList<secret::PendingFile> out;
                            for (qsizetype i = 0; i < prepared.files.size(); ++i)
                                out.append(secret::storePendingFile(
                                    tx, chatId, i == 0 ? caption : QString(), prepared.files[i],
                                    crypto::randomNonZeroInt63(), now));
                            return out;
                        },
                        self,
                        [self, prepared, stored,
                         paths = localPaths](const QList<secret::PendingFile> &pending) {
                            // A recording's plaintext is not kept: its sealed copy is what is sent
                            // (and what a restart resumes), so it goes now, off this thread.
                            for (const QString &path : paths)
                                if (isVoiceRecordingPath(path))
                                    QThreadPool::globalInstance()->start(
                                        [path] { QFile::remove(path); });
                            qint64 first = 0;
                            for (qsizetype i = 0; i < pending.size(); ++i) {
                                if (pending[i].message.localId == 0) {
                                    emit self->refused(prepared.files[i].upload.localPath,
                                                       pending[i].error);
                                    QFile::remove(prepared.files[i].secret.tempPath);
                                    continue;
                                }
                                if (first == 0)
                                    first = pending[i].message.localId;
                                self->m_media->uploads()->addStored(pending[i].upload);
                            }
                            if (stored)
                                stored(first);
                        });
                },
                Qt::QueuedConnection);
        });
}

void SecretFileSender::onUploadDone(qint64 uploadId, const QString &fileId) {
    if (!m_context)
        return;
    QPointer<SyncEngine> engine = m_context->engine();
    m_context->store()->writeReturning(
        [uploadId, fileId,
         now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            return secret::sendUploadedFile(tx, uploadId, fileId, now);
        },
        this,
        [this, engine](const secret::SentFile &sent) {
            if (!sent.found)
                return;
            if (!sent.tempPath.isEmpty())
                QThreadPool::globalInstance()->start(
                    [path = sent.tempPath] { QFile::remove(path); });
            if (sent.outgoing.message.localId == 0) {
                emit refused(QString(), sent.outgoing.error);
                return;
            }
            if (engine)
                engine->relaySecret(sent.outgoing.envelope);
            emit fileSent(sent.outgoing.message.localId);
        });
}

} // namespace msgr::core
