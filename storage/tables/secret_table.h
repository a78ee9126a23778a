#pragma once
//! The secret chats' rows (migration 10): this device's private keys, the sessions with their
//! ratchet states, the newest envelope processed, and the envelopes not yet relayed. Bytes only:
//! what they mean (crypto::secret's codecs) is core/secret's. Private keys and ratchet states
//! come out in guarded memory (SecureBytes) and the ordinary buffer SQLite's copy went through
//! is wiped. Storage thread only (inside a job).
#include "crypto/secure_bytes.h"
#include "storage/transaction.h"

#include <QList>
#include <optional>

namespace msgr::storage {

struct SecretDeviceKeysRow {
    qint64 deviceId = 0;      // the account device the keys were made for
    crypto::SecureBytes keys; // crypto::secret::encodeDeviceKeys
};

struct SecretSessionRow {
    qint64 chatId = 0; // negative (secret_chat_id.h)
    qint64 peerUserId = 0;
    qint64 peerDeviceId = 0;
    QByteArray peerIdentity;   // public: signing key || agreement key
    QByteArray handshakeKey;   // public: the initiator's ephemeral key of this session
    QByteArray preKeyMessage;  // initiator only, until the peer's first answer; else empty
    crypto::SecureBytes state; // crypto::secret::encodeRatchetState
    qint64 createdMs = 0;
};

struct SecretOutboxRow {
    qint64 id = 0;
    qint64 chatId = 0;
    qint64 peerUserId = 0;
    qint64 peerDeviceId = 0;
    QByteArray envelope; // ciphertext, as secret.send takes it
    qint64 localId = 0;  // the message row it carries (0: the chat's opening, no row)
    qint64 seq = 0;      // that message's number in its chat (messages.server_id)
};

struct SecretTable {
    static std::optional<SecretDeviceKeysRow> deviceKeys(ReadTransaction &tx);
    //! Replaces the keys; a different device than the stored one also starts its envelope
    //! count again (a new device has a new queue).
    static void storeDeviceKeys(WriteTransaction &tx, qint64 deviceId,
                                const crypto::SecureBytes &keys);
    //! The newest relay envelope whose effects are committed (0: none).
    static qint64 lastEnvelopeId(ReadTransaction &tx);
    static void setLastEnvelopeId(WriteTransaction &tx, qint64 id);

    static std::optional<SecretSessionRow> session(ReadTransaction &tx, qint64 chatId);
    //! Every session with that peer device, newest first.
    static QList<SecretSessionRow> sessionsWith(ReadTransaction &tx, qint64 peerUserId,
                                                qint64 peerDeviceId);
    //! Inserts or replaces the session of row.chatId.
    static void storeSession(WriteTransaction &tx, const SecretSessionRow &row);
    //! An id for a new secret chat: below every chat id stored (so negative and unused).
    static qint64 newChatId(ReadTransaction &tx);
    //! The next number of a message in the chat (messages.server_id, unique per chat).
    static qint64 nextSeq(ReadTransaction &tx, qint64 chatId);

    //! Queues an envelope for the relay; returns the row with its id.
    static SecretOutboxRow addOutgoing(WriteTransaction &tx, SecretOutboxRow row);
    //! Oldest first.
    static QList<SecretOutboxRow> outbox(ReadTransaction &tx);
    static void removeOutgoing(WriteTransaction &tx, qint64 id);
};

} // namespace msgr::storage
