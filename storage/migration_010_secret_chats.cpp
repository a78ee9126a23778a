#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step010SecretChats(sql::Database &db) {
    // secret_device_keys: one row, this device's private secret-chat keys as
    //   crypto::secret::encodeDeviceKeys writes them (identity, the signed pre-keys still held,
    //   the unused one-time pre-keys), for the account device `device_id` (a new sign-in is a new
    //   device and gets new keys); `last_envelope_id`: the newest relay envelope processed (its
    //   effects committed), so a copy delivered again after a crash before secret.ack is
    //   recognised and skipped.
    // secret_sessions: one per secret chat (chats.id, negative: storage/secret_chat_id.h): the
    //   peer device, its identity (public, 64 bytes), the initiator's ephemeral key (public: it
    //   tells a repeated pre-key message of this session from a new session), the initiator's
    //   pre-key message while the peer has not answered yet (every message goes out in that
    //   envelope until then), and the ratchet state (crypto::secret::encodeRatchetState).
    // secret_outbox: envelopes encrypted and committed (with the state that encrypted them) but
    //   not yet accepted by the relay; sent again after a restart. The peer's ratchet refuses a
    //   second copy, so a resend after a lost answer is harmless.
    // Secret messages themselves are rows of `messages` in their (negative) chat, numbered per
    //   chat in `server_id` by this device; they never reach the server's history.
    return db.exec(R"sql(
CREATE TABLE secret_device_keys(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id INTEGER NOT NULL,
  keys BLOB NOT NULL,
  last_envelope_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE secret_sessions(
  chat_id INTEGER PRIMARY KEY CHECK (chat_id < 0),
  peer_user_id INTEGER NOT NULL,
  peer_device_id INTEGER NOT NULL,
  peer_identity BLOB NOT NULL,
  handshake_key BLOB NOT NULL,
  pre_key_message BLOB,
  state BLOB NOT NULL,
  created_ms INTEGER NOT NULL);
CREATE INDEX secret_sessions_by_peer ON secret_sessions(peer_user_id, peer_device_id);
CREATE TABLE secret_outbox(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id INTEGER NOT NULL,
  peer_user_id INTEGER NOT NULL,
  peer_device_id INTEGER NOT NULL,
  envelope BLOB NOT NULL,
  local_id INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL DEFAULT 0);
)sql");
}

} // namespace msgr::storage::migrations
