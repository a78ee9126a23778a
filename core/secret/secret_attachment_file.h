#pragma once
//! A secret chat's file sealed on the device before its upload (docs/protocol.md §12.8): read
//! in kSecretFileChunkBytes pieces, sealed (crypto/secret/file_stream_seal.h) into a temporary
//! file of the profile's private folder (0600 in a 0700 folder, a random name), so a file of
//! any size passes through one chunk of memory. A failure leaves no temporary file behind.
//!
//! Thread affinity: none (files and values); never call it on the GUI thread (disk work).
#include "crypto/secret/file_stream_seal.h"

#include <QString>
#include <optional>

namespace msgr::core::secret {

//! The folder of a profile's temporary ciphertexts.
QString secretUploadDir(const QString &profileDir);

struct SealedFile {
    QString tempPath;
    crypto::SecureBytes key;
    QByteArray header;
    crypto::secret::SecretFileDigest digest;
};

//! Seals `sourcePath` into a new file of `tempDir`; nothing, with `*error`, when the source
//! cannot be read, is too large or the temporary file cannot be written.
std::optional<SealedFile> sealFileForUpload(const QString &sourcePath, const QString &tempDir,
                                            QString *error);

} // namespace msgr::core::secret
