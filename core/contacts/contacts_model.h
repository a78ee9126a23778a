#pragma once
//! The Contacts page (Telegram's / Signal's): one list in four sections, read from the
//! profile store (ContactsTable) so it opens offline, and reloaded whenever the engine says the
//! stored rows changed (an answer, a contactChanged / blockedChanged update, the refresh after
//! each authorization):
//!   incoming   invitations to the user, pending (Accept / Deny)
//!   outgoing   the user's invitations, pending or denied (Cancel)
//!   contacts   accepted (open chat, Remove, Block)
//!   blocked    users the user blocked (Unblock)
//! The acts go to the engine (core/contacts/contacts_service.h); a refusal (offline at once,
//! or the server's typed error) sets errorText. GUI thread only; reads run on the storage
//! thread.
#include "core/context/core_context.h"
#include "storage/tables/contacts_table.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class SyncEngine;

class ContactsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! The last refusal in words ("" after a success).
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    //! Rows of each section (the page shows "no invitations" and the like).
    Q_PROPERTY(int incomingCount READ incomingCount NOTIFY countsChanged)
    Q_PROPERTY(int outgoingCount READ outgoingCount NOTIFY countsChanged)
    Q_PROPERTY(int contactCount READ contactCount NOTIFY countsChanged)
    Q_PROPERTY(int blockedCount READ blockedCount NOTIFY countsChanged)
    //! The stored rows were read at least once.
    Q_PROPERTY(bool loaded READ loaded NOTIFY countsChanged)
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1,
        UsernameRole,
        DisplayNameRole,
        AboutRole,
        SectionRole, // "incoming", "outgoing", "contacts", "blocked"
        StatusRole,  // "incoming", "outgoing", "denied", "contact", "none"
        BlockedRole,
        SinceRole, // ms since the epoch
        RetryAtRole,
    };
    Q_ENUM(Role)

    explicit ContactsModel(QObject *parent = nullptr);
    explicit ContactsModel(CoreContext *context, QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    QString errorText() const { return m_errorText; }
    int incomingCount() const { return m_counts[0]; }
    int outgoingCount() const { return m_counts[1]; }
    int contactCount() const { return m_counts[2]; }
    int blockedCount() const { return m_counts[3]; }
    bool loaded() const { return m_loaded; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Reads the stored rows again.
    Q_INVOKABLE void reload();
    Q_INVOKABLE void invite(const QString &username);
    Q_INVOKABLE void accept(double userId);
    Q_INVOKABLE void deny(double userId);
    Q_INVOKABLE void cancel(double userId);
    Q_INVOKABLE void remove(double userId);
    Q_INVOKABLE void block(double userId);
    Q_INVOKABLE void unblock(double userId);
    Q_INVOKABLE void clearError();

    //! The rows as sections (public for tests).
    void setRecords(const QList<storage::ContactRecord> &records);

signals:
    void contextChanged();
    void errorTextChanged();
    void countsChanged();
    //! An act the server accepted (`what`: invite, accept, deny, cancel, remove, block,
    //! unblock), e.g. to clear the invite field.
    void actDone(const QString &what);

private:
    struct Row {
        storage::ContactRecord record;
        int section = 0; // 0 incoming, 1 outgoing, 2 contacts, 3 blocked
    };
    SyncEngine *engine() const;
    void followEngine();
    //! The engine's answer handler for act `what`.
    std::function<void(const QString &, const QString &)> answer(const QString &what);
    void setError(const QString &text);

    QPointer<CoreContext> m_context;
    QPointer<SyncEngine> m_followed;
    QList<Row> m_rows;
    int m_counts[4] = {0, 0, 0, 0};
    bool m_loaded = false;
    QString m_errorText;
    int m_readTag = 0;
};

} // namespace msgr::core
