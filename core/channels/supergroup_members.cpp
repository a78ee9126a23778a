#include "core/channels/supergroup_members.h"

#include "core/channels/channel_service.h"
#include "core/context/user_names.h"
#include "core/engine/sync_engine.h"

namespace msgr::core {

namespace api = protocol::api;

SupergroupMembers::SupergroupMembers(QObject *parent) : QAbstractListModel(parent) {}

void SupergroupMembers::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    disconnect(m_namesConnection);
    m_context = context;
    if (context)
        m_namesConnection = connect(context->userNames(), &UserNames::namesChanged, this,
                                    &SupergroupMembers::onNamesChanged);
    emit contextChanged();
    restart();
}

void SupergroupMembers::setChatId(double chatId) {
    if (qint64(chatId) == m_chatId)
        return;
    m_chatId = qint64(chatId);
    emit chatIdChanged();
    restart();
}

void SupergroupMembers::restart() {
    ++m_generation;
    const bool hadRows = !m_rows.isEmpty();
    beginResetModel();
    m_rows.clear();
    endResetModel();
    if (hadRows)
        emit countChanged();
    if (m_complete) {
        m_complete = false;
        emit completeChanged();
    }
    setBusy(false);
    loadMore();
}

void SupergroupMembers::loadMore() {
    if (!m_context || m_chatId <= 0 || m_busy || m_complete)
        return;
    SyncEngine *engine = m_context->engine();
    if (!engine)
        return;
    setBusy(true);
    const qint64 after = m_rows.isEmpty() ? 0 : m_rows.last().userId;
    engine->supergroupMembers(m_chatId, after, this,
                              [this, generation = m_generation](const ChannelOutcome &outcome) {
                                  onPage(generation, outcome);
                              });
}

void SupergroupMembers::onPage(quint64 generation, const ChannelOutcome &outcome) {
    if (generation != m_generation)
        return; // asked for another chat (or before a restart)
    setBusy(false);
    const QString error = outcome.ok() ? QString() : outcome.message;
    if (error != m_error) {
        m_error = error;
        emit errorChanged();
    }
    if (!outcome.ok())
        return;
    // A member who joined or left between two pages cannot repeat one: the pages follow the
    // user ids, so only ids above the last row are new.
    const qint64 last = m_rows.isEmpty() ? 0 : m_rows.last().userId;
    QList<api::SupergroupMember> fresh;
    for (const api::SupergroupMember &member : outcome.members)
        if (member.userId > last)
            fresh.append(member);
    if (!fresh.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
        m_rows += fresh;
        endInsertRows();
        emit countChanged();
        requestNames(fresh);
    }
    if (outcome.complete && !m_complete) {
        m_complete = true;
        emit completeChanged();
    }
}

void SupergroupMembers::requestNames(const QList<api::SupergroupMember> &members) {
    if (!m_context)
        return;
    QList<qint64> missing;
    for (const api::SupergroupMember &member : members)
        if (m_context->userNames()->name(member.userId).isEmpty())
            missing.append(member.userId);
    if (missing.isEmpty())
        return;
    m_context->userNames()->request(missing);
    // Members never seen in a chat are not stored: fetched, and namesChanged follows.
    if (SyncEngine *engine = m_context->engine())
        engine->fetchUsers(missing);
}

void SupergroupMembers::onNamesChanged(const QSet<qint64> &userIds) {
    const auto [first, last] = UserNames::rowsShowing(
        m_rows, userIds, [](const api::SupergroupMember &m) { return m.userId; });
    if (first >= 0)
        emit dataChanged(index(first), index(last), {NameRole});
}

void SupergroupMembers::setBusy(bool busy) {
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged();
}

int SupergroupMembers::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SupergroupMembers::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const api::SupergroupMember &member = m_rows.at(index.row());
    switch (role) {
    case UserIdRole:
        return double(member.userId);
    case NameRole:
        return m_context ? m_context->userNames()->name(member.userId) : QString();
    case RoleRole:
        switch (member.role) {
        case api::ChannelRole::Owner:
            return QStringLiteral("owner");
        case api::ChannelRole::Admin:
            return QStringLiteral("admin");
        case api::ChannelRole::Subscriber:
            break;
        }
        return QStringLiteral("member");
    default:
        return {};
    }
}

QHash<int, QByteArray> SupergroupMembers::roleNames() const {
    return {{UserIdRole, "userId"}, {NameRole, "name"}, {RoleRole, "role"}};
}

} // namespace msgr::core
