#include "app/account_manager.h"

#include "app/client_root.h"
#include "core/account/session.h"
#include "core/accounts/account_list_model.h"
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/notifications/message_notifier.h"
#include "core/preferences/preferences_writer.h"
#include "core/presence/presence.h"
#include "platform/desktop_notifications.h"

#include <QDir>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QThreadPool>
#include <QTimer>

Q_LOGGING_CATEGORY(lcAccounts, "msgr.app.accounts")

namespace msgr::app {
namespace {

//! A log-out the server does not answer (offline) does not keep the account: its local data is
//! deleted anyway once this passes (the device then stays listed on the account's other devices
//! until revoked there).
constexpr int kLogOutWaitMs = 10'000;

} // namespace

//! One account: its client, its notifications and what the manager knows of it.
class LiveAccount : public QObject {
public:
    LiveAccount(const core::ClientConfig &config, core::UiPreferences *preferences,
                std::unique_ptr<platform::DesktopNotifications> notifications, QObject *parent)
        : QObject(parent), profileDir(config.profileDir),
          root(std::make_unique<ClientRoot>(config)), desktop(std::move(notifications)),
          notifier(std::make_unique<core::MessageNotifier>(
              root->context(), root->session()->chats(), preferences, desktop.get())) {}
    ~LiveAccount() override {
        notifier.reset();
        root.reset(); // joins its threads: the database is closed before the folder goes
        if (wipe)
            QThreadPool::globalInstance()->start([dir = profileDir] {
                if (!QDir(dir).removeRecursively())
                    qCWarning(lcAccounts) << "could not delete every file of a removed profile";
            });
    }

    QString profileDir;
    std::unique_ptr<ClientRoot> root;
    std::unique_ptr<platform::DesktopNotifications> desktop;
    std::unique_ptr<core::MessageNotifier> notifier;
    bool adding = false;   // "Add account", not signed in yet
    bool removing = false; // signing out before it is forgotten
    bool wipe = false;     // delete the profile directory once closed
};

AccountManager::AccountManager(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)),
      m_list(new core::AccountListModel(m_options.switchingEnabled, this)) {
    Q_ASSERT(m_options.preferences);
    if (!m_options.makeNotifications)
        m_options.makeNotifications = [] { return platform::createDesktopNotifications(); };
    if (m_options.switchingEnabled)
        m_writer = std::make_unique<core::PreferencesWriter>(m_options.settingsPath);
    core::AccountListModel::provideForQml(m_list);
    // Queued: each may destroy the QML that asked.
    connect(m_list, &core::AccountListModel::switchRequested, this, &AccountManager::switchTo,
            Qt::QueuedConnection);
    connect(m_list, &core::AccountListModel::addRequested, this, &AccountManager::addAccount,
            Qt::QueuedConnection);
    connect(m_list, &core::AccountListModel::addCancelRequested, this,
            &AccountManager::cancelAdding, Qt::QueuedConnection);
    connect(m_list, &core::AccountListModel::removeRequested, this, &AccountManager::removeAccount,
            Qt::QueuedConnection);
}

AccountManager::~AccountManager() {
    core::MessageNotifier::provideForQml(nullptr);
    core::Session::provideForQml(nullptr);
    core::AccountListModel::provideForQml(nullptr);
    // Each client stops its threads; the saved list is flushed by the writer's destructor.
    qDeleteAll(m_accounts);
    m_accounts.clear();
}

void AccountManager::open(const SavedAccounts &saved) {
    for (int i = 0; i < saved.profileDirs.size() && count() < core::AccountListModel::kMaxAccounts;
         ++i) {
        LiveAccount *account = makeAccount(saved.profileDirs.at(i), saved.names.value(i));
        account->root->start();
    }
    setActive(qMax(0, int(saved.profileDirs.indexOf(saved.activeProfileDir))));
}

ClientRoot *AccountManager::root(int index) const {
    return index >= 0 && index < count() ? m_accounts.at(index)->root.get() : nullptr;
}

core::MessageNotifier *AccountManager::activeNotifier() const {
    return m_active >= 0 ? m_accounts.at(m_active)->notifier.get() : nullptr;
}

int AccountManager::unreadTotal() const {
    int total = 0;
    for (const LiveAccount *account : m_accounts)
        total += account->root->session()->chats()->unreadTotal();
    return total;
}

void AccountManager::setWindowActive(bool active) {
    m_windowActive = active;
    applyWindowActive();
}

void AccountManager::applyWindowActive() {
    for (int i = 0; i < count(); ++i) {
        const bool shownAndFocused = i == m_active && m_windowActive;
        m_accounts.at(i)->notifier->setWindowActive(shownAndFocused);
        m_accounts.at(i)->root->context()->presence()->setAppActive(shownAndFocused);
    }
}

