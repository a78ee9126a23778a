#pragma once
//! Users found on the server by username prefix; searches as `query` changes (debounced).
//! Empty when offline. GUI thread only.
#include "core/context/core_context.h"
#include "protocol/objects.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {
class SyncEngine;

class UserSearchModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    //! Injected: by the C++ constructor, or from QML (`context: Session.context`). Without one
    //! the model stays empty.
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
public:
    static constexpr int kDebounceMs = 250;
    enum Role { UserIdRole = Qt::UserRole + 1, UsernameRole, DisplayNameRole };
    Q_ENUM(Role)

    //! Without a context until one is set (QML sets `context`).
    explicit UserSearchModel(QObject *parent = nullptr);
    explicit UserSearchModel(CoreContext *context, QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    //! Searches through the new context's engine for the current query.
    void setContext(CoreContext *context);

    QString query() const { return m_query; }
    void setQuery(const QString &query);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Replaces the rows by removals and inserts (used for server answers; public for tests).
    void setResults(const QList<protocol::User> &users);

signals:
    void contextChanged();
    void queryChanged();

private:
    void search();

    QPointer<CoreContext> m_context;
    QPointer<SyncEngine> m_connectedEngine;
    QString m_query;
    QTimer m_debounce;
    int m_tag = 0;
    QList<protocol::User> m_rows;
};

} // namespace msgr::core
