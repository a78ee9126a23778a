#include "core/context/user_names.h"

#include "storage/profile_store.h"
#include "storage/tables/users_table.h"

#include <QPointer>

namespace msgr::core {

UserNames::UserNames(storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_store(store) {}

QString UserNames::shownName(const storage::UserRecord &user) {
    return user.displayName.isEmpty() ? user.username : user.displayName;
}

void UserNames::request(const QList<qint64> &ids, QObject *context, std::function<void()> done) {
    QList<qint64> wanted;
    for (qint64 id : ids) {
        if (id > 0 && !m_names.contains(id) && !wanted.contains(id))
            wanted.append(id);
    }
    if (wanted.isEmpty()) {
        if (done)
            done();
        return;
    }
    load(wanted, context, std::move(done));
}

void UserNames::refresh() {
    if (!m_missing.isEmpty())
        load(m_missing.values(), nullptr, {});
}

void UserNames::load(const QList<qint64> &ids, QObject *context, std::function<void()> done) {
    // Missing until the read finds them, from now on: users stored while this read is on its
    // way (a fetch answered in between) make refresh() read them again. Marked only when the
    // read came back, a read that ran just before the store and answered just after the
    // refresh left the name empty for good.
    for (qint64 id : ids)
        if (!m_names.contains(id))
            m_missing.insert(id);
    QPointer<QObject> receiver(context);
    const bool hasContext = context != nullptr;
    m_store->read(
        [ids](storage::ReadTransaction &tx) { return storage::UsersTable::load(tx, ids); }, this,
        [this, ids, receiver, hasContext,
         done = std::move(done)](const QList<storage::UserRecord> &users) {
            remember(ids, users);
            if (done && (!hasContext || receiver))
                done();
        });
}

void UserNames::remember(const QList<qint64> &ids, const QList<storage::UserRecord> &users) {
    QSet<qint64> changed;
    for (qint64 id : ids)
        if (!m_names.contains(id))
            m_missing.insert(id);
    for (const storage::UserRecord &u : users) {
        m_missing.remove(u.id);
        const QString shown = shownName(u);
        auto it = m_names.find(u.id);
        if (it == m_names.end() || *it != shown) {
            m_names.insert(u.id, shown);
            changed.insert(u.id);
        }
    }
    if (!changed.isEmpty())
        emit namesChanged(changed);
}

} // namespace msgr::core
