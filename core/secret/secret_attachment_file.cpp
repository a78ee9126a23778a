#include "core/secret/secret_attachment_file.h"

#include "crypto/private_files.h"
#include "crypto/sodium.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace msgr::core::secret {

namespace cs = crypto::secret;

namespace {

//! Chunks read, sealed and written at once (256 KiB of plaintext): the plaintext and the
//! ciphertext block together stay within a core's L2 cache while the cipher and both hashes
//! read them. 16 chunks (1 MiB) cost more CPU than one chunk at a time, 2-4 chunks the least
//! (bench/media_upload/RESULTS.md, 2026-12-04, branch `sealhash`).
constexpr qint64 kSecretSealBlockChunks = 4;
constexpr qint64 kSecretSealedChunkBytes = cs::kSecretFileChunkBytes + cs::kSecretFileChunkOverhead;

QString sealText(const char *text) {
    return QCoreApplication::translate("SecretAttachments", text);
}

//! Refused before sealing: what an earlier run left of the temporary file goes too.
SealOutcome sealRefusal(SealStatus status, const QString &error, const QString &tempPath) {
    QFile::remove(tempPath);
    SealOutcome out;
    out.status = status;
    out.error = error;
    return out;
}

bool sourceAsPlanned(const SealPlan &plan) {
    const QFileInfo info(plan.sourcePath);
    return info.isFile() && info.size() == plan.plainSize &&
           info.lastModified().toMSecsSinceEpoch() == plan.sourceMtimeMs;
}

} // namespace

QString secretUploadDir(const QString &profileDir) {
    return QDir(profileDir).filePath(QStringLiteral("secret-uploads"));
}

std::optional<SealPlan> planSeal(const QString &sourcePath, const QString &tempDir,
                                 QString *error) {
    const QFileInfo info(sourcePath);
    if (!info.isFile() || !info.isReadable()) {
        *error = sealText(QT_TRANSLATE_NOOP("SecretAttachments", "The file cannot be read."));
        return std::nullopt;
    }
    if (info.size() > cs::kMaxSecretFilePlainBytes) {
        *error = sealText(QT_TRANSLATE_NOOP("SecretAttachments",
                                            "Files in secret chats are limited to 3.9 GiB."));
        return std::nullopt;
    }
    SealPlan plan;
    plan.sourcePath = info.absoluteFilePath();
    plan.plainSize = info.size();
    plan.sourceMtimeMs = info.lastModified().toMSecsSinceEpoch();
    // A name nobody else has (128 random bits).
    plan.tempPath = QDir(tempDir).filePath(QString::fromLatin1(crypto::randomBytes(16).toHex()));
    const cs::SecretFileSealer fresh;
    plan.key = fresh.key(); // shared, not copied (SecureBytes)
    plan.header = fresh.header();
    plan.cipherSize = cs::sealedSizeOf(plan.plainSize);
    return plan;
}

