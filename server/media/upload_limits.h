#pragma once
//! Every limit of media uploads in one place (docs/protocol.md "Media uploads" lists them).
//! Compile-time constants for now; they become settings when an operator needs to change one.
#include <QtGlobal>

namespace msgr::server::media {

//! The largest file: 4 GiB, above Telegram's 2 GB. Refused with 413 at creation, before a byte
//! is stored; also what OPTIONS announces as Tus-Max-Size.
inline constexpr qint64 kMaxUploadBytes = qint64(4) * 1024 * 1024 * 1024;

//! Unfinished uploads one user may hold at once. Each holds a partial file and a row; without
//! a cap one account could fill the disk with abandoned starts. Past it: 429.
inline constexpr int kMaxUnfinishedUploadsPerUser = 16;

//! Partial uploads one final upload may name (tus concatenation). A user holds at most
//! kMaxUnfinishedUploadsPerUser unfinished uploads, partial ones included, so more could never
//! all exist; past it: 400.
inline constexpr int kMaxConcatParts = kMaxUnfinishedUploadsPerUser;

//! An unfinished upload is kept at least this long after its creation (tus expiration: 24 h).
inline constexpr qint64 kUploadLifetimeMs = qint64(24) * 3600 * 1000;

//! The upload settings an operator may change (docs/server.md, "Media"); the defaults are the
//! documented limits. Plain values.
struct UploadSettings {
    //! An unfinished upload is kept this long after its creation (tus expiration).
    qint64 lifetimeMs = kUploadLifetimeMs;
    //! How often expired unfinished uploads (row and partial file) are removed.
    qint64 sweepIntervalMs = qint64(10) * 60 * 1000;
    //! Upload-Length summed over one user's unfinished uploads, the new one included. Past it
    //! a creation is refused (413): partial files are disk the user holds without a message.
    qint64 unfinishedQuotaBytes = qint64(16) * 1024 * 1024 * 1024;
    //! The lengths of one user's uploads, finished and not, summed (each upload counts in
    //! full for its uploader even when its content is stored once for several). 0: no cap.
    qint64 storedQuotaBytes = 0;
};

//! Expired uploads removed by one sweep step (one write unit); the sweep goes on until none is
//! left, so a backlog cannot make one write long.
inline constexpr int kSweepBatch = 256;

//! A PATCH body must bring bytes at least this often; a slow or silent peer is dropped, like
//! the edge's other deadlines, so it cannot hold a connection and the upload's lock forever.
inline constexpr int kPatchReadIdleMs = 30'000;

//! Parts made durable at once (UploadService::syncPart's threads, each mostly waiting on the
//! disk): one per upload the client of docs/protocol.md §9 sends in parallel.
inline constexpr int kPartSyncThreads = 4;

//! Uploads whose running SHA-256 the server keeps between PATCHes (RunningHashes: one OpenSSL
//! context each, a few hundred bytes), so finishing them needs no second read of the file. Past
//! it, an upload's finish reads the file as before: a bound on memory, not on uploads.
inline constexpr qsizetype kMaxRunningHashes = 4096;

//! Bytes read from the socket and written to the partial file at a time: the memory an upload
//! costs, whatever the size of its body.
inline constexpr size_t kBodyChunkBytes = 64 * 1024;

//! A refused request's body up to this size is read and dropped before the answer, so the
//! client sees it (closing with unread bytes makes TCP reset the connection, and the answer can
//! be lost); past it the connection is closed after the answer.
inline constexpr qint64 kMaxDrainedBodyBytes = 1024 * 1024;

//! Upload-Metadata header bytes and pairs accepted (a header already fits in 8 KiB; this
//! bounds what one upload stores).
inline constexpr int kMaxMetadataPairs = 16;
//! The filename and filetype values, in bytes after base64 decoding.
inline constexpr int kMaxMetadataValueBytes = 1024;

} // namespace msgr::server::media
