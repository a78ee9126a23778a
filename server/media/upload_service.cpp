#include "server/media/upload_service.h"

#include "crypto/session_token.h"
#include "crypto/sodium.h"
#include "server/domain/accounts.h"
#include "server/domain/photos.h"
#include "server/domain/units.h"
#include "server/media/upload_limits.h"
#include "server/read_pool.h"

#include <QDateTime>

#include <future>

namespace msgr::server::media {

namespace {
//! Whether `proof` is the stored hash, in time that does not depend on where they differ (the
//! hash is a credential here). An empty proof never matches.
bool sameContentHash(const QString &proof, const QString &sha256) {
    if (proof.isEmpty() || proof.size() != sha256.size())
        return false;
    char16_t diff = 0;
    for (qsizetype i = 0; i < proof.size(); ++i)
        diff |= char16_t(proof[i].unicode() ^ sha256[i].unicode());
    return diff == 0;
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

UploadError fromStoreError(StoreError error) {
    return error == StoreError::Busy ? UploadError::Busy : UploadError::Internal;
}
} // namespace

QString UploadService::newUploadId() {
    constexpr qsizetype kUploadIdBytes = 16;
    return QString::fromLatin1(crypto::randomBytes(kUploadIdBytes).toHex());
}

UploadService::UploadService(Store &store, domain::Accounts &accounts, ReadPool &reads,
                             std::unique_ptr<BlobStore> blobs, qint64 sessionIdleMs,
                             UploadSettings settings)
    : m_store(store), m_accounts(accounts), m_reads(reads), m_blobs(std::move(blobs)),
      m_sessionIdleMs(sessionIdleMs), m_settings(settings) {
    m_hashPool.setMaxThreadCount(1);
    m_syncPool.setMaxThreadCount(kPartSyncThreads);
}

UploadService::~UploadService() {
    drain();
}

void UploadService::drain() {
    {
        const std::lock_guard lock(m_sweepMutex);
        m_sweepStop = true;
    }
    m_sweepWake.notify_all();
    if (m_sweeper.joinable())
        m_sweeper.join();
    m_syncPool.waitForDone();
    m_hashPool.waitForDone();
}

void UploadService::startSweeper() {
    m_sweeper = std::thread([this] {
        std::unique_lock lock(m_sweepMutex);
        while (!m_sweepWake.wait_for(lock, std::chrono::milliseconds(m_settings.sweepIntervalMs),
                                     [this] { return m_sweepStop; })) {
            lock.unlock();
            // Step after step until a step finds nothing more (a backlog is cut in batches).
            while (true) {
                std::promise<int> removed;
                std::future<int> result = removed.get_future();
                sweepOnce([&removed](int count) { removed.set_value(count); });
                if (result.get() < kSweepBatch)
                    break;
                const std::lock_guard stop(m_sweepMutex);
                if (m_sweepStop)
                    break;
            }
            lock.lock();
        }
    });
}

void UploadService::sweepOnce(std::function<void(int removed)> done) {
    // The ids this step holds the upload lock of: a PATCH starting now gets 423, not a write
    // into a partial that is being removed. Released once the files are gone.
    auto taken = std::make_shared<QStringList>();
    domain::writeUnit<bool>(
        m_store,
        [this, taken](RecordWriter &records) -> StoreResult<bool> {
            taken->clear();
            for (const QString &id : records.expiredUploads(nowMs(), kSweepBatch)) {
                if (!tryLock(id))
                    continue; // a PATCH is running on it: the next sweep takes it
                records.deleteUpload(id);
                taken->append(id);
            }
            return true;
        },
        [this, taken, done](StoreResult<bool> result) {
            const bool ok = !storeError(result);
            // Disk work off the store's writer: on the hash thread, in order after any finish.
            m_hashPool.start([this, taken, done, ok] {
                for (const QString &id : std::as_const(*taken)) {
                    // The row is gone first: a partial without a row is garbage, never reachable.
                    m_running.forget(id);
                    if (ok)
                        m_blobs->removePart(id);
                    unlock(id);
                }
                done(ok ? int(taken->size()) : 0);
            });
        });
}

void UploadService::lookup(const QString &token, const QString &uploadId,
                           std::function<void(UploadLookup)> done, UploadAccess access,
                           const QString &contentProof) {
    auto job = [this, tokenHash = crypto::sessionTokenHash(token), uploadId, done, access,
                contentProof] {
        UploadLookup result;
        const auto session = m_accounts.sessionByTokenHash(tokenHash);
        if (const StoreError *error = storeError(session)) {
            result.error = fromStoreError(*error);
            return done(result);
        }
        const std::optional<SessionRef> &ref = std::get<std::optional<SessionRef>>(session);
        // The same rule as auth.resume: an unknown, revoked or idle-expired session is refused.
        if (!ref || nowMs() - ref->lastSeenAt > m_sessionIdleMs) {
            result.error = UploadError::Unauthorized;
            return done(result);
        }
        result.userId = ref->userId;
        if (!uploadId.isEmpty()) {
            const qint64 userId = ref->userId;
            // One snapshot for the row and the membership that grants access to it.
            const auto found = domain::readUnit<std::optional<UploadRecord>>(
                m_store, [&](RecordReader &records) -> std::optional<UploadRecord> {
                    std::optional<UploadRecord> upload = records.upload(uploadId);
                    if (!upload || upload->ownerId == userId)
                        return upload;
                    if (access == UploadAccess::Download && upload->finished() &&
                        records.fileSharedWith(uploadId, userId))
                        return upload;
                    // A profile, group or channel photo (§24): those who may see its subject.
                    if (access == UploadAccess::Download && upload->finished() &&
                        domain::photoReadable(records, uploadId, userId))
                        return upload;
                    // A secret chat's file (§12.8): no message here carries it; whoever names
                    // its content hash learnt it from the uploader, inside the ratchet.
                    if (access == UploadAccess::Download && upload->finished() &&
                        sameContentHash(contentProof, upload->sha256) &&
                        !records.fileAttached(uploadId))
                        return upload;
                    return std::nullopt; // another user's answers exactly like a missing one
                });
            if (const StoreError *error = storeError(found)) {
                result.error = fromStoreError(*error);
                return done(result);
            }
            const auto &upload = std::get<std::optional<UploadRecord>>(found);
            if (!upload)
                result.error = UploadError::NotFound;
            else if (access == UploadAccess::Download && !upload->finished())
                result.error = UploadError::Unfinished;
            else
                result.upload = upload;
        }
        done(result);
    };
    if (!m_reads.tryPost(job)) {
        UploadLookup busy;
        busy.error = UploadError::Busy;
        done(busy);
    }
}

void UploadService::create(qint64 userId, qint64 length, const QString &fileName,
                           const QString &fileType, std::function<void(UploadCreated)> done,
                           bool partial) {
    UploadRecord upload;
    upload.id = newUploadId();
    upload.ownerId = userId;
    upload.length = length;
    upload.fileName = fileName;
    upload.fileType = fileType;
    upload.createdAt = nowMs();
    upload.expiresAt = upload.createdAt + m_settings.lifetimeMs;
    if (partial)
        upload.concat = QStringLiteral("partial");
    domain::writeUnit<UploadCreated>(
        m_store,
        [upload, settings = m_settings](RecordWriter &records) -> StoreResult<UploadCreated> {
            // Counted inside the write unit, so two creations at once cannot both pass.
            // Expired ones are not counted: they are gone for the client already.
            const UploadUsage usage = records.uploadUsage(upload.ownerId, upload.createdAt);
            UploadCreated created;
            if (usage.unfinishedCount >= kMaxUnfinishedUploadsPerUser)
                created.error = UploadError::TooMany;
            else if (usage.unfinishedBytes + upload.length > settings.unfinishedQuotaBytes)
                created.error = UploadError::QuotaUnfinished;
            else if (settings.storedQuotaBytes > 0 &&
                     usage.finishedBytes + usage.unfinishedBytes + upload.length >
                         settings.storedQuotaBytes)
                created.error = UploadError::QuotaStored;
            if (created.error)
                return created; // nothing written
            records.insertUpload(upload);
            created.upload = upload;
            return created;
        },
        [done](StoreResult<UploadCreated> result) {
            if (const StoreError *error = storeError(result)) {
                UploadCreated failed;
                failed.error = fromStoreError(*error);
                return done(failed);
            }
            done(std::get<UploadCreated>(result));
        });
}

bool UploadService::tryLock(const QString &uploadId) {
    const std::lock_guard lock(m_mutex);
    if (m_locked.contains(uploadId))
        return false;
    m_locked.insert(uploadId);
    return true;
}

void UploadService::unlock(const QString &uploadId) {
    const std::lock_guard lock(m_mutex);
    m_locked.remove(uploadId);
}

void UploadService::syncPart(PartWriter &writer, std::function<void(bool)> done) {
    m_syncPool.start([&writer, done] { done(writer.sync()); });
}

void UploadService::commitOffset(const QString &uploadId, qint64 offset,
                                 std::function<void(bool)> done) {
    domain::writeUnit<bool>(
        m_store,
        [uploadId, offset](RecordWriter &records) -> StoreResult<bool> {
            if (!records.setUploadOffset(uploadId, offset))
                return StoreError::NotFound;
            return true;
        },
        [done](StoreResult<bool> result) { done(!storeError(result)); });
}

void UploadService::finish(const UploadRecord &upload, std::function<void(bool)> done) {
    m_hashPool.start([this, upload, done] {
        const std::optional<QByteArray> fed = m_running.takeDigest(upload.id, upload.length);
        const std::optional<QString> sha256 =
            fed ? m_blobs->fileHashed(upload.id, upload.length, QString::fromLatin1(fed->toHex()))
                : m_blobs->finish(upload.id, upload.length);
        if (!sha256)
            return done(false);
        domain::writeUnit<bool>(
            m_store,
            [id = upload.id, hash = *sha256](RecordWriter &records) -> StoreResult<bool> {
                if (!records.finishUpload(id, hash))
                    return StoreError::NotFound;
                return true;
            },
            [done](StoreResult<bool> result) { done(!storeError(result)); });
    });
}

void UploadService::terminate(const UploadRecord &upload,
                              std::function<void(std::optional<UploadError>)> done) {
    domain::writeUnit<bool>(
        m_store,
        [id = upload.id](RecordWriter &records) -> StoreResult<bool> {
            if (records.fileAttached(id))
                return StoreError::Forbidden;
            if (!records.deleteUpload(id))
                return StoreError::NotFound;
            return true;
        },
        [this, upload, done](StoreResult<bool> result) {
            // The row is gone first: a partial without a row is only garbage, never reachable.
            if (!storeError(result) && !upload.finished()) {
                m_running.forget(upload.id);
                m_blobs->removePart(upload.id);
            }
            const StoreError *error = storeError(result);
            if (!error)
                return done(std::nullopt);
            done(*error == StoreError::Forbidden ? UploadError::Attached : fromStoreError(*error));
        });
}

} // namespace msgr::server::media
