#pragma once
//! The records of media uploads (tus, docs/protocol.md "Media uploads"): kept apart from
//! store.h's chat records so the media feature reads as one piece. Records only: who may touch
//! an upload and what the limits are is decided in server/media/.
#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace msgr::server {

struct UploadRecord {
    QString id; // 32 hex digits of random bytes: unguessable, never a path
    qint64 ownerId = 0;
    qint64 length = 0; // Upload-Length, fixed at creation
    qint64 offset = 0; // bytes durably on disk (fsynced before this moved)
    QString fileName;  // Upload-Metadata "filename", may be empty
    QString fileType;  // Upload-Metadata "filetype", may be empty
    qint64 createdAt = 0;
    qint64 expiresAt = 0;
    //! Empty until the last byte arrived; then the hex SHA-256 of the whole file, which is
    //! also its content address in the blob store.
    QString sha256;
    //! tus concatenation (docs/protocol.md §9): empty for an ordinary upload; "partial" for a
    //! part of a later final upload, which is never filed by its hash, downloaded or attached
    //! by itself (it stays unfinished, and counts as such, until a final consumes it); or, for
    //! a final upload, its Upload-Concat as HEAD answers it ("final;/files/<id> /files/<id>").
    QString concat;

    bool finished() const { return !sha256.isEmpty(); }
    bool isPartial() const { return concat == QLatin1String("partial"); }
    bool isFinal() const { return concat.startsWith(QLatin1String("final;")); }
};

//! What one user's uploads hold (the quotas of server/media/upload_limits.h).
struct UploadUsage {
    qint64 unfinishedCount = 0; // not finished, not expired
    qint64 unfinishedBytes = 0; // their Upload-Lengths
    qint64 finishedBytes = 0;   // the lengths of the user's finished uploads
};

} // namespace msgr::server
