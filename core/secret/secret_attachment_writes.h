#pragma once
//! A secret chat's files in the local database (docs/protocol.md §12.8), each step ONE storage
//! job over one WriteTransaction like secret_writes.h's: the pending message, its upload and
//! the file's key together; once the upload finished, the ratchet state, the message (now
//! sent), its attachment with the file id and the envelope together; on the receiver, the
//! message, its attachment and the key together with the ratchet state (receiveEnvelope's
//! job); at expiry, the attachment rows, the key and the download's row with the message.
//! Files are never touched here (a job may run twice): the callers delete them after the
//! commit, from what these return.
//!
//! Storage thread only (inside a job).
#include "core/secret/secret_payload.h"
#include "core/secret/secret_writes.h"
#include "storage/records.h"
#include "storage/tables/secret_attachments_table.h"
#include "storage/transaction.h"

#include <optional>

namespace msgr::core::secret {

//! What sealing the file on the device produced (secret_attachment_file.h).
struct SealedUpload {
    storage::AttachmentRecord attachment; //!< what the bubble shows (size: the plaintext's)
    storage::UploadRecord upload;         //!< the upload of the ciphertext file
    storage::SecretAttachmentRow secret;  //!< key, header, hashes, the temporary file
};

struct PendingFile {
    storage::MessageRecord message; //!< localId 0: refused (`error`)
    storage::UploadRecord upload;   //!< with its id
    QString error;
};

//! Stores the pending message of secret chat `chatId` with its file, the upload and the key.
PendingFile storePendingFile(storage::WriteTransaction &tx, qint64 chatId, const QString &caption,
                             SealedUpload sealed, qint64 randomId, qint64 nowMs);

struct SentFile {
    bool found = false;    //!< the upload was a secret chat's pending file
    OutgoingText outgoing; //!< the sent message and the envelope, or the refusal
    QString tempPath;      //!< the ciphertext file, no longer needed: delete it after the commit
};

//! The upload `uploadId` finished as `fileId`: when it carries a pending secret file, encrypts
//! the file's payload for the peer and stores the state, the message as sent and the envelope.
SentFile sendUploadedFile(storage::WriteTransaction &tx, qint64 uploadId, const QString &fileId,
                          qint64 nowMs);

//! The receiver: a file payload of chat `chatId` becomes a message with its attachment and key.
storage::MessageRecord storeReceivedFile(storage::WriteTransaction &tx, qint64 chatId,
                                         const SecretPayload &payload,
                                         const protocol::api::SecretEnvelope &e);

//! What to delete after a message's file was forgotten.
struct ForgottenFile {
    QString fileId;
    QString cacheName; //!< the media cache file (downloads.cache_name); empty when none
    QString tempPath;  //!< the sender's ciphertext file, when still there
};

//! The message `localId` goes (self-destruct): its attachment rows, its key and the download of
//! its file are deleted in this transaction. Nothing when it had no secret file.
std::optional<ForgottenFile> forgetFile(storage::WriteTransaction &tx, qint64 localId);

} // namespace msgr::core::secret
