#pragma once
//! Why opening a profile database failed (shared by ProfileStore and the SQLCipher opener).
#include <QString>

namespace msgr::storage {

enum class OpenError {
    None,
    WrongKeyOrCorrupt, // the file exists but does not decrypt: never overwritten
    NotSqlCipher,      // PRAGMA cipher_version gave no row: refusing to write plaintext
    Io,                // cannot create the directory or file
    Migration,         // a migration step failed and was rolled back
};

struct OpenResult {
    OpenError error = OpenError::None;
    QString message;
    bool ok() const { return error == OpenError::None; }
};

} // namespace msgr::storage