SealOutcome sealPlanned(const SealPlan &plan, const std::atomic<bool> &cancelled,
                        const std::function<void(qint64)> &flushed) {
    if (!sourceAsPlanned(plan))
        return sealRefusal(SealStatus::SourceChanged,
                           sealText(QT_TRANSLATE_NOOP(
                               "SecretAttachments", "The file changed after it began to be sent.")),
                           plan.tempPath);
    QFile source(plan.sourcePath);
    if (!source.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return sealRefusal(
            SealStatus::Failed,
            sealText(QT_TRANSLATE_NOOP("SecretAttachments", "The file cannot be read.")),
            plan.tempPath);
    if (!crypto::ensurePrivateDirectory(QFileInfo(plan.tempPath).absolutePath()))
        return sealRefusal(SealStatus::Failed,
                           sealText(QT_TRANSLATE_NOOP("SecretAttachments",
                                                      "The profile's folder cannot be written.")),
                           plan.tempPath);
    cs::SecretFileSealer sealer(plan.key, plan.header);
    QFile target(plan.tempPath);
    // Created 0600 before a byte is written; continued (never truncated) after a restart: what
    // is there already was sealed from the same key, header and, unless it changed, source.
    // Unbuffered: every read and write below is a whole block already, QFile's buffer would
    // only copy it once more.
    if (!sealer.valid() || !crypto::ensurePrivateFile(plan.tempPath) ||
        !target.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        return sealRefusal(
            SealStatus::Failed,
            sealText(QT_TRANSLATE_NOOP("SecretAttachments", "The file could not be encrypted.")),
            plan.tempPath);
    }
    const qint64 existing = target.size();
    qint64 plainDone = 0;
    qint64 cipherDone = 0;
    qint64 reported = 0;
    bool writing = existing == 0;
    SealStatus status = SealStatus::Sealed;
    // One block of plaintext read, sealed chunk by chunk into one block of ciphertext and
    // written (or compared) at once: one read and one write per block instead of one each per
    // 64 KiB chunk, and no allocation per chunk. The plaintext block is wiped once at the end
    // (every read overwrites the last).
    QByteArray plainBlock(kSecretSealBlockChunks * cs::kSecretFileChunkBytes, Qt::Uninitialized);
    QByteArray cipherBlock(kSecretSealBlockChunks * kSecretSealedChunkBytes, Qt::Uninitialized);
    QByteArray onDisk;
    while (true) {
        if (cancelled.load(std::memory_order_relaxed)) {
            status = SealStatus::Cancelled;
            break;
        }
        const qint64 want = qMin<qint64>(plainBlock.size(), plan.plainSize - plainDone);
        const qint64 got = want == 0 ? 0 : source.read(plainBlock.data(), want);
        if (got != want) { // the file shrank, or a read failed
            status = SealStatus::SourceChanged;
            break;
        }
        const bool final = plainDone + got == plan.plainSize;
        qsizetype cipherLength = 0;
        qint64 at = 0;
        do { // an empty file is one empty final chunk
            const qint64 n = qMin<qint64>(cs::kSecretFileChunkBytes, got - at);
            cipherLength +=
                sealer.sealInto(QByteArrayView(plainBlock.constData() + at, n),
                                final && at + n == got, cipherBlock.data() + cipherLength);
            at += n;
        } while (at < got);
        plainDone += got;
        // Sealed before the restart: whole chunks on disk are compared (the same bytes, or the
        // source is not what it was); from the first chunk the kill cut off, all is written.
        qsizetype kept = 0;
        if (!writing) {
            const qint64 onDiskHere = existing - cipherDone;
            kept = onDiskHere >= cipherLength
                       ? cipherLength
                       : qsizetype(onDiskHere / kSecretSealedChunkBytes * kSecretSealedChunkBytes);
            if (kept > 0) {
                onDisk = target.read(kept);
                if (QByteArrayView(onDisk) != QByteArrayView(cipherBlock.constData(), kept)) {
                    status = SealStatus::SourceChanged;
                    break;
                }
            }
            if (kept < cipherLength) { // a chunk cut off by the kill: written again whole
                writing = true;
                if (!target.seek(cipherDone + kept)) {
                    status = SealStatus::Failed;
                    break;
                }
            }
        }
        if (kept < cipherLength && target.write(cipherBlock.constData() + kept,
                                                cipherLength - kept) != cipherLength - kept) {
            status = SealStatus::Failed;
            break;
        }
        cipherDone += cipherLength;
        if (final)
            break;
        if (cipherDone - reported >= kSealReportBytes) {
            reported = cipherDone;
            flushed(cipherDone);
        }
    }
    crypto::wipe(plainBlock);
    if (status == SealStatus::Sealed && (plainDone != plan.plainSize || !sourceAsPlanned(plan)))
        status = SealStatus::SourceChanged;
    if (status == SealStatus::Sealed &&
        (cipherDone != plan.cipherSize || (existing > cipherDone && !target.resize(cipherDone))))
        status = SealStatus::Failed;
    target.close();
    if (status != SealStatus::Sealed) {
        switch (status) {
        case SealStatus::Cancelled:
            return sealRefusal(
                status, sealText(QT_TRANSLATE_NOOP("SecretAttachments", "The file was not sent.")),
                plan.tempPath);
        case SealStatus::SourceChanged:
            return sealRefusal(
                status,
                sealText(QT_TRANSLATE_NOOP("SecretAttachments",
                                           "The file changed after it began to be sent.")),
                plan.tempPath);
        default:
            return sealRefusal(status,
                               sealText(QT_TRANSLATE_NOOP("SecretAttachments",
                                                          "The file could not be encrypted.")),
                               plan.tempPath);
        }
    }
    SealOutcome out;
    out.status = SealStatus::Sealed;
    out.digest = sealer.digest();
    out.tempMtimeMs = QFileInfo(plan.tempPath).lastModified().toMSecsSinceEpoch();
    return out;
}

std::optional<SealedFile> sealFileForUpload(const QString &sourcePath, const QString &tempDir,
                                            QString *error) {
    std::optional<SealPlan> plan = planSeal(sourcePath, tempDir, error);
    if (!plan)
        return std::nullopt;
    const std::atomic<bool> never{false};
    const SealOutcome outcome = sealPlanned(*plan, never, [](qint64) {});
    if (outcome.status != SealStatus::Sealed) {
        *error = outcome.error;
        return std::nullopt;
    }
    SealedFile out;
    out.tempPath = plan->tempPath;
    out.key = std::move(plan->key);
    out.header = plan->header;
    out.digest = outcome.digest;
    return out;
}

} // namespace msgr::core::secret
