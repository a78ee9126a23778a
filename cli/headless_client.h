#pragma once
//! The client core as the app composes it (app/client_root.h: key provider, encrypted profile,
//! context, the network thread, Session), driven without a UI: it answers Session's passphrase
//! question from the run's SecretSources and says once whether the profile is signed in.
//! Then the commands use Session, the context and the store directly.
//!
//! Thread affinity: the main thread. The network and storage threads are the core's own.
#include "cli/exit_codes.h"
#include "core/account/session.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

namespace msgr::app {
class ClientRoot;
}
namespace msgr::core {
struct ClientConfig;
class CoreContext;
class SyncEngine;
} // namespace msgr::core
namespace msgr::storage {
class ProfileStore;
}

namespace msgr::cli {

class SecretSources;

class HeadlessClient : public QObject {
    Q_OBJECT
public:
    //! `secrets` must outlive the client.
    HeadlessClient(const core::ClientConfig &config, const SecretSources *secrets,
                   QObject *parent = nullptr);
    //! Stops the engine and closes the profile (pending writes are committed).
    ~HeadlessClient() override;

    //! Gets the key, opens the profile, starts the engine; ready() or failed() follows.
    void start();
    //! change-passphrase: keep the passphrase the profile is unlocked with, for
    //! takeUnlockPassphrase(). Call before start().
    void keepUnlockPassphrase() { m_keepPassphrase = true; }
    //! The kept passphrase (once; empty for a keychain profile).
    QString takeUnlockPassphrase() { return std::exchange(m_unlockPassphrase, {}); }

    core::Session *session() const;
    core::CoreContext *context() const;
    storage::ProfileStore *store() const;
    //! Null before ready().
    core::SyncEngine *engine() const;

    //! Calls `online` once the engine is signed in and caught up with the server (the state the
    //! app shows as online); failed(Unreachable) after `timeoutMs` or when the address is
    //! refused; failed(AuthRefused) if a sign-in in progress is refused, failed(AccountState) if
    //! the profile is signed out meanwhile.
    //! With `unavailable`, a timeout or a refused address calls it instead of failing.
    using Unavailable = std::function<void(ExitCode code, const QString &message)>;
    void whenOnline(int timeoutMs, std::function<void()> online, Unavailable unavailable = {});

signals:
    //! The profile is open and the engine runs; `signedIn`: a session is stored.
    void ready(bool signedIn);
    //! The client cannot go on (emitted once; the command ends with `code`).
    void failed(msgr::cli::ExitCode code, const QString &message);
    //! Something the user should know that does not stop the command.
    void warning(const QString &message);

private:
    void onStateChanged();
    void onConnectionChanged();
    void providePassphrase();
    void fail(ExitCode code, const QString &message);
    //! The wait for online ends without it: `unavailable` if given, else failed().
    void giveUpOnline(ExitCode code, const QString &message);

    std::unique_ptr<app::ClientRoot> m_root;
    const SecretSources *m_secrets;
    core::Session::State m_lastState = core::Session::Starting;
    bool m_passphraseGiven = false;
    bool m_keepPassphrase = false;
    QString m_unlockPassphrase;
    bool m_ready = false;
    bool m_failed = false;
    std::function<void()> m_online;
    Unavailable m_unavailable;
    QTimer m_onlineDeadline;
};

} // namespace msgr::cli
