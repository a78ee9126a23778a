#pragma once
//! The rules of media uploads over the records-only Store and a BlobStore: who may see an
//! upload (its creator only; anyone else is told "not found", so ids cannot be probed), the
//! per-user cap of unfinished uploads, one PATCH at a time per upload, offsets that move only
//! after the bytes are durable, and the content-addressed finish. Transport-free: the HTTP
//! side (edge/tus_exchange.*) maps the outcomes to status codes.
//!
//! Thread-safe. Every `done` runs on another thread (a read thread, the store's writer or
//! the hash thread); the caller hops back to its own.
#include "server/media/blob_store.h"
#include "server/media/running_hashes.h"
#include "server/store/store.h"

#include "server/media/upload_limits.h"

#include <QSet>
#include <QThreadPool>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace msgr::server {
class ReadPool;
namespace domain {
class Accounts;
}
} // namespace msgr::server

namespace msgr::server::media {

enum class UploadError {
    Unauthorized,    // no live session for the token
    NotFound,        // no such upload, or not the caller's
    TooMany,         // kMaxUnfinishedUploadsPerUser reached
    QuotaUnfinished, // UploadSettings::unfinishedQuotaBytes would be passed
    QuotaStored,     // UploadSettings::storedQuotaBytes would be passed
    Unfinished,      // a download of the caller's own upload before its last byte
    Attached,        // termination of a file a message carries: refused, it stays
    Busy,            // a queue is full: retry later
    // tus concatenation (a final upload naming its partial uploads):
    NotPartial,     // a named upload is not a partial one (an ordinary or a final upload)
    PartUnfinished, // a named partial upload has not received its last byte
    TooLarge,       // the parts sum to more than kMaxUploadBytes
    PartLocked,     // a PATCH (or another final) is using a named partial upload
    Internal,       // the store or the disk failed
};

//! Who may see an upload in a lookup.
enum class UploadAccess {
    Owner, // tus: its creator only
    //! GET /files/<id>: its creator, or a member of a chat where a message carrying the
    //! finished file was sent (docs/protocol.md §11), or one who may see the profile, group
    //! or channel it is a photo of (§24). Unfinished: Unfinished for its creator.
    Download,
};

struct UploadLookup {
    std::optional<UploadError> error;
    qint64 userId = 0;
    std::optional<UploadRecord> upload; // set when an id was asked for and error is empty
};

struct UploadCreated {
    std::optional<UploadError> error;
    UploadRecord upload;
    //! The same final sent again: `upload` is the one an earlier request assembled (an upload
    //! finished once, counted once).
    bool assembledEarlier = false;
};

class UploadService {
public:
    UploadService(Store &store, domain::Accounts &accounts, ReadPool &reads,
                  std::unique_ptr<BlobStore> blobs, qint64 sessionIdleMs,
                  UploadSettings settings = {});
    //! Stops the sweeper and waits for running finish jobs (their store writes are queued
    //! before the store closes).
    ~UploadService();

    const UploadSettings &settings() const { return m_settings; }
    //! Starts the sweeper thread: every sweepIntervalMs it removes the expired unfinished
    //! uploads (rows in the store's writer, then their partial files on the hash thread),
    //! kSweepBatch per write, skipping any a PATCH is writing. Off the connection threads.
    void startSweeper();
    //! One sweep now, from the calling thread; `done(removed)` runs on another thread once the
    //! rows of this step are gone and their partial files removed.
    void sweepOnce(std::function<void(int removed)> done);

    BlobStore &blobs() { return *m_blobs; }
    //! The running SHA-256 of ordinary uploads, fed by the PATCHes; finish() uses it.
    RunningHashes &runningHashes() { return m_running; }
    //! Stops the sweeper and waits for running finish and sweep jobs; called at shutdown before
    //! the store closes.
    void drain();

