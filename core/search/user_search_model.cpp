#include "core/search/user_search_model.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"

namespace msgr::core {

UserSearchModel::UserSearchModel(QObject *parent) : UserSearchModel(nullptr, parent) {}

UserSearchModel::UserSearchModel(CoreContext *context, QObject *parent)
    : QAbstractListModel(parent), m_context(context) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &UserSearchModel::search);
}

void UserSearchModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    m_context = context;
    emit contextChanged();
    if (!m_query.trimmed().isEmpty())
        m_debounce.start();
}

void UserSearchModel::setQuery(const QString &query) {
    if (m_query == query)
        return;
    m_query = query;
    emit queryChanged();
    m_debounce.start();
}

void UserSearchModel::search() {
    const int tag = ++m_tag;
    const QString q = m_query.trimmed().toLower();
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (q.isEmpty() || !engine) {
        setResults({});
        return;
    }
    if (m_connectedEngine != engine) {
        // Answers come back on the network thread; this queued connection dies with us.
        m_connectedEngine = engine;
        connect(
            engine, &SyncEngine::usersFound, this,
            [this](int answerTag, const QList<protocol::User> &users) {
                if (answerTag == m_tag)
                    setResults(users);
            },
            Qt::QueuedConnection);
    }
    engine->searchUsers(tag, q);
}

void UserSearchModel::setResults(const QList<protocol::User> &users) {
    if (!m_rows.isEmpty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }
    if (!users.isEmpty()) {
        beginInsertRows({}, 0, int(users.size()) - 1);
        m_rows = users;
        endInsertRows();
    }
}

int UserSearchModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant UserSearchModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::User &u = m_rows[index.row()];
    switch (role) {
    case UserIdRole:
        return u.id;
    case Qt::DisplayRole:
    case UsernameRole:
        return u.username;
    case DisplayNameRole:
        return u.displayName;
    }
    return {};
}

QHash<int, QByteArray> UserSearchModel::roleNames() const {
    return {{UserIdRole, "userId"}, {UsernameRole, "username"}, {DisplayNameRole, "displayName"}};
}

} // namespace msgr::core
