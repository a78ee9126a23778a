#include "core/search/history_search_model.h"

#include "core/context/core_context.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"

#include <QDateTime>

namespace msgr::core {

HistorySearchModel::HistorySearchModel(QObject *parent) : HistorySearchModel(nullptr, parent) {}

HistorySearchModel::HistorySearchModel(CoreContext *context, QObject *parent)
    : QAbstractListModel(parent), m_context(context) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &HistorySearchModel::search);
}

void HistorySearchModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    m_context = context;
    emit contextChanged();
    if (!m_query.trimmed().isEmpty())
        m_debounce.start();
}

void HistorySearchModel::setQuery(const QString &query) {
    if (m_query == query)
        return;
    m_query = query;
    emit queryChanged();
    m_debounce.start();
}

void HistorySearchModel::search() {
    const quint64 generation = ++m_generation;
    const QString q = m_query.trimmed();
    if (q.isEmpty() || !m_context) {
        setHits({});
        emit searchFinished();
        return;
    }
    storage::ProfileStore *store = m_context->store();
    // Titles first (chat list plus peers' names), then the hits: one consistent answer.
    store->read([](storage::ReadTransaction &tx) { return storage::ChatsTable::loadAll(tx); }, this,
                [this, store, generation, q](const QList<storage::ChatRecord> &chats) {
                    if (generation != m_generation)
                        return;
                    QList<qint64> peers;
                    for (const storage::ChatRecord &c : chats) {
                        m_titles.insert(c.id, c.title);
                        if (c.title.isEmpty() && c.peerUserId != 0)
                            peers.append(c.peerUserId);
                    }
                    UserNames *names = m_context->userNames();
                    names->request(peers, this, [this, store, generation, q, chats, names] {
                        for (const storage::ChatRecord &c : chats) {
                            if (c.title.isEmpty())
                                m_titles.insert(c.id, names->name(c.peerUserId));
                        }
                        store->read(
                            [q](storage::ReadTransaction &tx) {
                                return storage::MessagesTable::search(tx, q, kMaxHits);
                            },
                            this,
                            [this, generation](const QList<storage::SearchHit> &hits) {
                                if (generation != m_generation)
                                    return;
                                setHits(hits);
                                emit searchFinished();
                            });
                    });
                });
}

void HistorySearchModel::setHits(const QList<storage::SearchHit> &hits) {
    if (!m_rows.isEmpty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }
    if (!hits.isEmpty()) {
        beginInsertRows({}, 0, int(hits.size()) - 1);
        m_rows = hits;
        endInsertRows();
    }
}

int HistorySearchModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant HistorySearchModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const storage::SearchHit &h = m_rows[index.row()];
    switch (role) {
    case ChatIdRole:
        return h.chatId;
    case LocalIdRole:
        return h.localId;
    case ChatTitleRole:
        return m_titles.value(h.chatId);
    case Qt::DisplayRole:
    case SnippetRole:
        return h.snippet;
    case DateRole:
        return QDateTime::fromMSecsSinceEpoch(h.date);
    }
    return {};
}

QHash<int, QByteArray> HistorySearchModel::roleNames() const {
    return {{ChatIdRole, "chatId"},
            {LocalIdRole, "localId"},
            {ChatTitleRole, "chatTitle"},
            {SnippetRole, "snippet"},
            {DateRole, "date"}};
}

} // namespace msgr::core
