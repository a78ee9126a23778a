#pragma once
//! The accounts of this app as the switcher shows them (QML's `Accounts` singleton): each one's
//! name and unread count, which one the window shows, whether another can be added (at most
//! kMaxAccounts), and whether the shown one is being added (its log-in page offers "Cancel").
//! QML's calls only ask: switchRequested, addRequested, addCancelRequested and removeRequested
//! go to the composition root (app/account_manager.h), which owns the accounts and sets the
//! rows here. Nothing secret is kept (names and counts only).
//!
//! Thread affinity: GUI thread.
#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace msgr::core {

class AccountListModel : public QAbstractListModel {
    Q_OBJECT
    QML_NAMED_ELEMENT(Accounts)
    QML_SINGLETON
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    //! The row of the account the window shows (-1: none).
    Q_PROPERTY(int activeIndex READ activeIndex NOTIFY activeIndexChanged)
    //! False when the app runs one profile only (--profile) or QML runs without the app.
    Q_PROPERTY(bool switchingEnabled READ switchingEnabled CONSTANT)
    Q_PROPERTY(bool canAdd READ canAdd NOTIFY countChanged)
    //! The shown account is a new one being added: its log-in page can go back.
    Q_PROPERTY(bool adding READ adding NOTIFY addingChanged)
    //! Unread messages of the accounts not shown (the switcher's button shows it).
    Q_PROPERTY(int otherUnread READ otherUnread NOTIFY otherUnreadChanged)

public:
    //! Telegram Desktop's limit without Premium.
    static constexpr int kMaxAccounts = 3;

    enum Role { NameRole = Qt::UserRole + 1, UnreadRole, ActiveRole, AddingRole };

    struct Row {
        QString name;
        int unread = 0;
        bool adding = false; // being added: not signed in yet
    };

    explicit AccountListModel(bool switchingEnabled, QObject *parent = nullptr);

    //! The instance QML's `Accounts` resolves to; provided before QML loads. Without one (QML
    //! loaded without the app: tests, tools) each engine gets an empty one with switching off.
    static void provideForQml(AccountListModel *model);
    static AccountListModel *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int activeIndex() const { return m_active; }
    bool switchingEnabled() const { return m_switchingEnabled; }
    bool canAdd() const { return m_switchingEnabled && m_rows.size() < kMaxAccounts; }
    bool adding() const;
    int otherUnread() const;
    const Row &row(int index) const { return m_rows.at(index); }

    // The composition root's side.
    void append(const Row &row);
    void removeAt(int index);
    void setActive(int index);
    void setName(int index, const QString &name);
    void setUnread(int index, int unread);
    void setAdding(int index, bool adding);

    // QML's side: requests only.
    Q_INVOKABLE void switchTo(int index);
    Q_INVOKABLE void addAccount();
    Q_INVOKABLE void cancelAdding();
    //! After the user confirmed: signs the account out and forgets it on this device.
    Q_INVOKABLE void removeAccount(int index);

signals:
    void countChanged();
    void activeIndexChanged();
    void addingChanged();
    void otherUnreadChanged();
    void switchRequested(int index);
    void addRequested();
    void addCancelRequested();
    void removeRequested(int index);

private:
    void changed(int index, const QList<int> &roles);

    bool m_switchingEnabled;
    QList<Row> m_rows;
    int m_active = -1;
};

} // namespace msgr::core
