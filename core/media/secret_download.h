#pragma once
//! Downloads of secret chats' files (docs/protocol.md §12.8): the ciphertext is fetched into
//! the media cache like any file (resumable, sealed under the cache's own key), with its
//! SHA-256 as the download's proof (Msgr-Content-Sha256); once it is whole it is opened,
//! checked (every chunk, the final tag, size, and for payload kinds 5 and 6 the plaintext's
//! BLAKE2b-256) and re-sealed into a new cache file
//! as plaintext, which is what the viewers read. A file that fails any check is deleted with its
//! ciphertext: nothing half-written is kept.
//!
//! Thread affinity: none (values and files); the DownloadManager's transfer thread uses it.
#include "core/media/media_cache.h"
#include "crypto/secure_bytes.h"
#include "storage/transaction.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace msgr::core {

//! What opens one secret file: from secret_attachments (storage), secret in memory.
struct SecretDownloadKey {
    crypto::SecureBytes key;
    QByteArray header;
    qint64 plainSize = 0;
    QByteArray plainHash; //!< kinds 5 and 6: checked once opened; empty for 7 and 8
    QByteArray cipherSha256;
};

//! The key of file `fileId` when it is a secret chat's (storage thread, inside a job).
std::optional<SecretDownloadKey> secretDownloadKeyFor(storage::ReadTransaction &tx,
                                                      const QString &fileId);

struct OpenedSecretCache {
    crypto::SecureBytes key; //!< the new cache file's key
    CacheCommit commit;      //!< where it stands (complete)
};

//! Opens the whole ciphertext cached at `sealedPath` (under `cacheKey`) with `secret` into a
//! new cache file at `plainPath`. On failure `plainPath` is removed and `*error` says why (in
//! the user's language); `sealedPath` is left to the caller.
std::optional<OpenedSecretCache> openSecretCache(const QString &sealedPath,
                                                 const crypto::SecureBytes &cacheKey,
                                                 const SecretDownloadKey &secret,
                                                 const QString &plainPath, QString *error);

} // namespace msgr::core
