#pragma once
//! A secret chat's file sealed on the device for its upload (docs/protocol.md §12.8): read in
//! blocks of 4 kSecretFileChunkBytes chunks (256 KiB), sealed chunk by chunk
//! (crypto/secret/file_stream_seal.h) into one reused block and written with one call into a
//! temporary file of the profile's private folder (0600 in a 0700 folder, a random name), so a
//! file of any size passes through two blocks of memory, allocated once.
//!
//! Seal while uploading: planSeal() decides everything the pending message and its upload
//! need before the first byte is sealed (the key, the header, the temporary file's name and
//! the ciphertext's length, sealedSizeOf(plainSize)); sealPlanned() then seals, telling after
//! each flush how many ciphertext bytes are on disk, so the upload follows it. A seal cut off
//! by an app kill runs again from the same plan (the stored key and header give the same
//! ciphertext): the bytes already in the temporary file are compared, not written again, and
//! a source whose size, mtime or content changed is refused instead of being sent as a mix.
//! Anything but a finished seal leaves no temporary file behind.
//!
//! Thread affinity: none (files and values); never call it on the GUI thread (disk work).
#include "crypto/secret/file_stream_seal.h"

#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace msgr::core::secret {

//! The folder of a profile's temporary ciphertexts.
QString secretUploadDir(const QString &profileDir);

//! Ciphertext bytes between two reports of sealPlanned() (and the flushes before them).
inline constexpr qint64 kSealReportBytes = qint64(1) << 20;

//! What a file's seal is, decided before it runs (stored with the pending message).
struct SealPlan {
    QString sourcePath; //!< absolute
    qint64 plainSize = 0;
    qint64 sourceMtimeMs = 0;
    QString tempPath;
    crypto::SecureBytes key;
    QByteArray header;
    qint64 cipherSize = 0; //!< sealedSizeOf(plainSize): the upload's length
};

//! A new key and header and a new temporary name for `sourcePath`; nothing, with `*error`,
//! when the source is not a readable file or is too large. Writes nothing.
std::optional<SealPlan> planSeal(const QString &sourcePath, const QString &tempDir, QString *error);

enum class SealStatus {
    Sealed,
    Cancelled,     //!< `cancelled` was set
    SourceChanged, //!< size, mtime or content differ from the plan (or from a first seal)
    Failed,        //!< unreadable source, unwritable temporary file
};

struct SealOutcome {
    SealStatus status = SealStatus::Failed;
    crypto::secret::SecretFileDigest digest; //!< when Sealed
    qint64 tempMtimeMs = 0;                  //!< the finished ciphertext file's mtime
    QString error;                           //!< a sentence for the user, when not Sealed
};

//! Seals the plan's source into its temporary file (created 0600, or continued: see above).
//! `flushed(bytes)` runs on this thread once at least kSealReportBytes more ciphertext was
//! written (unbuffered, so the upload reads it at once): the first `bytes` of the file are
//! final. The last piece is not reported: once Sealed the whole
//! file (plan.cipherSize) is, and the caller announces it after storing the hashes, so the
//! upload cannot finish before they are stored. `cancelled` is read before each 256 KiB block.
SealOutcome sealPlanned(const SealPlan &plan, const std::atomic<bool> &cancelled,
                        const std::function<void(qint64 bytes)> &flushed);

struct SealedFile {
    QString tempPath;
    crypto::SecureBytes key;
    QByteArray header;
    crypto::secret::SecretFileDigest digest;
};

//! planSeal() and sealPlanned() in one go (tests, benchmarks); nothing, with `*error`, when
//! either refused.
std::optional<SealedFile> sealFileForUpload(const QString &sourcePath, const QString &tempDir,
                                            QString *error);

} // namespace msgr::core::secret
