#pragma once
//! Secret chats' files (secret_attachments, client migration 14; docs/protocol.md §12.8): per
//! message, the key that opens its ciphertext and what to check once open, and on the sender
//! the upload and temporary ciphertext file until the message is sent. The key comes out in
//! guarded memory (SecureBytes), SQLite's ordinary copy wiped. Rows only: what they mean is
//! core/secret/. Storage thread only (inside a job).
#include "crypto/secure_bytes.h"
#include "storage/transaction.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace msgr::storage {

struct SecretAttachmentRow {
    qint64 localId = 0;  //!< the message (messages.local_id)
    QString fileId;      //!< the server's file id; empty while the sender's upload runs
    qint64 uploadId = 0; //!< the sender's uploads row (0 on the receiver, and once sent)
    crypto::SecureBytes key;
    QByteArray header;
    qint64 plainSize = 0;
    //! BLAKE2b-256 of the plaintext from a payload of kind 5 or 6 (checked when the file is
    //! opened); empty for kinds 7 and 8 and for this version's own files.
    QByteArray plainHash;
    qint64 cipherSize = 0;
    QByteArray cipherSha256;
    QString tempPath; //!< the sender's ciphertext file until the upload finished
};

struct SecretAttachmentsTable {
    static void store(WriteTransaction &tx, const SecretAttachmentRow &row);
    static std::optional<SecretAttachmentRow> byLocalId(ReadTransaction &tx, qint64 localId);
    //! The row of a received or sent file (the newest when one file was sent twice).
    static std::optional<SecretAttachmentRow> byFileId(ReadTransaction &tx, const QString &fileId);
    static std::optional<SecretAttachmentRow> byUploadId(ReadTransaction &tx, qint64 uploadId);
    static void remove(WriteTransaction &tx, qint64 localId);
};

} // namespace msgr::storage
