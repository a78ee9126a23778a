#include "core/messages/secret_file_sender.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/media/attachment_description.h"
#include "core/media/media_service.h"
#include "core/media/tus_answer_parsing.h"
#include "core/media/upload_manager.h"
#include "core/messages/voice_recorder.h"
#include "core/secret/secret_attachment_file.h"
#include "core/secret/secret_attachment_writes.h"
#include "core/secret/secret_payload.h"
#include "core/secret/secret_seal_writes.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "storage/tables/secret_seals_table.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QThreadPool>
#include <algorithm>

namespace msgr::core {
namespace {

struct PlannedFile {
    secret::SealedUpload stored; //!< the rows, before the seal
    secret::SealSource source;
    secret::SealPlan plan;
};

struct Planned {
    QList<PlannedFile> files;
    QList<QPair<QString, QString>> refusals; // path, reason
};

//! Described and planned: what the bubble shows, the upload of the ciphertext to come, the
//! key. Reads the file's head (a photo's thumbnail), writes nothing.
std::optional<PlannedFile> planFile(const QString &path, const QString &tempDir,
                                    const SecretVoiceNote &voice, QString *error) {
    std::optional<AttachmentDraft> draft = describeFileForSending(path, error);
    if (!draft)
        return std::nullopt;
    if (voice.durationMs >= 0) {
        draft->attachment.kind = storage::AttachmentKind::Voice;
        draft->attachment.durationMs = voice.durationMs;
        draft->attachment.waveform = voice.waveform;
    }
    std::optional<secret::SealPlan> plan = secret::planSeal(path, tempDir, error);
    if (!plan)
        return std::nullopt;
    PlannedFile out;
    out.plan = *plan;
    out.stored.attachment = draft->attachment;
    out.stored.attachment.size = plan->plainSize;
    // The server sees a random name and no type: nothing of the file but its length.
    storage::UploadRecord &upload = out.stored.upload;
    upload.localPath = plan->tempPath;
    upload.size = plan->cipherSize;
    upload.fileName = QFileInfo(plan->tempPath).fileName();
    upload.mimeType = QStringLiteral("application/octet-stream");
    upload.createdMs = QDateTime::currentMSecsSinceEpoch();
    storage::SecretAttachmentRow &secret = out.stored.secret;
    secret.key = plan->key;
    secret.header = plan->header;
    secret.plainSize = plan->plainSize;
    secret.cipherSize = plan->cipherSize;
    secret.tempPath = plan->tempPath;
    out.source = {plan->sourcePath, plan->plainSize, plan->sourceMtimeMs};
    return out;
}

//! A voice recording's plaintext is not kept once its seal is stored, or once it will never
//! be sent: deleted off the GUI thread. Any other file is the user's and stays.
void removeSecretVoiceRecording(const QString &sourcePath) {
    if (isVoiceRecordingPath(sourcePath))
        QThreadPool::globalInstance()->start([sourcePath] { QFile::remove(sourcePath); });
}

} // namespace

SecretFileSender::SecretFileSender(CoreContext *context, MediaService *media, QObject *parent)
    : QObject(parent), m_context(context), m_media(media) {
    // A kill cut a seal off: it runs again once the upload it feeds is loaded (so grow()
    // finds it).
    connect(media->uploads(), &UploadManager::loaded, this, &SecretFileSender::resumeSeals);
    // A cancelled upload (its message cancelled) stops its seal at the next chunk.
    connect(media, &MediaService::uploadRemoved, this, &SecretFileSender::stopSeal);
}

void SecretFileSender::stopSeal(qint64 uploadId) {
    if (const auto gate = m_seals.value(uploadId))
        gate->stop.store(true);
}

SecretFileSender::~SecretFileSender() {
    // The upload manager may go next: no seal reports to it from now on.
    for (const auto &gate : std::as_const(m_seals)) {
        const std::lock_guard lock(gate->mutex);
        gate->uploads = nullptr;
        gate->stop.store(true);
    }
}

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
    // Reading and decoding files is disk and CPU work: never here.
    QThreadPool::globalInstance()->start([self, localPaths, tempDir, chatId, caption, stored,
                                          voice] {
        Planned planned;
        for (const QString &path : localPaths) {
            QString error;
            if (auto file = planFile(path, tempDir, voice, &error))
                planned.files.append(std::move(*file));
            else
                planned.refusals.append({path, error});
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, planned, chatId, caption, stored] {
                if (!self || !self->m_context)
                    return;
                for (const auto &[path, reason] : planned.refusals)
                    emit self->refused(path, reason);
                if (planned.files.isEmpty())
                    return stored ? stored(0) : void();
                self->m_context->store()->writeReturning(
                    [planned, chatId, caption,
                     now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                        // Stored growing and unsealed, with the source a restart seals again
                        // from: what an app kill leaves is resumed (resumeSeals), not stuck.
                        QList<secret::PendingFile> out;
                        for (qsizetype i = 0; i < planned.files.size(); ++i)
                            out.append(secret::storePendingSealing(
                                tx, chatId, i == 0 ? caption : QString(), planned.files[i].stored,
                                planned.files[i].source, crypto::randomNonZeroInt63(), now));
                        return out;
                    },
                    self,
                    [self, planned, stored](const QList<secret::PendingFile> &pending) {
                        qint64 first = 0;
                        for (qsizetype i = 0; i < pending.size(); ++i) {
                            const QString &source = planned.files[i].plan.sourcePath;
                            if (pending[i].message.localId == 0) {
                                emit self->refused(source, pending[i].error);
                                removeSecretVoiceRecording(source); // as when it is sent: not kept
                                continue;
                            }
                            if (first == 0)
                                first = pending[i].message.localId;
                            // The upload first: the seal's reports are queued behind it.
                            self->m_media->uploads()->addStored(pending[i].upload, true);
                            self->startSeal(pending[i].upload.id, pending[i].message.localId,
                                            planned.files[i].plan);
                        }
                        if (stored)
                            stored(first);
                    });
            },
            Qt::QueuedConnection);
    });
}

