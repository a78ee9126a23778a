#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step001CreateTables(sql::Database &db) {
    // account: one row (id = 1); the token lives only here, inside the encrypted file.
    // messages.sort_key: the server id for sent messages, 2^62 + local_id for pending ones, so
    // pending messages sort after every sent one and paging needs one index.
    return db.exec(R"sql(
CREATE TABLE account(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  user_id INTEGER NOT NULL DEFAULT 0,
  device_id INTEGER NOT NULL DEFAULT 0,
  username TEXT NOT NULL DEFAULT '',
  token TEXT NOT NULL DEFAULT '',
  pts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '');
CREATE TABLE chats(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'private',
  title TEXT NOT NULL DEFAULT '',
  member_ids TEXT NOT NULL DEFAULT '',
  read_inbox_max_id INTEGER NOT NULL DEFAULT 0,
  read_outbox_max_id INTEGER NOT NULL DEFAULT 0,
  delivered_max_id INTEGER NOT NULL DEFAULT 0,
  unread_count INTEGER NOT NULL DEFAULT 0,
  last_local_id INTEGER NOT NULL DEFAULT 0,
  last_sort_key INTEGER NOT NULL DEFAULT 0,
  last_date INTEGER NOT NULL DEFAULT 0);
CREATE INDEX chats_by_last_date ON chats(last_date);
CREATE TABLE messages(
  local_id INTEGER PRIMARY KEY,
  server_id INTEGER UNIQUE,
  chat_id INTEGER NOT NULL,
  sender_id INTEGER NOT NULL,
  date INTEGER NOT NULL,
  text TEXT NOT NULL,
  random_id INTEGER UNIQUE,
  pending INTEGER NOT NULL DEFAULT 0,
  sort_key INTEGER NOT NULL);
CREATE INDEX messages_by_chat ON messages(chat_id, sort_key);
CREATE INDEX messages_pending ON messages(pending) WHERE pending != 0;
)sql");
}

} // namespace msgr::storage::migrations
