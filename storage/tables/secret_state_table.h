#pragma once
//! The secret chats' verification and timer rows (migration 13): the identity accepted per
//! peer device, each chat's key-change flag and self-destruct timer, the history's service
//! entries, and the self-destructing messages with their expiry. Rows only: what they mean is
//! core/secret's (secret_writes.h, secret_timers.h). Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace msgr::storage {

//! Stored as its number (secret_service_entries.kind): append only, never renumber.
enum class SecretServiceKind : int { KeyChanged = 1, KeyConfirmed = 2, TimerSet = 3 };

struct SecretChatState {
    bool keyChanged = false;
    qint64 ttlMs = 0; // 0: no self-destruct timer
};

struct SecretTimerRow {
    qint64 localId = 0;
    qint64 chatId = 0;
    qint64 ttlMs = 0;
    qint64 peerSeq = 0;   // incoming: the sender's number of the message; outgoing: 0
    qint64 expiresAt = 0; // ms since the epoch; 0: not read yet
};

struct SecretStateTable {
    //! The identity accepted for the peer device; nullopt before any session with it.
    static std::optional<QByteArray> acceptedIdentity(ReadTransaction &tx, qint64 peerUserId,
                                                      qint64 peerDeviceId);
    static void acceptIdentity(WriteTransaction &tx, qint64 peerUserId, qint64 peerDeviceId,
                               const QByteArray &identity);

    //! Defaults (no change, no timer) for a chat without a row.
    static SecretChatState chatState(ReadTransaction &tx, qint64 chatId);
    static void setKeyChanged(WriteTransaction &tx, qint64 chatId, bool changed);
    static void setTtl(WriteTransaction &tx, qint64 chatId, qint64 ttlMs);
    //! The chats waiting for a key confirmation.
    static QList<qint64> chatsWithChangedKey(ReadTransaction &tx);

    static void addServiceEntry(WriteTransaction &tx, qint64 localId, qint64 chatId,
                                SecretServiceKind kind, qint64 value);

    static void addTimer(WriteTransaction &tx, const SecretTimerRow &row);
    static std::optional<SecretTimerRow> timer(ReadTransaction &tx, qint64 localId);
    //! The chat's self-destructing messages at or below `maxSeq` (messages.server_id) that
    //! were not read yet (incoming ones: the recipient's side).
    static QList<SecretTimerRow> unreadTimersUpTo(ReadTransaction &tx, qint64 chatId,
                                                  qint64 maxSeq);
    //! The chat's outgoing self-destructing message of number `seq` (messages.server_id).
    static std::optional<SecretTimerRow> outgoingTimer(ReadTransaction &tx, qint64 chatId,
                                                       qint64 seq);
    static void startTimer(WriteTransaction &tx, qint64 localId, qint64 expiresAt);
    //! Timers that ran out at `nowMs` (expires_at <= now), oldest first.
    static QList<SecretTimerRow> expiredTimers(ReadTransaction &tx, qint64 nowMs);
    //! The earliest expiry still to come (0: none running).
    static qint64 nextExpiry(ReadTransaction &tx);
    static void removeTimer(WriteTransaction &tx, qint64 localId);
    //! Deletes an expired message: its row, its search-index entry (the messages table's
    //! delete trigger), its timer and service-entry rows. The chat's last message is the
    //! caller's to refresh.
    static void deleteExpiredMessage(WriteTransaction &tx, qint64 localId);
};

} // namespace msgr::storage
