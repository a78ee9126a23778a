#pragma once
//! The account row (one, id = 1): who is signed in, the session token (a secret, kept only
//! inside the encrypted file) and the account's pts. Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <optional>

namespace msgr::storage {

struct AccountTable {
    //! nullopt when no account is logged in (never saved, or cleared at log-out).
    static std::optional<AccountState> load(ReadTransaction &tx);
    //! The stored user id even after log-out (0 if none): decides which messages are "mine".
    static qint64 storedSelfUserId(ReadTransaction &tx);
    //! Also makes the account's user "self" for later jobs.
    static void save(WriteTransaction &tx, const AccountState &account);
    //! Log-out: forgets the token, keeps the history.
    static void clear(WriteTransaction &tx);
};

} // namespace msgr::storage
