#include "cli/headless_client.h"

#include "app/client_root.h"
#include "cli/secret_sources.h"
#include "core/account/session.h"
#include "core/context/core_context.h"

namespace msgr::cli {

HeadlessClient::HeadlessClient(const core::ClientConfig &config, const SecretSources *secrets,
                               QObject *parent)
    : QObject(parent), m_root(std::make_unique<app::ClientRoot>(config)), m_secrets(secrets) {
    m_onlineDeadline.setSingleShot(true);
    connect(&m_onlineDeadline, &QTimer::timeout, this, [this] {
        // The proxy's failure, when that is what kept the server away, is what to fix.
        const QString proxyProblem = m_root->session()->proxyProblem();
        giveUpOnline(
            Unreachable,
            proxyProblem.isEmpty()
                ? tr("the server at %1 did not answer in time").arg(m_root->session()->serverUrl())
                : proxyProblem);
    });
    connect(session(), &core::Session::stateChanged, this, &HeadlessClient::onStateChanged);
    connect(session(), &core::Session::connectionChanged, this,
            &HeadlessClient::onConnectionChanged);
}

HeadlessClient::~HeadlessClient() {
    m_root->shutdown();
}

void HeadlessClient::start() {
    m_root->start();
}

core::Session *HeadlessClient::session() const {
    return m_root->session();
}

core::CoreContext *HeadlessClient::context() const {
    return m_root->context();
}

storage::ProfileStore *HeadlessClient::store() const {
    return m_root->store();
}

core::SyncEngine *HeadlessClient::engine() const {
    return m_root->context()->engine();
}

void HeadlessClient::whenOnline(int timeoutMs, std::function<void()> online,
                                Unavailable unavailable) {
    if (session()->connection() == core::Session::Online) {
        online();
        return;
    }
    m_online = std::move(online);
    m_unavailable = std::move(unavailable);
    m_onlineDeadline.start(timeoutMs);
    onConnectionChanged(); // refused already?
}

void HeadlessClient::onConnectionChanged() {
    const core::Session::Connection c = session()->connection();
    if (c == core::Session::Refused && m_online) {
        giveUpOnline(Unreachable, session()->transportWarning());
        return;
    }
    if (c == core::Session::Online && m_online) {
        m_onlineDeadline.stop();
        // Taken first: the callback may ask to wait again.
        m_unavailable = nullptr;
        const std::function<void()> online = std::exchange(m_online, nullptr);
        online();
    }
}

void HeadlessClient::onStateChanged() {
    core::Session *s = session();
    const core::Session::State previous = std::exchange(m_lastState, s->state());
    switch (s->state()) {
    case core::Session::NeedsPassphrase:
        if (m_passphraseGiven)
            fail(ProfileLocked, s->errorText().isEmpty() ? tr("Wrong passphrase") : s->errorText());
        else
            providePassphrase();
        return;
    case core::Session::Failed:
        fail(ProfileLocked, s->errorText());
        return;
    case core::Session::SignedOut:
        if (!m_ready) {
            m_ready = true;
            emit ready(false);
        } else if (m_online) {
            m_onlineDeadline.stop();
            m_online = nullptr;
            m_unavailable = nullptr;
            // From Busy: the server refused the sign-in; otherwise the session was revoked.
            if (previous == core::Session::Busy)
                fail(AuthRefused, s->errorText());
            else
                fail(AccountState, tr("this device was signed out"));
        }
        return;
    case core::Session::SignedIn:
        if (!m_ready) {
            m_ready = true;
            emit ready(true);
        }
        return;
    case core::Session::Starting:
    case core::Session::Busy:
        return;
    }
}

void HeadlessClient::providePassphrase() {
    core::Session *s = session();
    const bool isNew = !s->passphraseExists();
    const SecretRead read = m_secrets->passphrase(isNew);
    if (read.status == SecretRead::Status::Cancelled) {
        fail(Interrupted, tr("interrupted"));
        return;
    }
    if (!read.ok()) {
        fail(ProfileLocked, tr("no passphrase for this profile: %1").arg(read.message));
        return;
    }
    if (isNew && read.value.size() < core::Session::kMinPassphraseChars) {
        fail(ProfileLocked,
             tr("a passphrase has at least %1 characters").arg(core::Session::kMinPassphraseChars));
        return;
    }
    if (!read.message.isEmpty())
        emit warning(read.message);
    m_passphraseGiven = true;
    if (m_keepPassphrase)
        m_unlockPassphrase = read.value;
    // Argon2id runs on the thread pool (ProfileKeyProvider); the main thread goes on.
    if (isNew)
        s->createPassphrase(read.value);
    else
        s->unlock(read.value);
}

void HeadlessClient::giveUpOnline(ExitCode code, const QString &message) {
    m_onlineDeadline.stop();
    m_online = nullptr;
    if (const Unavailable unavailable = std::exchange(m_unavailable, nullptr))
        unavailable(code, message);
    else
        fail(code, message);
}

void HeadlessClient::fail(ExitCode code, const QString &message) {
    if (m_failed)
        return;
    m_failed = true;
    emit failed(code, message);
}

} // namespace msgr::cli
