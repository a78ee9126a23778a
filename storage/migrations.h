#pragma once
//! Versioned schema migrations (PRAGMA user_version), each step in its own transaction.
//! Storage thread only.
#include "storage/open_result.h"
#include "storage/sql_database.h"

namespace msgr::storage {

//! The schema version this build writes.
int latestSchemaVersion();

//! Brings the database from its user_version up to `targetVersion` step by step. A failed step
//! is rolled back and leaves the earlier steps in place. A newer file than this build is refused.
OpenResult migrate(sql::Database &db, int targetVersion = latestSchemaVersion());

} // namespace msgr::storage
