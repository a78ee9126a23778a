#pragma once
//! The users table: names of the people this account sees. Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

namespace msgr::storage {

struct UsersTable {
    static void store(WriteTransaction &tx, const QList<UserRecord> &users);
    //! The stored ones among `ids`, in the order of `ids`.
    static QList<UserRecord> load(ReadTransaction &tx, const QList<qint64> &ids);
};

} // namespace msgr::storage
