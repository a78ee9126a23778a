#include "cli/commands/change_passphrase_command.h"

#include "cli/headless_client.h"
#include "cli/output.h"
#include "cli/secret_sources.h"

namespace msgr::cli {

void ChangePassphraseCommand::start(bool /*signedIn: a signed-out profile has its key too*/) {
    core::Session *session = m_env.client->session();
    const QString current = m_env.client->takeUnlockPassphrase();
    if (session->keychainAvailable() || current.isEmpty()) {
        finish(Failure, tr("this profile's key is kept in the system keychain: there is no "
                           "passphrase to change"));
        return;
    }
    const SecretRead fresh = m_env.secrets->newPassphrase();
    if (fresh.status == SecretRead::Status::Cancelled) {
        finish(Interrupted, tr("interrupted"));
        return;
    }
    if (!fresh.ok()) {
        finish(Usage, tr("no new passphrase: %1").arg(fresh.message));
        return;
    }
    if (!fresh.message.isEmpty())
        m_env.output->warning(fresh.message);
    connect(session, &core::Session::passphraseChangeFinished, this,
            [this](bool ok, const QString &message) {
                if (!ok) {
                    finish(Failure, message);
                    return;
                }
                m_env.output->result(tr("passphrase changed"),
                                     {{QStringLiteral("passphraseChanged"), true}});
                finish(Ok);
            });
    session->changePassphrase(current, fresh.value, fresh.value);
}

} // namespace msgr::cli
