// tus concatenation (docs/protocol.md §9): a final upload assembled from the same user's
// complete partial uploads. Part of UploadService; a file of its own so the PATCH path in
// upload_service.cpp stays as it is.
#include "server/media/upload_service.h"

#include "crypto/sodium.h"
#include "server/domain/units.h"
#include "server/media/upload_limits.h"
#include "server/read_pool.h"

#include <QDateTime>

namespace msgr::server::media {

namespace {
struct PartsChecked {
    std::optional<UploadError> error;
    QList<BlobStore::Part> parts;
    qint64 length = 0;
    //! The final these parts were consumed by already: the same final sent again (its answer
    //! was lost, or the client died before it recorded it) answers with it.
    std::optional<UploadRecord> earlier;
};

//! The parts in order, or the first rule they break: an expired or foreign part is NotFound,
//! exactly like a missing one (ids cannot be probed); then the kind of each, the declared sum
//! (so a final too large is refused before its parts are sent), and last their completion.
PartsChecked checkParts(RecordReader &records, qint64 userId, const QStringList &partIds,
                        qint64 now) {
    PartsChecked checked;
    bool complete = true;
    for (const QString &id : partIds) {
        const std::optional<UploadRecord> part = records.upload(id);
        if (!part || part->ownerId != userId || (!part->finished() && now >= part->expiresAt)) {
            checked.error = UploadError::NotFound;
            return checked;
        }
        if (!part->isPartial()) {
            checked.error = UploadError::NotPartial;
            return checked;
        }
        complete = complete && part->offset == part->length;
        checked.parts.append({part->id, part->length});
        checked.length += part->length;
    }
    if (checked.length > kMaxUploadBytes)
        checked.error = UploadError::TooLarge;
    else if (!complete)
        checked.error = UploadError::PartUnfinished;
    return checked;
}

QString concatValue(const QStringList &partIds) {
    QStringList urls;
    for (const QString &id : partIds)
        urls.append(QStringLiteral("/files/") + id);
    return QStringLiteral("final;") + urls.join(u' ');
}

//! The final upload's id follows from its owner and its parts, so the same final sent again
//! finds the one already assembled (the parts' rows are gone by then). The partial ids are 128
//! random bits known only to their owner: this id is as unguessable as a random one.
QString finalUploadId(qint64 userId, const QStringList &partIds) {
    const QByteArray seed =
        "msgr final upload\n" + QByteArray::number(userId) + '\n' + concatValue(partIds).toLatin1();
    constexpr qsizetype kUploadIdBytes = 16;
    return QString::fromLatin1(crypto::sha256(seed).left(kUploadIdBytes).toHex());
}

//! The final `finalId` of these parts, when an earlier request assembled it (and its owner did
//! not delete it since).
std::optional<UploadRecord> earlierFinal(RecordReader &records, qint64 userId,
                                         const QStringList &partIds, const QString &finalId) {
    std::optional<UploadRecord> assembled = records.upload(finalId);
    if (!assembled || assembled->ownerId != userId || !assembled->finished() ||
        assembled->concat != concatValue(partIds))
        return std::nullopt;
    return assembled;
}
} // namespace

void UploadService::concatenate(qint64 userId, const QStringList &partIds, const QString &fileName,
                                const QString &fileType, std::function<void(UploadCreated)> done) {
    auto job = [this, userId, partIds, fileName, fileType, done] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString finalId = finalUploadId(userId, partIds);
        const auto checked = domain::readUnit<PartsChecked>(
            m_store, [&](RecordReader &records) -> StoreResult<PartsChecked> {
                PartsChecked parts = checkParts(records, userId, partIds, now);
                if (parts.error == UploadError::NotFound)
                    parts.earlier = earlierFinal(records, userId, partIds, finalId);
                return parts;
            });
        UploadCreated failed;
        if (const StoreError *error = storeError(checked)) {
            failed.error = *error == StoreError::Busy ? UploadError::Busy : UploadError::Internal;
            return done(failed);
        }
        const PartsChecked &parts = std::get<PartsChecked>(checked);
        if (parts.earlier) {
            UploadCreated again;
            again.upload = *parts.earlier;
            again.assembledEarlier = true;
            return done(again);
        }
        if (parts.error) {
            failed.error = parts.error;
            return done(failed);
        }
        // Under the parts' locks from here: no PATCH, DELETE, sweep or other final touches
        // them until their rows are gone (or the attempt failed and they are released).
        for (qsizetype i = 0; i < parts.parts.size(); ++i) {
            if (!tryLock(parts.parts[i].uploadId)) {
                releaseParts(parts.parts.first(i), false);
                failed.error = UploadError::PartLocked;
                return done(failed);
            }
        }
        UploadRecord assembled;
        assembled.id = finalId;
        assembled.ownerId = userId;
        assembled.length = parts.length;
        assembled.offset = parts.length;
        assembled.fileName = fileName;
        assembled.fileType = fileType;
        assembled.createdAt = now;
        assembled.expiresAt = now + m_settings.lifetimeMs;
        assembled.concat = concatValue(partIds);
        assemble(std::move(assembled), parts.parts, done);
    };
    if (!m_reads.tryPost(job)) {
        UploadCreated busy;
        busy.error = UploadError::Busy;
        done(busy);
    }
}

void UploadService::assemble(UploadRecord assembled, QList<BlobStore::Part> parts,
                             std::function<void(UploadCreated)> done) {
    // On the hash thread, like finish(): the copy reads and writes every byte.
    m_hashPool.start([this, assembled, parts, done]() mutable {
        const std::optional<QString> sha256 = m_blobs->concatenate(assembled.id, parts);
        if (!sha256) {
            releaseParts(parts, false);
            UploadCreated failed;
            failed.error = UploadError::Internal;
            return done(failed);
        }
        assembled.sha256 = *sha256;
        domain::writeUnit<bool>(
            m_store,
            [assembled, parts](RecordWriter &records) -> StoreResult<bool> {
                records.insertUpload(assembled);
                for (const BlobStore::Part &part : parts) {
                    if (!records.deleteUpload(part.uploadId))
                        return StoreError::NotFound; // cannot happen under the locks
                }
                return true;
            },
            [this, assembled, parts, done](StoreResult<bool> result) {
                const StoreError *failed = storeError(result);
                const std::optional<UploadError> error = !failed ? std::nullopt
                                                         : *failed == StoreError::Busy
                                                             ? std::optional(UploadError::Busy)
                                                             : std::optional(UploadError::Internal);
                // Without the row the filed content is an orphan like a crash's; the parts
                // stay, so the client may send the same final again.
                m_hashPool.start([this, assembled, parts, done, error] {
                    releaseParts(parts, !error);
                    UploadCreated created;
                    created.error = error;
                    if (!error)
                        created.upload = assembled;
                    done(created);
                });
            });
    });
}

void UploadService::releaseParts(const QList<BlobStore::Part> &parts, bool dropBytes) {
    for (const BlobStore::Part &part : parts) {
        // The row is gone first: a partial without a row is garbage, never reachable.
        if (dropBytes)
            m_blobs->removePart(part.uploadId);
        unlock(part.uploadId);
    }
}

} // namespace msgr::server::media
