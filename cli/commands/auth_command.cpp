#include "cli/commands/auth_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "cli/secret_sources.h"
#include "core/account/session.h"

namespace msgr::cli {

bool AuthCommand::isSignUp() const {
    return m_env.options->command == CommandName::SignUp;
}

void AuthCommand::start(bool signedIn) {
    core::Session *session = m_env.client->session();
    const QString username = m_env.options->arguments.at(0).trimmed().toLower();
    if (signedIn) {
        // Logging in again as the same account changes nothing: a script may repeat it.
        if (!isSignUp() && session->username() == username) {
            m_env.client->whenOnline(timeoutMs(), [this] { printAccount(); });
            return;
        }
        finish(AccountState, tr("this profile is signed in as @%1: run msgr-cli logout first")
                                 .arg(session->username()));
        return;
    }
    const SecretRead password = m_env.secrets->password();
    if (password.status == SecretRead::Status::Cancelled) {
        finish(Interrupted, tr("interrupted"));
        return;
    }
    if (!password.ok()) {
        finish(Usage, tr("no password: %1").arg(password.message));
        return;
    }
    if (!password.message.isEmpty())
        m_env.output->warning(password.message);

    if (isSignUp())
        session->signUp(username, password.value, m_env.options->arguments.at(1));
    else
        session->logIn(username, password.value);
    // Busy until the server answered (a refusal ends it through HeadlessClient::failed); a
    // server that never answers ends it at the timeout.
    m_env.client->whenOnline(timeoutMs(), [this] { printAccount(); });
}

void AuthCommand::printAccount() {
    core::Session *session = m_env.client->session();
    m_env.output->result(
        tr("signed in as @%1 (user %2)").arg(session->username()).arg(session->userId()),
        {{QStringLiteral("userId"), session->userId()},
         {QStringLiteral("username"), session->username()}});
    finish(Ok);
}

} // namespace msgr::cli
