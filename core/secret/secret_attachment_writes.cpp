#include "core/secret/secret_attachment_writes.h"

#include "core/secret/secret_seal.h"
#include "crypto/secret/file_stream_seal.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/downloads_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/secret_seals_table.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/secret_table.h"
#include "storage/tables/uploads_table.h"

namespace msgr::core::secret {

using storage::SecretAttachmentsTable;

PendingFile storePendingFile(storage::WriteTransaction &tx, qint64 chatId, const QString &caption,
                             SealedUpload sealed, qint64 randomId, qint64 nowMs) {
    PendingFile out;
    if (!storage::SecretTable::session(tx, chatId)) {
        out.error = QStringLiteral("no secret chat %1").arg(chatId);
        return out;
    }
    sealed.upload.id = storage::UploadsTable::insert(tx, sealed.upload);
    tx.must(sealed.upload.id > 0, "store upload");
    sealed.attachment.uploadId = sealed.upload.id;
    sealed.attachment.fileId.clear();
    out.message = storage::MessagesTable::insertPending(tx, chatId, tx.selfUserId(), caption,
                                                        randomId, nowMs, {sealed.attachment});
    storage::ChatsTable::refreshLastMessage(tx, chatId);
    sealed.secret.localId = out.message.localId;
    sealed.secret.uploadId = sealed.upload.id;
    sealed.secret.fileId.clear();
    SecretAttachmentsTable::store(tx, sealed.secret);
    out.upload = sealed.upload;
    return out;
}

SentFile sendUploadedFile(storage::WriteTransaction &tx, qint64 uploadId, const QString &fileId,
                          qint64 nowMs) {
    SentFile out;
    std::optional<storage::SecretAttachmentRow> secret =
        SecretAttachmentsTable::byUploadId(tx, uploadId);
    // A file still being sealed waits: the seal's end sends it (secret_seal_writes.h).
    if (!secret || !storage::SecretSealsTable::isSealed(tx, secret->localId))
        return out;
    const std::optional<storage::MessageRecord> pending =
        storage::MessagesTable::load(tx, secret->localId);
    if (!pending || !pending->pending || pending->attachments.isEmpty())
        return out;
    out.found = true;
    OutgoingText &sent = out.outgoing;
    const qint64 chatId = pending->chatId;
    std::optional<storage::SecretSessionRow> row = storage::SecretTable::session(tx, chatId);
    if (!row) {
        sent.refusal = OutgoingText::Refusal::NoChat;
        sent.error = QStringLiteral("no secret chat %1").arg(chatId);
        return out;
    }
    if (storage::SecretStateTable::chatState(tx, chatId).keyChanged) {
        // It waits, pending, until the user confirmed the new key (and sends again).
        sent.refusal = OutgoingText::Refusal::KeyChanged;
        sent.error = QStringLiteral("the peer's key changed: confirm the new key first");
        return out;
    }
    storage::AttachmentRecord attachment = pending->attachments.first();
    const qint64 ttlMs = storage::SecretStateTable::chatState(tx, chatId).ttlMs;
    const qint64 seq = storage::SecretTable::nextSeq(tx, chatId);
    SecretPayload payload;
    // A recording (its length measured on this device) goes as a voice message, so the peer's
    // bubble shows its duration and waveform (§12.8, kind 8); any other file as kind 7. Neither
    // carries the plaintext's hash (a row sealed by an older version may still hold one: unsent).
    const bool voice =
        attachment.kind == storage::AttachmentKind::Voice && attachment.durationMs >= 0;
    payload.kind = voice ? SecretPayload::Kind::Voice : SecretPayload::Kind::File;
    payload.text = pending->text;
    if (ttlMs > 0) {
        payload.ttlMs = ttlMs;
        payload.seq = seq;
    }
    SecretFile file;
    file.kind = quint8(attachment.kind);
    file.fileId = fileId;
    file.key = secret->key;
    file.header = secret->header;
    file.plainSize = secret->plainSize;
    file.cipherSha256 = secret->cipherSha256;
    file.width = attachment.width;
    file.height = attachment.height;
    file.name = attachment.name;
    file.mime = attachment.mime;
    file.thumbnail = attachment.thumbnail;
    if (voice) {
        file.durationMs = attachment.durationMs;
        file.waveform = attachment.waveform;
    }
    payload.file = std::move(file);
    bool damaged = false;
    const std::optional<QByteArray> envelope =
        sealForPeer(tx, *row, payload, &sent.error, &damaged);
    if (!envelope) {
        sent.refusal =
            damaged ? OutgoingText::Refusal::DamagedState : OutgoingText::Refusal::Encryption;
        storage::MessagesTable::markFailed(tx, pending->localId);
        return out;
    }
    storage::MessageRecord m = *pending;
    m.serverId = seq;
    m.date = nowMs;
    attachment.fileId = fileId;
    attachment.uploadId = 0;
    m.attachments = {attachment};
    m = storage::MessagesTable::adoptPending(tx, pending->localId, m);
    storage::ChatsTable::refreshLastMessage(tx, chatId);
    if (ttlMs > 0) // starts when the peer's read notice arrives
        storage::SecretStateTable::addTimer(tx, {m.localId, chatId, ttlMs, 0, 0});
    // The row keeps the path: should the file outlive this commit (a crash before the caller
    // deleted it), the message's expiry deletes it still.
    out.tempPath = secret->tempPath;
    secret->fileId = fileId;
    secret->uploadId = 0;
    SecretAttachmentsTable::store(tx, *secret);
    sent.message = m;
    sent.envelope = storage::SecretTable::addOutgoing(
        tx, {0, chatId, row->peerUserId, row->peerDeviceId, *envelope, m.localId, m.serverId});
    return out;
}

storage::MessageRecord storeReceivedFile(storage::WriteTransaction &tx, qint64 chatId,
                                         const SecretPayload &payload,
                                         const protocol::api::SecretEnvelope &e) {
    const SecretFile &file = *payload.file;
    storage::AttachmentRecord attachment;
    attachment.fileId = file.fileId;
    attachment.kind = storage::AttachmentKind(file.kind);
    attachment.size = file.plainSize;
    attachment.mime = file.mime;
    attachment.name = file.name;
    attachment.width = file.width;
    attachment.height = file.height;
    attachment.thumbnail = file.thumbnail;
    if (carriesVoice(payload.kind)) {
        attachment.durationMs = file.durationMs;
        attachment.waveform = file.waveform;
    }
    storage::MessageRecord m;
    m.chatId = chatId;
    m.serverId = storage::SecretTable::nextSeq(tx, chatId);
    m.senderId = e.fromUserId;
    m.date = e.date;
    m.text = payload.text;
    m.attachments = {attachment};
    m = storage::MessagesTable::insertSent(tx, m);
    storage::ChatsTable::offerLastMessage(tx, m);
    storage::ChatsTable::countUnread(tx, chatId, m.serverId);
    if (payload.ttlMs > 0) // starts when the user reads it
        storage::SecretStateTable::addTimer(tx, {m.localId, chatId, payload.ttlMs, payload.seq, 0});
    storage::SecretAttachmentRow row;
    row.localId = m.localId;
    row.fileId = file.fileId;
    row.key = file.key;
    row.header = file.header;
    row.plainSize = file.plainSize;
    row.plainHash = file.plainHash; // kinds 5 and 6: checked on download; empty for 7 and 8
    row.cipherSize = crypto::secret::sealedSizeOf(file.plainSize);
    row.cipherSha256 = file.cipherSha256;
    SecretAttachmentsTable::store(tx, row);
    return m;
}

std::optional<ForgottenFile> forgetFile(storage::WriteTransaction &tx, qint64 localId) {
    const std::optional<storage::SecretAttachmentRow> secret =
        SecretAttachmentsTable::byLocalId(tx, localId);
    storage::AttachmentsTable::remove(tx, localId);
    if (!secret)
        return std::nullopt;
    SecretAttachmentsTable::remove(tx, localId);
    ForgottenFile out;
    out.fileId = secret->fileId;
    out.tempPath = secret->tempPath;
    // The decrypted copy in the media cache goes too, unless another message still has it.
    if (!secret->fileId.isEmpty() && !SecretAttachmentsTable::byFileId(tx, secret->fileId))
        if (const auto download = storage::DownloadsTable::findByFileId(tx, secret->fileId)) {
            out.cacheName = download->cacheName;
            storage::DownloadsTable::remove(tx, download->id);
        }
    return out;
}

} // namespace msgr::core::secret
