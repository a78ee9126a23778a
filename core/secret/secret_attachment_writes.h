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
#include "crypto/secret/file_stream_seal.h"
#include "storage/records.h"
#include "storage/tables/secret_attachments_table.h"
#include "storage/transaction.h"

#include <optional>

namespace msgr::core::secret {

//! What the file's seal will be (secret_attachment_file.h's SealPlan), stored before it runs.
struct SealedUpload {
    storage::AttachmentRecord attachment; //!< what the bubble shows (size: the plaintext's)
    storage::UploadRecord upload;         //!< the upload of the ciphertext file (growing)
    //! key, header, the temporary file and the source; the hashes once sealed (`sealed`)
    storage::SecretAttachmentRow secret;
};

struct PendingFile {
    storage::MessageRecord message; //!< localId 0: refused (`error`)
    storage::UploadRecord upload;   //!< with its id
    QString error;
};

//! Stores the pending message of secret chat `chatId` with its file, the upload and the key.
PendingFile storePendingFile(storage::WriteTransaction &tx, qint64 chatId, const QString &caption,
                             SealedUpload sealed, qint64 randomId, qint64 nowMs);

//! The upload's file was sealed whole: its hashes are stored and its upload's file complete
//! (UploadsTable::setGrown). `found` false when the message went meanwhile (cancelled).
struct SealStored {
    bool found = false;
    storage::UploadRecord upload; //!< as it stands: Done when it finished before this
    //! The upload was cancelled meanwhile: its key went, this file must go (after the commit).
    QString orphanTempPath;
};
SealStored storeSealed(storage::WriteTransaction &tx, qint64 uploadId,
                       const crypto::secret::SecretFileDigest &digest, qint64 tempMtimeMs);

//! A seal that did not finish (refused, cancelled, its source changed): the pending message
//! `localId`, its attachment and its key go; the upload is the upload manager's to cancel.
void dropUnsealed(storage::WriteTransaction &tx, qint64 localId);

struct SentFile {
    bool found = false;    //!< the upload was a secret chat's pending file
    OutgoingText outgoing; //!< the sent message and the envelope, or the refusal
    QString tempPath;      //!< the ciphertext file, no longer needed: delete it after the commit
};

//! The upload `uploadId` finished as `fileId`: when it carries a pending secret file whose seal
//! finished (its hashes stored: storeSealed), encrypts the file's payload for the peer and
//! stores the state, the message as sent and the envelope. Runs once per message: the second
//! call finds it sent (`found` false).
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
