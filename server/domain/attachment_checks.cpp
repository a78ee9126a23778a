#include "server/domain/attachment_checks.h"

namespace msgr::server::domain::attachment_checks {

std::optional<AttachmentRefusal> firstRefused(RecordReader &records, qint64 senderId,
                                              const QList<protocol::Attachment> &attachments) {
    using Reason = AttachmentRefusal::Reason;
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        const protocol::Attachment &attachment = attachments.at(i);
        const std::optional<UploadRecord> file = records.upload(attachment.fileId);
        // Ownership first: for anyone else an unfinished upload does not exist.
        const bool own = file && file->ownerId == senderId;
        if (!file || (!own && !records.fileSharedWith(attachment.fileId, senderId)))
            return AttachmentRefusal{Reason::NotFound, i};
        if (!file->finished())
            return AttachmentRefusal{Reason::Unfinished, i};
        if (file->length != attachment.size)
            return AttachmentRefusal{Reason::SizeMismatch, i};
    }
    return std::nullopt;
}

Refusal describe(const AttachmentRefusal &refusal) {
    using Reason = AttachmentRefusal::Reason;
    switch (refusal.reason) {
    case Reason::NotFound:
        return Refusal{protocol::ErrorCode::NotFound,
                       QStringLiteral("attachment %1: no such file").arg(refusal.index)};
    case Reason::Unfinished:
        return Refusal{
            protocol::ErrorCode::BadRequest,
            QStringLiteral("attachment %1: the upload is not finished").arg(refusal.index)};
    case Reason::SizeMismatch:
        return Refusal{
            protocol::ErrorCode::BadRequest,
            QStringLiteral("attachment %1: size is not the file's length").arg(refusal.index)};
    }
    return Refusal{protocol::ErrorCode::BadRequest,
                   QStringLiteral("attachment %1: unusable").arg(refusal.index)};
}

} // namespace msgr::server::domain::attachment_checks
