#pragma once
//! Opens a SQLCipher database safely: refuses plain SQLite, never modifies a file that does not
//! decrypt. The profile folder is made 0700, the database file 0600 before SQLite first opens it
//! (SQLite gives its -wal, -shm and -journal files the database file's mode). Runs on the
//! calling thread (the storage thread in the client).
#include "storage/open_result.h"
#include "storage/sql_database.h"

#include <QByteArrayView>

namespace msgr::storage {

inline constexpr int kRawKeyBytes = 32;
inline constexpr int kCipherPageSize = 4096;

//! The linked library's `PRAGMA cipher_version`, empty when it is plain SQLite. Touches no file.
QString linkedSqlCipherVersion();

//! Opens or creates `path` encrypted with a raw 256-bit key (no KDF), with explicit cipher
//! parameters, then checks that the key decrypts the file before anything is written. WAL on.
//! The key is only read; its hexadecimal form is built in guarded memory (crypto::SecureBytes).
OpenResult openEncryptedDatabase(sql::Database &db, const QString &path, QByteArrayView rawKey);

//! The same library without a key: only for measuring the cost of encryption in benchmarks.
OpenResult openPlaintextDatabaseForBenchmark(sql::Database &db, const QString &path);

} // namespace msgr::storage
