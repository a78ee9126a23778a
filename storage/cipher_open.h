#pragma once
//! Opens a SQLCipher database safely: refuses plain SQLite, never modifies a file that does not
//! decrypt. Runs on the calling thread (the storage thread in the client).
#include "storage/open_result.h"
#include "storage/sql_database.h"

#include <QByteArray>

namespace msgr::storage {

inline constexpr int kRawKeyBytes = 32;
inline constexpr int kCipherPageSize = 4096;

//! The linked library's `PRAGMA cipher_version`, empty when it is plain SQLite. Touches no file.
QString linkedSqlCipherVersion();

//! Opens or creates `path` encrypted with a raw 256-bit key (no KDF), with explicit cipher
//! parameters, then checks that the key decrypts the file before anything is written. WAL on.
OpenResult openEncryptedDatabase(sql::Database &db, const QString &path, const QByteArray &rawKey);

//! The same library without a key: only for measuring the cost of encryption in benchmarks.
OpenResult openPlaintextDatabaseForBenchmark(sql::Database &db, const QString &path);

} // namespace msgr::storage
