#include "core/groups/message_readers_model.h"

#include "core/context/user_names.h"
#include "core/engine/sync_engine.h"
#include "core/groups/group_answer_text.h"
#include "core/groups/group_service.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"

namespace msgr::core {

MessageReadersModel::MessageReadersModel(QObject *parent) : QAbstractListModel(parent) {}

void MessageReadersModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    disconnect(m_usersConnection);
    m_context = context;
    if (m_context)
        m_usersConnection =
            connect(m_context, &CoreContext::usersUpdated, this, &MessageReadersModel::readNames);
    emit contextChanged();
}

void MessageReadersModel::load() {
    const quint64 generation = ++m_generation;
    beginResetModel();
    m_readers.clear();
    endResetModel();
    m_error.clear();
    m_loading = false;
    const auto chatId = qint64(m_chatIdForQml);
    const auto messageId = qint64(m_messageIdForQml);
    if (chatId <= 0 || messageId <= 0) {
        emit stateChanged();
        return;
    }
    if (!m_context || !m_context->engine()) {
        m_error = groupAnswerText(GroupAnswer::refused(QStringLiteral("OFFLINE"), {}));
        emit stateChanged();
        return;
    }
    m_loading = true;
    emit stateChanged();
    m_context->engine()->groupQuery(
        api::GetMessageReaders{chatId, messageId}, this,
        [this, generation](const GroupAnswer &answer) { answered(answer, generation); });
}

void MessageReadersModel::answered(const GroupAnswer &answer, quint64 generation) {
    if (generation != m_generation)
        return;
    m_loading = false;
    if (!answer.ok()) {
        m_error = groupAnswerText(answer);
        emit stateChanged();
        return;
    }
    QList<api::MessageReader> readers = answer.readers;
    // Read first, then received only, then not received; each in the server's order (by id).
    std::stable_sort(readers.begin(), readers.end(),
                     [](const api::MessageReader &a, const api::MessageReader &b) {
                         return int(a.state) > int(b.state);
                     });
    beginResetModel();
    m_readers = std::move(readers);
    endResetModel();
    emit stateChanged();
    readNames();
}

void MessageReadersModel::readNames() {
    if (!m_context || m_readers.isEmpty())
        return;
    QList<qint64> ids;
    for (const api::MessageReader &r : std::as_const(m_readers))
        ids.append(r.userId);
    const quint64 generation = m_generation;
    m_context->store()->read(
        [ids](storage::ReadTransaction &tx) { return storage::UsersTable::load(tx, ids); }, this,
        [this, generation](const QList<storage::UserRecord> &users) {
            if (generation != m_generation)
                return;
            for (const storage::UserRecord &u : users)
                m_names.insert(u.id, UserNames::shownName(u));
            if (!m_readers.isEmpty())
                emit dataChanged(index(0), index(int(m_readers.size()) - 1), {NameRole});
        });
}

int MessageReadersModel::count(api::ReaderState state) const {
    return int(std::count_if(m_readers.cbegin(), m_readers.cend(),
                             [state](const api::MessageReader &r) { return r.state == state; }));
}

int MessageReadersModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_readers.size());
}

QVariant MessageReadersModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_readers.size())
        return {};
    const api::MessageReader &r = m_readers.at(index.row());
    switch (role) {
    case UserIdRole:
        return double(r.userId);
    case NameRole:
        return m_names.value(r.userId);
    case StateRole:
        return api::readerStateName(r.state);
    case AtRole:
        return r.at > 0 ? QDateTime::fromMSecsSinceEpoch(r.at) : QDateTime();
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageReadersModel::roleNames() const {
    return {{UserIdRole, "userId"}, {NameRole, "name"}, {StateRole, "readState"}, {AtRole, "at"}};
}

} // namespace msgr::core
