#pragma once
//! The server database's schema, as ordered migration steps tracked in PRAGMA user_version.
#include "server/store/sqlite_connection.h"

#include <QString>

namespace msgr::server::sqlite {

//! The schema version this build writes.
int latestSchemaVersion();

//! Brings the database up to latestSchemaVersion(), each step in its own transaction.
//! False and `error` when a step fails or the file is from a newer build (left untouched).
bool migrate(Connection &connection, QString *error);

} // namespace msgr::server::sqlite
