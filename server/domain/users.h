#pragma once
//! Finding users: by username prefix (case-insensitive, as usernames are lower case) and by
//! id. Thread-safe; reads run on the calling thread.
#include "server/store/store.h"

namespace msgr::server::domain {

class Users {
public:
    explicit Users(Store &store) : m_store(store) {}

    //! Users whose username starts with `usernamePrefix` (wildcards match literally), at most
    //! `limit`, by username.
    StoreResult<QList<protocol::User>> searchUsers(const QString &usernamePrefix, int limit);
    //! The known users among `ids`, in the order asked (unknown ids are left out).
    StoreResult<QList<protocol::User>> users(const QList<qint64> &ids);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
