#pragma once
//! The server database's schema, as ordered migration steps tracked in PRAGMA user_version.
#include "server/store/sqlite_connection.h"

#include "protocol/objects.h"

#include <QString>
#include <optional>

namespace msgr::server::sqlite {

//! The schema version this build writes.
int latestSchemaVersion();

//! Brings the database up to `target` (latestSchemaVersion() unless a test builds an older
//! file), each step in its own transaction with foreign keys checked at its end. False and
//! `error` when a step fails or the file is from a newer build (left untouched). Leaves
//! foreign key enforcement on.
bool migrate(Connection &connection, QString *error, int target = latestSchemaVersion());

//! The stored code of a chat kind (chats.kind, schema 2): never renumbered.
qint64 chatKindCode(protocol::ChatKind kind);
std::optional<protocol::ChatKind> chatKindFromCode(qint64 code);

} // namespace msgr::server::sqlite
