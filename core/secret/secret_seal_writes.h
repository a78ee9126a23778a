#pragma once
//! A secret file uploaded while it is sealed (core/secret/secret_attachment_file.h), in the
//! local database, each step ONE storage job like secret_attachment_writes.h's: the pending
//! message, its upload (growing) and the key with the source's size and mtime, before the seal
//! runs; the hashes and the upload's file complete, once it finished; everything gone, when it
//! did not. Files are never touched here: the callers delete them after the commit.
//!
//! Storage thread only (inside a job).
#include "core/secret/secret_attachment_writes.h"
#include "crypto/secret/file_stream_seal.h"
#include "storage/transaction.h"

namespace msgr::core::secret {

//! The plaintext a file is sealed from, as it was when the seal was planned.
struct SealSource {
    QString path;
    qint64 size = 0;
    qint64 mtimeMs = 0;
};

//! storePendingFile() for a file not sealed yet: its upload's file is growing and the row
//! remembers `source` (sealed again from it after a kill).
PendingFile storePendingSealing(storage::WriteTransaction &tx, qint64 chatId,
                                const QString &caption, const SealedUpload &sealing,
                                const SealSource &source, qint64 randomId, qint64 nowMs);

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

} // namespace msgr::core::secret
