#include "cli/commands/logout_command.h"

#include "cli/headless_client.h"
#include "cli/output.h"

namespace msgr::cli {

void LogoutCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    core::Session *session = m_env.client->session();
    m_env.client->whenOnline(timeoutMs(), [this, session] {
        const QString username = session->username();
        connect(session, &core::Session::stateChanged, this, [this, session, username] {
            if (session->state() != core::Session::SignedOut)
                return;
            m_env.output->result(tr("signed out @%1").arg(username),
                                 {{QStringLiteral("signedOut"), username}});
            finish(Ok);
        });
        armDeadline(tr("the server did not confirm the log-out in time"));
        session->logOut();
    });
}

} // namespace msgr::cli
