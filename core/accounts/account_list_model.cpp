#include "core/accounts/account_list_model.h"

#include <QJSEngine>
#include <QPointer>
#include <QQmlEngine>

namespace msgr::core {
namespace {

QPointer<AccountListModel> &providedForQml() {
    static QPointer<AccountListModel> model;
    return model;
}

} // namespace

AccountListModel::AccountListModel(bool switchingEnabled, QObject *parent)
    : QAbstractListModel(parent), m_switchingEnabled(switchingEnabled) {}

void AccountListModel::provideForQml(AccountListModel *model) {
    providedForQml() = model;
}

AccountListModel *AccountListModel::create(QQmlEngine *qmlEngine, QJSEngine *) {
    AccountListModel *model = providedForQml();
    if (!model)
        return new AccountListModel(false, qmlEngine); // the engine owns it
    QJSEngine::setObjectOwnership(model, QJSEngine::CppOwnership);
    return model;
}

int AccountListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant AccountListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case NameRole:
        return row.name;
    case UnreadRole:
        return row.unread;
    case ActiveRole:
        return index.row() == m_active;
    case AddingRole:
        return row.adding;
    default:
        return {};
    }
}

QHash<int, QByteArray> AccountListModel::roleNames() const {
    return {
        {NameRole, "name"}, {UnreadRole, "unread"}, {ActiveRole, "active"}, {AddingRole, "adding"}};
}

bool AccountListModel::adding() const {
    return m_active >= 0 && m_rows.at(m_active).adding;
}

int AccountListModel::otherUnread() const {
    int total = 0;
    for (int i = 0; i < m_rows.size(); ++i)
        if (i != m_active)
            total += m_rows.at(i).unread;
    return total;
}

void AccountListModel::append(const Row &row) {
    const int index = int(m_rows.size());
    beginInsertRows({}, index, index);
    m_rows.append(row);
    endInsertRows();
    emit countChanged();
    emit otherUnreadChanged();
}

void AccountListModel::removeAt(int index) {
    if (index < 0 || index >= m_rows.size())
        return;
    beginRemoveRows({}, index, index);
    m_rows.removeAt(index);
    endRemoveRows();
    if (m_active == index) {
        m_active = -1;
    } else if (m_active > index) {
        --m_active;
    }
    emit countChanged();
    emit activeIndexChanged();
    emit addingChanged();
    emit otherUnreadChanged();
}

void AccountListModel::setActive(int index) {
    if (index == m_active || index < -1 || index >= m_rows.size())
        return;
    const int previous = m_active;
    m_active = index;
    if (previous >= 0)
        changed(previous, {ActiveRole});
    if (index >= 0)
        changed(index, {ActiveRole});
    emit activeIndexChanged();
    emit addingChanged();
    emit otherUnreadChanged();
}

void AccountListModel::setName(int index, const QString &name) {
    if (index < 0 || index >= m_rows.size() || m_rows[index].name == name)
        return;
    m_rows[index].name = name;
    changed(index, {NameRole});
}

void AccountListModel::setUnread(int index, int unread) {
    if (index < 0 || index >= m_rows.size() || m_rows[index].unread == unread)
        return;
    m_rows[index].unread = unread;
    changed(index, {UnreadRole});
    emit otherUnreadChanged();
}

void AccountListModel::setAdding(int index, bool adding) {
    if (index < 0 || index >= m_rows.size() || m_rows[index].adding == adding)
        return;
    m_rows[index].adding = adding;
    changed(index, {AddingRole});
    emit addingChanged();
}

void AccountListModel::switchTo(int index) {
    if (m_switchingEnabled && index >= 0 && index < m_rows.size() && index != m_active)
        emit switchRequested(index);
}

void AccountListModel::addAccount() {
    if (canAdd() && !adding())
        emit addRequested();
}

void AccountListModel::cancelAdding() {
    if (adding())
        emit addCancelRequested();
}

void AccountListModel::removeAccount(int index) {
    if (m_switchingEnabled && index >= 0 && index < m_rows.size())
        emit removeRequested(index);
}

void AccountListModel::changed(int index, const QList<int> &roles) {
    const QModelIndex at = this->index(index);
    emit dataChanged(at, at, roles);
}

} // namespace msgr::core
