#include "server/domain/users.h"

#include "server/domain/units.h"

namespace msgr::server::domain {

StoreResult<QList<protocol::User>> Users::searchUsers(const QString &usernamePrefix, int limit) {
    if (limit <= 0 || usernamePrefix.isEmpty())
        return QList<protocol::User>{};
    return readUnit<QList<protocol::User>>(m_store, [&](RecordReader &records) {
        return records.usersByUsernamePrefix(usernamePrefix.toLower(), limit);
    });
}

StoreResult<QList<protocol::User>> Users::users(const QList<qint64> &ids) {
    return readUnit<QList<protocol::User>>(m_store, [&](RecordReader &records) {
        QList<protocol::User> list;
        for (const qint64 id : ids) {
            if (auto user = records.user(id))
                list.append(std::move(*user));
        }
        return list;
    });
}

} // namespace msgr::server::domain
