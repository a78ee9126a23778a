#include "storage/migration_steps.h"

#include "storage/storage_logging.h"

#include <QStringList>

namespace msgr::storage::migrations {
namespace {

//! Reads the old comma-joined chats.member_ids into chat_members rows (before chats is rebuilt).
bool membersToRows(sql::Database &db) {
    sql::Statement read = db.prepare("SELECT id, member_ids FROM chats;");
    sql::Statement insert = db.prepare(
        "INSERT OR IGNORE INTO chat_members(chat_id, user_id, position) VALUES (?1, ?2, ?3);");
    if (!read.isValid() || !insert.isValid())
        return false;
    while (read.next()) {
        const qint64 chatId = read.int64(0);
        const QStringList ids = read.text(1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        qint64 position = 0;
        for (const QString &text : ids) {
            bool ok = false;
            const qint64 userId = text.toLongLong(&ok);
            if (!ok || userId <= 0) { // written by this client: a damaged row, not a member
                qCWarning(lcStorage) << "chat" << chatId << "had an unreadable member id" << text;
                continue;
            }
            insert.reset();
            if (!insert.bind(1, chatId).bind(2, userId).bind(3, position++).run())
                return false;
        }
    }
    return read.ok();
}

} // namespace

bool step006RecordsForChannels(sql::Database &db) {
    // chat_members: one row per member instead of comma-joined text.
    // chats.kind: the number of storage::ChatKind (0 private, 1 group, 2 channel), not a name.
    // messages: a server id is unique only within its chat (channels will number their own
    //   messages), and so is the sort key: UNIQUE(chat_id, server_id), UNIQUE(chat_id,
    //   sort_key), the latter also the paging index. SQLite 3.15 cannot alter a column or a
    //   constraint, so both tables are rebuilt; local ids (the FTS docids) are kept, so the
    //   full-text index stays valid. DROP TABLE fires no trigger; the FTS triggers are recreated.
    if (!db.exec(R"sql(
CREATE TABLE chat_members(
  chat_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY(chat_id, user_id)) WITHOUT ROWID;
)sql"))
        return false;
    if (!membersToRows(db))
        return false;
    return db.exec(R"sql(
CREATE TABLE chats_v6(
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2)),
  title TEXT NOT NULL DEFAULT '',
  read_inbox_max_id INTEGER NOT NULL DEFAULT 0,
  read_outbox_max_id INTEGER NOT NULL DEFAULT 0,
  delivered_max_id INTEGER NOT NULL DEFAULT 0,
  unread_count INTEGER NOT NULL DEFAULT 0,
  last_local_id INTEGER NOT NULL DEFAULT 0,
  last_sort_key INTEGER NOT NULL DEFAULT 0,
  last_date INTEGER NOT NULL DEFAULT 0,
  history_complete INTEGER NOT NULL DEFAULT 0,
  pending_read_max_id INTEGER NOT NULL DEFAULT 0);
INSERT INTO chats_v6 SELECT id,
  CASE kind WHEN 'group' THEN 1 WHEN 'channel' THEN 2 ELSE 0 END,
  title, read_inbox_max_id, read_outbox_max_id, delivered_max_id, unread_count, last_local_id,
  last_sort_key, last_date, history_complete, pending_read_max_id FROM chats;
DROP TABLE chats;
ALTER TABLE chats_v6 RENAME TO chats;
CREATE INDEX chats_by_last_date ON chats(last_date);

CREATE TABLE messages_v6(
  local_id INTEGER PRIMARY KEY,
  server_id INTEGER,
  chat_id INTEGER NOT NULL,
  sender_id INTEGER NOT NULL,
  date INTEGER NOT NULL,
  text TEXT NOT NULL,
  random_id INTEGER UNIQUE,
  pending INTEGER NOT NULL DEFAULT 0,
  sort_key INTEGER NOT NULL,
  failed INTEGER NOT NULL DEFAULT 0,
  UNIQUE(chat_id, server_id),
  UNIQUE(chat_id, sort_key));
INSERT INTO messages_v6(local_id, server_id, chat_id, sender_id, date, text, random_id, pending,
  sort_key, failed)
  SELECT local_id, server_id, chat_id, sender_id, date, text, random_id, pending, sort_key, failed
  FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v6 RENAME TO messages;
CREATE INDEX messages_pending ON messages(pending) WHERE pending != 0;
CREATE INDEX messages_failed ON messages(chat_id) WHERE failed != 0;
CREATE TRIGGER messages_fts_before_update BEFORE UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE docid = old.local_id;
END;
CREATE TRIGGER messages_fts_before_delete BEFORE DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE docid = old.local_id;
END;
CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF text ON messages BEGIN
  INSERT INTO messages_fts(docid, text) VALUES (new.local_id, new.text);
END;
)sql");
}

} // namespace msgr::storage::migrations
