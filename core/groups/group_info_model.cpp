#include "core/groups/group_info_model.h"

#include "core/context/user_names.h"
#include "core/engine/sync_engine.h"
#include "core/groups/group_permissions.h"
#include "core/groups/group_service.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"

#include <QHash>

namespace msgr::core {

namespace {

//! What one read of the store gives the page.
struct Snapshot {
    bool found = false;
    QString title;
    QString photoFileId; // §24
    storage::ChatRole selfRole = storage::ChatRole::Unknown;
    QList<storage::ChatMemberRecord> members;
    QList<storage::UserRecord> users;
};

} // namespace

GroupInfoModel::GroupInfoModel(QObject *parent)
    : QAbstractListModel(parent), m_photoChanger(new PhotoChanger(this)) {
    connect(m_photoChanger, &PhotoChanger::busyChanged, this, &GroupInfoModel::photoBusyChanged);
    connect(m_photoChanger, &PhotoChanger::finished, this, [this](const QString &error) {
        if (!error.isEmpty())
            return emit actionFailed(error);
        reload();
        emit actionDone();
    });
}

void GroupInfoModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = context;
    if (m_context) {
        m_connections.append(connect(
            m_context->store(), &storage::ProfileStore::changed, this,
            [this](const storage::ChangeSet &changes) {
                if (m_chatId != 0 && (changes.reset || changes.changedChatIds.contains(m_chatId)))
                    reload();
            }));
        // Names of members just added arrive after their chatChanged.
        m_connections.append(
            connect(m_context, &CoreContext::usersUpdated, this, &GroupInfoModel::reload));
    }
    emit contextChanged();
    reload();
}

void GroupInfoModel::setChatIdFromQml(double chatId) {
    const auto id = qint64(chatId);
    if (id == m_chatId)
        return;
    m_chatId = id;
    emit chatIdChanged();
    reload();
}

void GroupInfoModel::reload() {
    const quint64 generation = ++m_generation;
    if (!m_context || m_chatId <= 0) {
        apply(false, {}, storage::ChatRole::Unknown, {});
        return;
    }
    m_context->store()->read(
        [chatId = m_chatId](storage::ReadTransaction &tx) {
            Snapshot s;
            const auto chat = storage::ChatsTable::load(tx, chatId);
            if (!chat || chat->kind != storage::ChatKind::Group)
                return s;
            s.found = true;
            s.title = chat->title;
            s.photoFileId = chat->photoFileId;
            s.selfRole = chat->selfRole;
            s.members = storage::ChatsTable::members(tx, chatId);
            QList<qint64> ids;
            for (const storage::ChatMemberRecord &m : s.members)
                ids.append(m.userId);
            s.users = storage::UsersTable::load(tx, ids);
            return s;
        },
        this,
        [this, generation](const Snapshot &s) {
            if (generation != m_generation)
                return;
            QHash<qint64, QString> names;
            for (const storage::UserRecord &u : s.users)
                names.insert(u.id, UserNames::shownName(u));
            QList<Member> members;
            members.reserve(s.members.size());
            for (const storage::ChatMemberRecord &m : s.members)
                members.append({m.userId, m.role, names.value(m.userId)});
            // Owner first, then admins, then members, each in the server's order (Telegram).
            std::stable_sort(members.begin(), members.end(), [](const Member &a, const Member &b) {
                return int(a.role) > int(b.role);
            });
            m_photoFileId = s.photoFileId;
            apply(s.found, s.title, s.selfRole, std::move(members));
        });
}

void GroupInfoModel::apply(bool isGroup, const QString &title, storage::ChatRole selfRole,
                           QList<Member> members) {
    beginResetModel();
    m_isGroup = isGroup;
    m_title = title;
    m_selfRole = selfRole;
    m_members = std::move(members);
    endResetModel();
    emit changed();
}

bool GroupInfoModel::isMember() const {
    const qint64 self = m_context ? m_context->selfUserId() : 0;
    return std::any_of(m_members.cbegin(), m_members.cend(),
                       [self](const Member &m) { return m.userId == self; });
}

QString GroupInfoModel::selfRole() const {
    return isMember() ? groups::roleName(m_selfRole) : QString();
}

bool GroupInfoModel::canAddMembers() const {
    return isMember() && groups::canAddMembers(m_selfRole);
}

