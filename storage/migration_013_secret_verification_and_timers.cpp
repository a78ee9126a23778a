#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step013SecretVerificationAndTimers(sql::Database &db) {
    // secret_peer_identities: per peer device, the identity this device accepted for it (the
    //   first one seen, or the one the user confirmed after a change): a session opened with
    //   another identity for the same device is a KEY CHANGE (docs/protocol.md §12.6). Filled
    //   from the sessions already stored, the oldest first.
    // secret_chat_state: per secret chat, whether it waits for the user to confirm a changed
    //   key (nothing can be sent in it until then) and its self-destruct timer (ms, 0: off).
    //   A row of its own rather than columns of secret_sessions, which is written whole.
    // secret_service_entries: the history rows (messages, sender 0) that are events of the
    //   chat rather than texts: their kind (1 key changed, 2 key confirmed, 3 timer set) and
    //   value (the timer in ms), so a client shows them in its own language.
    // secret_timers: per self-destructing message (messages.local_id), its timer, the number
    //   the SENDER gave it (incoming; the read notice names it), and when it expires: NULL
    //   until the recipient read it; purged (message, search index, timer) at expiry and at
    //   start for those past it.
    return db.exec(R"sql(
CREATE TABLE secret_peer_identities(
  peer_user_id INTEGER NOT NULL,
  peer_device_id INTEGER NOT NULL,
  identity BLOB NOT NULL,
  PRIMARY KEY (peer_user_id, peer_device_id));
INSERT OR IGNORE INTO secret_peer_identities(peer_user_id, peer_device_id, identity)
  SELECT peer_user_id, peer_device_id, peer_identity FROM secret_sessions
  ORDER BY created_ms, chat_id DESC;
CREATE TABLE secret_chat_state(
  chat_id INTEGER PRIMARY KEY CHECK (chat_id < 0),
  key_changed INTEGER NOT NULL DEFAULT 0,
  ttl_ms INTEGER NOT NULL DEFAULT 0);
CREATE TABLE secret_service_entries(
  local_id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  value INTEGER NOT NULL DEFAULT 0);
CREATE TABLE secret_timers(
  local_id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL,
  ttl_ms INTEGER NOT NULL,
  peer_seq INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER);
CREATE INDEX secret_timers_by_expiry ON secret_timers(expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX secret_timers_by_peer_seq ON secret_timers(chat_id, peer_seq);
)sql");
}

} // namespace msgr::storage::migrations