LiveAccount *AccountManager::makeAccount(const QString &profileDir, const QString &savedName) {
    core::ClientConfig config = m_options.base;
    config.profileDir = profileDir;
    auto *account =
        new LiveAccount(config, m_options.preferences, m_options.makeNotifications(), this);
    m_accounts.append(account);
    m_list->append({savedName, 0, false});
    // ClientRoot provided its Session to QML; the shown account's is provided again by
    // setActive().
    if (m_active >= 0)
        core::Session::provideForQml(activeRoot()->session());

    core::Session *session = account->root->session();
    core::ChatListModel *chats = session->chats();
    connect(chats, &core::ChatListModel::unreadTotalChanged, this, [this, account, chats] {
        m_list->setUnread(indexOf(account), chats->unreadTotal());
        emit unreadTotalChanged();
    });
    connect(session, &core::Session::accountChanged, this, [this, account, session] {
        const QString name =
            session->displayName().isEmpty() ? session->username() : session->displayName();
        if (name.isEmpty())
            return;
        m_list->setName(indexOf(account), name);
        save();
    });
    connect(session, &core::Session::stateChanged, this, [this, account, session] {
        if (account->adding && session->state() == core::Session::SignedIn) {
            account->adding = false;
            m_list->setAdding(indexOf(account), false);
            save();
        }
    });
    // A click on a background account's notification: show that account, then the chat.
    connect(account->notifier.get(), &core::MessageNotifier::chatRequested, this,
            [this, account](double chatId, const QString &title) {
                const int index = indexOf(account);
                if (index < 0 || index == m_active)
                    return; // the shown account's QML opens the chat itself
                switchTo(index);
                emit account->notifier->chatRequested(chatId, title); // to the new QML
            });
    return account;
}

int AccountManager::indexOf(LiveAccount *account) const {
    return int(m_accounts.indexOf(account));
}

void AccountManager::setActive(int index) {
    if (index < 0 || index >= count())
        return;
    m_active = index;
    LiveAccount *account = m_accounts.at(index);
    core::Session::provideForQml(account->root->session());
    core::MessageNotifier::provideForQml(account->notifier.get());
    m_list->setActive(index);
    applyWindowActive();
    save();
    emit activeChanged();
}

void AccountManager::switchTo(int index) {
    if (!m_options.switchingEnabled || index < 0 || index >= count() || index == m_active)
        return;
    // Leaving an account being added: it is dropped, as "Cancel" would.
    LiveAccount *leaving =
        m_active >= 0 && m_accounts.at(m_active)->adding ? m_accounts.at(m_active) : nullptr;
    setActive(index);
    if (leaving)
        retire(leaving);
}

QString AccountManager::newProfileDir() const {
    // A random name: no two accounts, even one being deleted, share a folder.
    const quint64 tag = QRandomGenerator::global()->generate64();
    return QDir(m_options.newProfilesDir)
        .filePath(QStringLiteral("account-%1").arg(tag, 16, 16, QLatin1Char('0')));
}

void AccountManager::addAccount() {
    if (!m_list->canAdd() || m_list->adding())
        return;
    LiveAccount *account = makeAccount(newProfileDir(), {});
    account->adding = true;
    m_list->setAdding(count() - 1, true);
    m_returnTo = m_active;
    account->root->start();
    setActive(count() - 1);
}

void AccountManager::cancelAdding() {
    if (m_active < 0 || !m_accounts.at(m_active)->adding)
        return;
    LiveAccount *adding = m_accounts.at(m_active);
    const int back = m_returnTo >= 0 && m_returnTo < count() && m_returnTo != m_active
                         ? m_returnTo
                         : (m_active == 0 ? 1 : 0);
    if (back < count())
        setActive(back);
    retire(adding);
}

void AccountManager::removeAccount(int index) {
    if (index < 0 || index >= count() || m_accounts.at(index)->removing)
        return;
    LiveAccount *account = m_accounts.at(index);
    account->removing = true;
    core::Session *session = account->root->session();
    if (session->state() != core::Session::SignedIn) {
        retire(account);
        return;
    }
    // Signed out by the server (it closes the connection), or the wait ran out: forget it.
    auto done = std::make_shared<bool>(false);
    auto finish = [this, done, account = QPointer<LiveAccount>(account)] {
        if (*done || !account)
            return;
        *done = true;
        retire(account);
    };
    connect(session, &core::Session::stateChanged, account, [session, finish] {
        if (session->state() == core::Session::SignedOut ||
            session->state() == core::Session::Failed)
            finish();
    });
    QTimer::singleShot(kLogOutWaitMs, account, finish);
    session->logOut();
}

void AccountManager::retire(LiveAccount *account) {
    const int index = indexOf(account);
    if (index < 0)
        return;
    const bool wasActive = index == m_active;
    m_accounts.removeAt(index);
    m_list->removeAt(index);
    if (m_active > index)
        --m_active;
    if (m_returnTo > index)
        --m_returnTo;
    else if (m_returnTo == index)
        m_returnTo = -1;
    if (wasActive) {
        m_active = -1;
        if (m_accounts.isEmpty()) // the last one: a fresh profile on its log-in page
            makeAccount(newProfileDir(), {})->root->start();
        setActive(qMin(index, count() - 1)); // the QML leaves the account before it goes
    }
    save();
    // Closed and deleted once its keychain entry is gone; then its folder.
    account->wipe = true;
    account->root->shutdown();
    const QString profileDir = account->profileDir;
    account->root->forgetKey(account, [this, account, profileDir] {
        account->deleteLater();
        connect(account, &QObject::destroyed, this,
                [this, profileDir] { emit accountForgotten(profileDir); });
    });
}

void AccountManager::save() {
    if (!m_writer)
        return;
    SavedAccounts saved;
    for (int i = 0; i < count(); ++i) {
        if (m_accounts.at(i)->adding || m_accounts.at(i)->removing)
            continue; // kept once signed in; forgotten when removed
        saved.profileDirs.append(m_accounts.at(i)->profileDir);
        saved.names.append(m_list->row(i).name);
    }
    if (m_active >= 0 && !m_accounts.at(m_active)->adding)
        saved.activeProfileDir = m_accounts.at(m_active)->profileDir;
    else if (!saved.profileDirs.isEmpty())
        saved.activeProfileDir = saved.profileDirs.first();
    saveAccounts(*m_writer, saved);
}

} // namespace msgr::app