bool GroupInfoModel::canRename() const {
    return isMember() && groups::canRename(m_selfRole);
}

int GroupInfoModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant GroupInfoModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_members.size())
        return {};
    const Member &m = m_members.at(index.row());
    const bool self = m_context && m.userId == m_context->selfUserId();
    switch (role) {
    case UserIdRole:
        return double(m.userId);
    case NameRole:
        return m.name;
    case RoleNameRole:
        return groups::roleName(m.role);
    case IsSelfRole:
        return self;
    case CanRemoveRole:
        return isMember() && groups::canRemove(m_selfRole, m.role, self);
    case CanSetRoleRole:
        return isMember() && groups::canSetRole(m_selfRole, m.role, self);
    default:
        return {};
    }
}

QHash<int, QByteArray> GroupInfoModel::roleNames() const {
    return {{UserIdRole, "userId"}, {NameRole, "name"},           {RoleNameRole, "role"},
            {IsSelfRole, "isSelf"}, {CanRemoveRole, "canRemove"}, {CanSetRoleRole, "canSetRole"}};
}

template <typename Request> void GroupInfoModel::send(const Request &request, bool leaving) {
    if (!m_context || !m_context->engine()) {
        emit actionFailed(tr("Not connected: try again when online."));
        return;
    }
    m_busy = true;
    emit busyChanged();
    m_context->engine()->groupCall(
        request, this, [this, leaving](const GroupOutcome &outcome) { finish(outcome, leaving); });
}

void GroupInfoModel::finish(const GroupOutcome &outcome, bool leaving) {
    m_busy = false;
    emit busyChanged();
    if (!outcome.ok()) {
        emit actionFailed(outcome.code == QLatin1String("OFFLINE")
                              ? tr("Not connected: try again when online.")
                              : outcome.message);
        return;
    }
    emit actionDone();
    if (leaving)
        emit leftGroup();
}

void GroupInfoModel::rename(const QString &title) {
    const QString trimmed = title.trimmed();
    if (trimmed.isEmpty()) {
        emit actionFailed(tr("A group needs a name."));
        return;
    }
    send(api::SetGroupTitle{m_chatId, trimmed});
}

void GroupInfoModel::addMembers(const QVariantList &userIds) {
    QList<qint64> ids;
    for (const QVariant &id : userIds)
        ids.append(qint64(id.toDouble()));
    if (!ids.isEmpty())
        send(api::AddGroupMembers{m_chatId, ids});
}

void GroupInfoModel::removeMember(double userId) {
    send(api::RemoveGroupMember{m_chatId, qint64(userId)});
}

void GroupInfoModel::setAdmin(double userId, bool admin) {
    send(api::SetGroupRole{m_chatId, qint64(userId),
                           admin ? api::GroupRole::Admin : api::GroupRole::Member});
}

void GroupInfoModel::upgrade() {
    if (!m_context || !m_context->engine()) {
        emit actionFailed(tr("Not connected: try again when online."));
        return;
    }
    m_busy = true;
    emit busyChanged();
    // The supergroup is stored and followed before the answer comes back (ChannelService).
    m_context->engine()->upgradeGroup(m_chatId, this, [this](const ChannelOutcome &outcome) {
        m_busy = false;
        emit busyChanged();
        if (!outcome.ok() || outcome.channels.isEmpty()) {
            emit actionFailed(outcome.code == QLatin1String("OFFLINE")
                                  ? tr("Not connected: try again when online.")
                                  : outcome.message);
            return;
        }
        emit upgraded(double(outcome.channels.first().id), outcome.channels.first().title);
    });
}

void GroupInfoModel::leave() {
    send(api::LeaveGroup{m_chatId}, true);
}

QString GroupInfoModel::photoUrl() const {
    return m_context && m_isGroup ? m_context->photoUrl(m_photoFileId) : QString();
}

bool GroupInfoModel::photoBusy() const {
    return m_photoChanger->busy();
}

void GroupInfoModel::setPhoto(const QUrl &file) {
    if (m_context && m_chatId > 0)
        m_photoChanger->set(m_context->engine(), m_context->media(), PhotoTarget::Group, m_chatId,
                            file);
}

void GroupInfoModel::removePhoto() {
    if (m_context && m_chatId > 0)
        m_photoChanger->remove(m_context->engine(), PhotoTarget::Group, m_chatId);
}

} // namespace msgr::core
