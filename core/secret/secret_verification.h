#pragma once
//! What a secret chat's verification shows (docs/protocol.md §12.6), read from the encrypted
//! database: this device's identity and the one it holds for the peer, and from them the
//! safety number, its emoji and the code for the QR image. Computed inside the read job
//! (some 10,000 SHA-512s: a millisecond or two, never on the GUI thread).
//!
//! Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace msgr::core::secret {

struct Verification {
    qint64 chatId = 0; // 0: not a secret chat of this device (or no keys yet)
    qint64 peerUserId = 0;
    qint64 peerDeviceId = 0;
    QByteArray ownIdentity;  // 64 bytes, public
    QByteArray peerIdentity; // 64 bytes, public
    QString safetyNumber;    // 60 digits
    QString groupedNumber;   // 12 groups of 5
    QList<int> emojiIndices; // crypto/secret/safety_emoji.h
    QString emoji;           // the 12 emoji, concatenated
    QString code;            // what the QR code shows (verification_code.h)
    //! The peer's key changed and the user has not confirmed it (secret_key_check.h).
    bool keyChanged = false;
};

Verification readVerification(storage::ReadTransaction &tx, qint64 chatId);

} // namespace msgr::core::secret
