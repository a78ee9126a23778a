#pragma once
//! Full-text search over the local encrypted history (works offline); searches as `query`
//! changes (debounced). GUI thread only.
#include "core/context/core_context.h"
#include "storage/records.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class HistorySearchModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    //! Injected: by the C++ constructor, or from QML (`context: Session.context`). Without one
    //! the model stays empty.
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
public:
    static constexpr int kDebounceMs = 200;
    static constexpr int kMaxHits = 200;
    enum Role {
        ChatIdRole = Qt::UserRole + 1,
        LocalIdRole,
        ChatTitleRole,
        SnippetRole,
        DateRole,
    };
    Q_ENUM(Role)

    //! Without a context until one is set (QML sets `context`).
    explicit HistorySearchModel(QObject *parent = nullptr);
    explicit HistorySearchModel(CoreContext *context, QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    //! Searches the new context's history for the current query.
    void setContext(CoreContext *context);

    QString query() const { return m_query; }
    void setQuery(const QString &query);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void contextChanged();
    void queryChanged();
    //! A search finished and the rows hold its hits.
    void searchFinished();

private:
    void search();
    void setHits(const QList<storage::SearchHit> &hits);

    QPointer<CoreContext> m_context;
    QString m_query;
    QTimer m_debounce;
    quint64 m_generation = 0;
    QList<storage::SearchHit> m_rows;
    QHash<qint64, QString> m_titles; // chat id -> title
};

} // namespace msgr::core
