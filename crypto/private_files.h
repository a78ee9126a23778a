#pragma once
//! Files and folders that hold secrets are the owner's alone: the profile folder 0700, the
//! database and key.wrapped (and SQLite's -wal/-shm/-journal beside it) 0600. Existing ones
//! with wider modes (written by older builds) are narrowed. POSIX only; elsewhere these succeed
//! without changing anything (the OS's per-user profile folders protect them). Thread-safe.
#include <QString>

namespace msgr::crypto {

inline constexpr unsigned kPrivateDirectoryMode = 0700;
inline constexpr unsigned kPrivateFileMode = 0600;

//! Creates `path` (and missing parents, with the usual mode) and makes `path` itself 0700.
//! False if it cannot be created or its mode cannot be set.
bool ensurePrivateDirectory(const QString &path);
//! Creates an empty `path` with mode 0600 if it does not exist (so a library that then opens
//! it never creates it with its own, wider default), or narrows an existing file to 0600.
bool ensurePrivateFile(const QString &path);
//! Narrows an existing file to 0600; true if it does not exist.
bool restrictToOwner(const QString &path);
//! The permission bits (e.g. 0600) of `path`, or -1 if it cannot be read. For tests and logs.
int permissionBits(const QString &path);

} // namespace msgr::crypto
