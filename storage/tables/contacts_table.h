#pragma once
//! The account's contacts, pending invitations and blocked users (contacts, schema 23) as the
//! server last said, for the Contacts page offline. One row per other user; a row that is
//! neither a relation nor blocked is removed. Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QList>
#include <QString>

namespace msgr::storage {

//! Where the pair stands from this account's side (the numbers are stored: never reorder).
enum class ContactStatus { None = 0, Outgoing = 1, Incoming = 2, Denied = 3, Contact = 4 };

struct ContactRecord {
    qint64 userId = 0;
    ContactStatus status = ContactStatus::None;
    qint64 since = 0;   // ms since the epoch; 0 for none
    qint64 retryAt = 0; // denied: when the invitation may be sent again
    bool blocked = false;
    QString username;
    QString displayName;
    QString about;
    friend bool operator==(const ContactRecord &, const ContactRecord &) = default;
};

struct ContactsTable {
    //! The pair's status (and the profile it carried) becomes `record`'s; the blocked flag stays.
    static void storeRelation(WriteTransaction &tx, const ContactRecord &record);
    //! This account blocked or unblocked the user; `username`/`displayName` fill a new row
    //! (empty: kept as they are).
    static void setBlocked(WriteTransaction &tx, qint64 userId, bool blocked,
                           const QString &username = {}, const QString &displayName = {});
    //! Replaces every row by the server's full lists (relations with their status, and the
    //! blocked users, whose `status` is ignored).
    static void replace(WriteTransaction &tx, const QList<ContactRecord> &relations,
                        const QList<ContactRecord> &blocked);
    //! Every row, by user id.
    static QList<ContactRecord> load(ReadTransaction &tx);
    //! One user's row (userId 0 when there is none).
    static ContactRecord find(ReadTransaction &tx, qint64 userId);
};

} // namespace msgr::storage
