#include "core/secret/secret_seal_writes.h"

#include "storage/tables/attachments_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/secret_attachments_table.h"
#include "storage/tables/secret_seals_table.h"
#include "storage/tables/uploads_table.h"

namespace msgr::core::secret {

PendingFile storePendingSealing(storage::WriteTransaction &tx, qint64 chatId,
                                const QString &caption, const SealedUpload &sealing,
                                const SealSource &source, qint64 randomId, qint64 nowMs) {
    PendingFile out = storePendingFile(tx, chatId, caption, sealing, randomId, nowMs);
    if (out.message.localId == 0)
        return out;
    storage::UploadsTable::setGrowing(tx, out.upload.id);
    storage::SecretSealsTable::setSource(tx, out.message.localId, source.path, source.size,
                                         source.mtimeMs);
    return out;
}

SealStored storeSealed(storage::WriteTransaction &tx, qint64 uploadId,
                       const crypto::secret::SecretFileDigest &digest, qint64 tempMtimeMs) {
    SealStored out;
    const std::optional<storage::SecretAttachmentRow> secret =
        storage::SecretAttachmentsTable::byUploadId(tx, uploadId);
    if (!secret)
        return out;
    const std::optional<storage::UploadRecord> upload = storage::UploadsTable::load(tx, uploadId);
    if (!upload) { // cancelled while it was sealed
        storage::SecretAttachmentsTable::remove(tx, secret->localId);
        out.orphanTempPath = secret->tempPath;
        return out;
    }
    storage::SecretSealsTable::setSealed(tx, secret->localId, digest.cipherSize,
                                         digest.cipherSha256);
    storage::UploadsTable::setGrown(tx, uploadId, tempMtimeMs);
    out.found = true;
    out.upload = *upload;
    out.upload.mtimeMs = tempMtimeMs;
    return out;
}

void dropUnsealed(storage::WriteTransaction &tx, qint64 localId) {
    if (const auto chatId = storage::MessagesTable::removePending(tx, localId))
        storage::ChatsTable::refreshLastMessage(tx, *chatId);
    storage::AttachmentsTable::remove(tx, localId);
    storage::SecretAttachmentsTable::remove(tx, localId);
}

} // namespace msgr::core::secret
