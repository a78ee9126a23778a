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
    storage::MessageRecord message; // localId 0: refused, `error` says why
    storage::SecretOutboxRow envelope;
    QString error;
};

//! Encrypts `text` for the secret chat; stores the state, the message and the envelope.
OutgoingText encryptText(storage::WriteTransaction &tx, qint64 chatId, const QString &text,
                         qint64 nowMs);

struct Received {
    enum class Outcome {
        Stored,           // a message stored (`message`)
        Opened,           // a new chat (or the opening of a known one): no message
        AlreadyProcessed, // at or below the last processed id: nothing done
        Refused,          // not decryptable or not understood: dropped, `reason` says why
    };
    Outcome outcome = Outcome::Refused;
    qint64 chatId = 0;
    bool newChat = false;
    storage::MessageRecord message;
    QString reason; // never the content
};

//! One envelope from the relay (pushed or fetched), processed exactly once.
Received receiveEnvelope(storage::WriteTransaction &tx, const protocol::api::SecretEnvelope &e);

} // namespace msgr::core::secret
