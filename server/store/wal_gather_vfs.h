#pragma once
//! A SQLite VFS over the platform's default one that gathers the WAL file's writes: the frames
//! one commit appends (SQLite writes each as two `pwrite`s, its 24-byte header and its page)
//! are copied into one buffer and written with one `pwrite` per buffer-full (127 KiB), at the
//! latest when SQLite syncs the WAL, reads an overlapping range, asks the file's size, truncates or
//! closes it. Every other file (the database, its shared memory) goes straight through.
//!
//! Durability is the same as without it: SQLite considers nothing durable before it syncs
//! the WAL, and the sync writes the buffer first (a failed write fails the sync, so the commit).
//! Another connection sees a commit only after the WAL index says so, which SQLite updates
//! after that sync. Issue 6's profile: the WAL's `pwrite`s were ~8 % of the server's CPU at
//! ~7 per message, most of it the syscall's fixed cost.

namespace msgr::server::sqlite {

//! The VFS's name for sqlite3_open_v2; registered (not as the default) on the first call.
//! Returns nullptr if SQLite has no default VFS to wrap (the caller then opens without it).
const char *walGatherVfsName();

} // namespace msgr::server::sqlite
