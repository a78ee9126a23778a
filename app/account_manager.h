#pragma once
//! The app's accounts (up to AccountListModel::kMaxAccounts), each a whole client of its own
//! (ClientRoot: its profile directory, encrypted database, keychain entry, network and storage
//! threads) with its own MessageNotifier. All stay signed in and connected; one is shown. The
//! shown account is what QML's `Session` and `Notifier` singletons resolve to: activeChanged()
//! tells the window to rebuild its QML over it (app/shell_host.h).
//!
//! Fills QML's `Accounts` list (core/accounts/account_list_model.h) and answers its requests,
//! queued (a request may destroy the QML that made it). Keeps the list of accounts in the app's
//! settings file (app/saved_accounts.h) through a PreferencesWriter, off the GUI thread.
//!
//! Background accounts: their notifications show whatever the window is doing, and a click on
//! one switches to that account and opens the chat; their unread counts add up in
//! unreadTotal() (the tray) and AccountListModel::otherUnread (the switcher's badge).
//!
//! Thread affinity: GUI thread.
#include "app/saved_accounts.h"
#include "core/account/client_config.h"

#include <QList>
#include <QObject>
#include <functional>
#include <memory>

namespace msgr::core {
class AccountListModel;
class MessageNotifier;
class PreferencesWriter;
class UiPreferences;
} // namespace msgr::core

namespace msgr::platform {
class DesktopNotifications;
}

namespace msgr::app {

class ClientRoot;
class LiveAccount;

class AccountManager : public QObject {
    Q_OBJECT
public:
    struct Options {
        //! Server, device name and the transport flag for every account; profileDir unused.
        core::ClientConfig base;
        //! Where "Add account" makes the new profile directories.
        QString newProfilesDir;
        //! False with --profile: that one profile, no switching, nothing saved.
        bool switchingEnabled = true;
        //! The settings file the list is saved to (empty: the app's default QSettings).
        QString settingsPath;
        //! Read by each account's notifier; must outlive the manager.
        core::UiPreferences *preferences = nullptr;
        //! Makes each account's desktop notifications (default: the platform's).
        std::function<std::unique_ptr<platform::DesktopNotifications>()> makeNotifications;
    };

    explicit AccountManager(Options options, QObject *parent = nullptr);
    //! Destroy the QML that uses the accounts first.
    ~AccountManager() override;

    //! Builds and starts every saved account and shows the saved active one.
    void open(const SavedAccounts &saved);

    core::AccountListModel *list() const { return m_list; }
    int count() const { return int(m_accounts.size()); }
    int activeIndex() const { return m_active; }
    ClientRoot *root(int index) const;
    ClientRoot *activeRoot() const { return root(m_active); }
    core::MessageNotifier *activeNotifier() const;
    //! Unread messages in chats not muted, over every account.
    int unreadTotal() const;
    //! Whether the window has the focus: the shown account's notifications and presence follow
    //! it; the others always notify and are idle.
    void setWindowActive(bool active);

    // What the switcher asks for (also callable directly).
    void switchTo(int index);
    //! A new profile, shown at once on its log-in page; cancelAdding() returns to the account
    //! shown before and deletes the new profile.
    void addAccount();
    void cancelAdding();
    //! Signs the account out (its device leaves the server), then deletes its keychain entry
    //! and profile directory. The last account removed leaves a fresh one on its log-in page.
    void removeAccount(int index);

signals:
    //! Another account is shown: Session and Notifier now resolve to it; rebuild the QML.
    void activeChanged();
    void unreadTotalChanged();
    //! A removed or cancelled account's local data is gone (its directory deleted).
    void accountForgotten(const QString &profileDir);

private:
    LiveAccount *makeAccount(const QString &profileDir, const QString &savedName);
    int indexOf(LiveAccount *account) const;
    void setActive(int index);
    void applyWindowActive();
    void retire(LiveAccount *account);
    void save();
    QString newProfileDir() const;

    Options m_options;
    core::AccountListModel *m_list;
    std::unique_ptr<core::PreferencesWriter> m_writer; // null when nothing is saved
    QList<LiveAccount *> m_accounts;                   // children of this object
    int m_active = -1;
    int m_returnTo = -1; // shown before "Add account"
    bool m_windowActive = true;
};

} // namespace msgr::app
