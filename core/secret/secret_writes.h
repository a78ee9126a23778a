#pragma once
//! What a secret chat's events mean for the local database, each as ONE storage job over one
//! WriteTransaction (all-or-nothing), so the ratchet state, the message and the bookkeeping
//! commit together and a crash at any point loses nothing and reuses no key:
//! - the device's keys are made, rotated and refilled inside the job that stores them, before
//!   anything public leaves the device;
//! - an outgoing message is encrypted inside the job that stores the advanced ratchet state,
//!   the message row and the envelope to relay (secret_outbox): the envelope is sent only after
//!   that commit, and sent again (the same bytes, never re-encrypted) after a crash;
//! - an incoming envelope is decrypted inside the job that stores the new state, the message
//!   and the envelope's id as the last processed one; secret.ack follows that commit. A copy
//!   at or below that id (delivered again after a crash before the ack) is skipped without
//!   decrypting; a pre-key message that opens a session deletes the one-time pre-key it used
//!   in the same job.
//! The ratchet runs here, on the storage thread, because its state is a row: decrypting
//! outside the job would hold a second copy of the state that a crash could fork.
//!
//! Storage thread only (inside a job). A job may run twice (transaction.h): these functions
//! only read and write through `tx` and return values.
#include "protocol/api/secret.h"
#include "storage/records.h"
#include "storage/tables/secret_table.h"
#include "storage/transaction.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace msgr::core::secret {

//! The public half of what the key publisher sends.
struct PublishWork {
    QByteArray bundle; // the bundle of §10.1 without a one-time pre-key; empty: no account
};

//! This device's keys, made for `deviceId` when missing (or made for another device), the
//! signed pre-key rotated when due at `nowMs` (the replaced ones kept for their grace period,
//! then deleted); returns the bundle to publish.
PublishWork prepareKeys(storage::WriteTransaction &tx, qint64 deviceId, qint64 nowMs);

//! Adds `count` one-time pre-keys to the private pool (the oldest dropped past the stored
//! limit) and returns their public halves, to upload.
QList<protocol::api::SecretPreKey> addOneTimePreKeys(storage::WriteTransaction &tx, int count);

//! Replaces this device's identity (as a reinstall would): a new identity and signed pre-key,
//! no one-time pre-keys (ids go on growing), published at the next connection. Sessions
//! already stored go on with their ratchets; the next session a peer opens with this device
//! shows them a key change (secret_key_check.h). False when this device has no keys yet.
bool resetIdentity(storage::WriteTransaction &tx, qint64 nowMs);

struct StartedChat {
    qint64 chatId = 0; // 0: refused, `error` says why
    storage::SecretOutboxRow opening;
    QString error;
};

//! The initiator: verifies the peer's bundle, runs X3DH, stores the session, the chat row and
//! the opening envelope (a pre-key message whose plaintext opens the chat).
StartedChat startChat(storage::WriteTransaction &tx, qint64 peerUserId, qint64 peerDeviceId,
                      QByteArrayView bundle, qint64 nowMs);

struct OutgoingText {
    //! Why nothing was sent: no such secret chat, a state that does not decode, the peer's
    //! key changed and the user has not confirmed it (secret_key_check.h), the ratchet refused.
    enum class Refusal { None, NoChat, DamagedState, KeyChanged, Encryption };
    storage::MessageRecord message; // localId 0: refused, `refusal` and `error` say why
    storage::SecretOutboxRow envelope;
    Refusal refusal = Refusal::None;
    QString error;
};

//! Encrypts `text` for the secret chat; stores the state, the message and the envelope.
//! Refused (KeyChanged) while the chat waits for the user to confirm a changed key.
OutgoingText encryptText(storage::WriteTransaction &tx, qint64 chatId, const QString &text,
                         qint64 nowMs);

struct Received {
    enum class Outcome {
        Stored,           // a message stored (`message`)
        Opened,           // a new chat (or the opening of a known one): no message
        Control,          // a read notice: no message (`timersStarted` may be set)
        AlreadyProcessed, // at or below the last processed id: nothing done
        Refused,          // not decryptable or not understood: dropped, `reason` says why
    };
    Outcome outcome = Outcome::Refused;
    qint64 chatId = 0;
    bool newChat = false;
    bool timersStarted = false; // self-destruct timers began to run (reschedule the purge)
    storage::MessageRecord message;
    QString reason; // never the content
};

//! Sets the chat's self-destruct timer (secret_timer_values.h): the setting travels inside
//! the ratchet so both sides agree, and is a service entry on both (`message`). Refused like
//! a text (KeyChanged...), and NoChat for a timer that is not allowed.
OutgoingText setTimer(storage::WriteTransaction &tx, qint64 chatId, qint64 ttlMs, qint64 nowMs);

struct ReadResult {
    storage::SecretOutboxRow notice; // id 0: nothing to tell the peer
    bool timersStarted = false;
};

//! The user read the secret chat up to its message number `maxSeq`: the read mark rises, the
//! timers of self-destructing messages read now start (at `nowMs`), and a read notice naming
//! them (by the sender's numbers) is queued for the peer, whose copies start too.
ReadResult markRead(storage::WriteTransaction &tx, qint64 chatId, qint64 maxSeq, qint64 nowMs);

//! One envelope from the relay (pushed or fetched), processed exactly once.
Received receiveEnvelope(storage::WriteTransaction &tx, const protocol::api::SecretEnvelope &e);

} // namespace msgr::core::secret
