#pragma once
//! The settings of the embedded store (docs/server.md); plain values, so the server's
//! configuration can hold them without pulling the store in.
#include <QtGlobal>

namespace msgr::server {

//! What the store checks of the database file when it opens (--check-db).
enum class StoreCheck {
    Off,   // nothing (for a very large file whose check would delay the start too long)
    Quick, // PRAGMA quick_check: every b-tree page readable and well-formed; O(file size)
    Full,  // PRAGMA integrity_check: quick_check plus index contents and constraints; slower
};

struct SqliteStoreOptions {
    int logRetention = 10000;     // update log entries kept per user (protocol.md §1); >= 1
    int maxBatch = 256;           // writes per transaction; 1 disables group commit; >= 1
    int maxQueuedWrites = 10'000; // writes waiting for the writer; past it: Busy; >= 1
    StoreCheck check = StoreCheck::Quick;
};

} // namespace msgr::server
