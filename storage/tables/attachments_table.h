#pragma once
//! The attachments of stored messages (message_attachments, schema 12), written with their
//! message by MessagesTable and, for a pending message, given their file ids as its uploads
//! finish. Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <QList>

namespace msgr::storage {

//! The most attachments one message keeps (the protocol's kMaxAttachments is lower).
inline constexpr int kMaxStoredAttachments = 32;

struct AttachmentsTable {
    //! Replaces the message's attachments with `attachments` (the first kMaxStoredAttachments).
    static void store(WriteTransaction &tx, qint64 localId,
                      const QList<AttachmentRecord> &attachments);
    static QList<AttachmentRecord> load(ReadTransaction &tx, qint64 localId);
    //! Fills in each record's attachments (one query per message that has any).
    static void loadInto(ReadTransaction &tx, QList<MessageRecord> &records);
    static void remove(WriteTransaction &tx, qint64 localId);
    //! remove(), then the file ids the message carried that no stored message (plain or
    //! secret) refers to any more.
    static QStringList removeReleasing(WriteTransaction &tx, qint64 localId);
    //! The upload `uploadId` finished as `fileId`: the attachment waiting for it gets it.
    //! Returns the local ids of the messages that changed (none when none waited).
    static QList<qint64> setUploadedFileId(WriteTransaction &tx, qint64 uploadId,
                                           const QString &fileId);
    //! The local ids of pending messages waiting for the upload `uploadId`.
    static QList<qint64> waitingFor(ReadTransaction &tx, qint64 uploadId);
};

} // namespace msgr::storage