void SecretFileSender::startSeal(qint64 uploadId, qint64 localId, const secret::SealPlan &plan) {
    // Once per upload and process: resumeSeals() may read a row of this run's own seal as
    // unsealed after that seal ended (its end not committed yet); sealing it again would race
    // the message's sending and, should the source have changed since, drop a sent message.
    if (m_sealsStarted.contains(uploadId))
        return;
    m_sealsStarted.insert(uploadId);
    auto gate = std::make_shared<SealGate>();
    gate->uploads = m_media->uploads();
    m_seals.insert(uploadId, gate);
    QPointer<SecretFileSender> self(this);
    // A thread of its own, not the pool: a large file's seal runs as long as its upload, and
    // the upload's parts wait for it, so it must not queue behind (or hold up) the pool's
    // short jobs (thumbnails, file deletions).
    QThread *sealer = QThread::create([self, gate, uploadId, localId, plan] {
        const secret::SealOutcome outcome =
            secret::sealPlanned(plan, gate->stop, [gate, uploadId](qint64 bytes) {
                // Each flushed MiB goes to the upload (a thread-safe, queued entry point).
                const std::lock_guard lock(gate->mutex);
                if (gate->uploads && !gate->stop.load(std::memory_order_relaxed))
                    gate->uploads->grow(uploadId, bytes);
            });
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, uploadId, localId, source = plan.sourcePath, outcome] {
                if (self)
                    self->sealFinished(uploadId, localId, source, outcome);
            },
            Qt::QueuedConnection);
    });
    sealer->setObjectName(QStringLiteral("msgr-seal"));
    connect(sealer, &QThread::finished, sealer, &QObject::deleteLater);
    sealer->start();
}

void SecretFileSender::sealFinished(qint64 uploadId, qint64 localId, const QString &sourcePath,
                                    const secret::SealOutcome &outcome) {
    m_seals.remove(uploadId);
    emit sealEnded(uploadId);
    if (!m_context)
        return;
    if (outcome.status != secret::SealStatus::Sealed) {
        // Nothing of it stays: the message and its key here, the upload on the server.
        m_context->store()->write(
            [localId](storage::WriteTransaction &tx) { secret::dropUnsealed(tx, localId); }, this,
            [sourcePath] { removeSecretVoiceRecording(sourcePath); });
        m_media->cancelUpload(uploadId);
        if (outcome.status != secret::SealStatus::Cancelled)
            emit refused(sourcePath, outcome.error);
        return;
    }
    m_context->store()->writeReturning(
        [uploadId, digest = outcome.digest,
         mtime = outcome.tempMtimeMs](storage::WriteTransaction &tx) {
            return secret::storeSealed(tx, uploadId, digest, mtime);
        },
        this,
        [this, uploadId, sourcePath](const secret::SealStored &sealed) {
            // The sealed copy is what is sent (and what a restart resumes) from now on.
            removeSecretVoiceRecording(sourcePath);
            if (!sealed.orphanTempPath.isEmpty())
                QThreadPool::globalInstance()->start(
                    [path = sealed.orphanTempPath] { QFile::remove(path); });
            if (!sealed.found)
                return; // cancelled meanwhile
            // The whole file is final now: the upload sends its last part.
            m_media->uploads()->grow(uploadId, sealed.upload.size, sealed.upload.mtimeMs);
            if (sealed.upload.state == storage::UploadState::Done)
                onUploadDone(uploadId, tus::fileIdOf(sealed.upload.uploadUrl));
        });
}

void SecretFileSender::resumeSeals() {
    if (!m_context)
        return;
    m_context->store()->read(
        [](storage::ReadTransaction &tx) { return storage::SecretSealsTable::unsealed(tx); }, this,
        [this](const QList<storage::SecretSealRow> &rows) {
            for (const storage::SecretSealRow &row : rows) {
                secret::SealPlan plan;
                plan.sourcePath = row.sourcePath;
                plan.plainSize = row.sourceSize;
                plan.sourceMtimeMs = row.sourceMtimeMs;
                plan.tempPath = row.tempPath;
                plan.key = row.key;
                plan.header = row.header;
                plan.cipherSize = crypto::secret::sealedSizeOf(row.sourceSize);
                startSeal(row.uploadId, row.localId, plan);
            }
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