    //! Authenticates a session token and, when `uploadId` is not empty, finds that upload
    //! among those `access` lets the caller see; any other answers NotFound, like a missing
    //! one.
    //! With Download access, `contentProof` (the file's SHA-256 in lowercase hex, the
    //! request's `Msgr-Content-Sha256`) also opens a finished upload that no message carries:
    //! a secret chat's ciphertext, whose hash only the uploader's peer was told (§12.8).
    void lookup(const QString &token, const QString &uploadId,
                std::function<void(UploadLookup)> done, UploadAccess access = UploadAccess::Owner,
                const QString &contentProof = {});
    //! A new upload of `length` bytes, unless the user has too many unfinished ones or it would
    //! pass a byte quota (UploadSettings). `partial`: a part of a later final upload (tus
    //! concatenation), counted like any unfinished upload.
    void create(qint64 userId, qint64 length, const QString &fileName, const QString &fileType,
                std::function<void(UploadCreated)> done, bool partial = false);
    //! tus concatenation (upload_concat.cpp): a final upload of `userId` whose content is the
    //! partial uploads `partIds` in order. Each must be the user's, unexpired, a partial upload
    //! and complete; together at most kMaxUploadBytes. Their bytes are copied into one file,
    //! hashed and filed like finish() (content-addressed, deduplicated), off the connection
    //! threads; then, in one write, the final's row is stored finished and the partials' rows
    //! go (their bytes after). The quotas need no check: the final counts the bytes the
    //! partials counted until then. Idempotent: the final's id follows from `userId` and
    //! `partIds`, so the same final again, once the parts are consumed, answers with the final
    //! already assembled (while it exists) instead of NotFound.
    void concatenate(qint64 userId, const QStringList &partIds, const QString &fileName,
                     const QString &fileType, std::function<void(UploadCreated)> done);
    //! One writer per upload: false when a PATCH on it is already running.
    bool tryLock(const QString &uploadId);
    void unlock(const QString &uploadId);
    //! Makes a part's bytes durable (`PartWriter::sync`, an fdatasync) off the connection
    //! threads, then `done(ok)` on the sync thread. The writer must outlive the call. An
    //! fdatasync waits for the disk (5-15 ms per MiB part measured): on a connection thread it
    //! held up every other connection of that thread, the other parts of a parallel upload
    //! included.
    void syncPart(PartWriter &writer, std::function<void(bool)> done);
    //! Records the new durable offset (the bytes are synced already).
    void commitOffset(const QString &uploadId, qint64 offset, std::function<void(bool)> done);
    //! The last byte is durable: files it under its content address, off the connection
    //! threads, and marks the upload finished. The content hash is the one the PATCHes fed
    //! (RunningHashes) when it covers the whole file, else the whole file is read and hashed.
    void finish(const UploadRecord &upload, std::function<void(bool)> done);
    //! Termination: the row and the partial go (a finished file's content stays, it may be
    //! shared). A file a message carries is refused (Attached): the chat keeps it.
    void terminate(const UploadRecord &upload,
                   std::function<void(std::optional<UploadError>)> done);

private:
    //! 128 random bits in hex: an id nobody can guess, so knowing one is no hint to another.
    static QString newUploadId();
    //! concatenate(), once the parts are checked and locked: copy, record, release.
    void assemble(UploadRecord assembled, QList<BlobStore::Part> parts,
                  std::function<void(UploadCreated)> done);
    void releaseParts(const QList<BlobStore::Part> &parts, bool dropBytes);

    Store &m_store;
    domain::Accounts &m_accounts;
    ReadPool &m_reads;
    std::unique_ptr<BlobStore> m_blobs;
    RunningHashes m_running;
    const qint64 m_sessionIdleMs;
    std::mutex m_mutex;
    QSet<QString> m_locked; // uploads with a PATCH running
    QThreadPool m_hashPool; // one thread: whole-file hashes are disk-bound
    QThreadPool m_syncPool; // syncPart: several at once, the disk merges their flushes
    const UploadSettings m_settings;
    std::mutex m_sweepMutex;
    std::condition_variable m_sweepWake;
    bool m_sweepStop = false;
    std::thread m_sweeper;
};

} // namespace msgr::server::media
