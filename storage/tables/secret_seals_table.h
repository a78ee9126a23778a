#pragma once
//! Where the seal of a sender's secret file stands (secret_attachments' seal columns, client
//! migration 32): the plaintext it is sealed from (path, size, mtime) and whether the seal
//! finished. A file is uploaded while it is sealed, so its row exists before its hashes do;
//! after an app kill the unfinished seals run again (core/messages/secret_file_sender.h).
//! SecretAttachmentsTable::store() leaves a row sealed (the columns' defaults): setSource()
//! comes after it. Rows only: what they mean is core/secret/. Storage thread only.
#include "crypto/secure_bytes.h"
#include "storage/transaction.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace msgr::storage {

//! What an unfinished seal needs to run again.
struct SecretSealRow {
    qint64 localId = 0;
    qint64 uploadId = 0;
    crypto::SecureBytes key;
    QByteArray header;
    QString tempPath;
    QString sourcePath;
    qint64 sourceSize = 0;
    qint64 sourceMtimeMs = 0;
};

struct SecretSealsTable {
    //! Message `localId`'s file is sealed from this source: not sealed yet.
    static void setSource(WriteTransaction &tx, qint64 localId, const QString &path, qint64 size,
                          qint64 mtimeMs);
    //! The seal finished: the ciphertext's size and hash (the payload's), sealed. (The
    //! plaintext's hash is not computed since payload kinds 7 and 8: plain_hash stays empty.)
    static void setSealed(WriteTransaction &tx, qint64 localId, qint64 cipherSize,
                          const QByteArray &cipherSha256);
    //! False while message `localId`'s file is being sealed; true otherwise (no row too).
    static bool isSealed(ReadTransaction &tx, qint64 localId);
    //! The sender's files whose seal has not finished, oldest first.
    static QList<SecretSealRow> unsealed(ReadTransaction &tx);
    //! The messages (local ids) of the sender's files not sent yet: sealing or uploading.
    static QList<qint64> sending(ReadTransaction &tx);
};

} // namespace msgr::storage
