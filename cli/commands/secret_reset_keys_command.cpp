#include "cli/commands/secret_reset_keys_command.h"

#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/secret/secret_writes.h"
#include "storage/profile_store.h"

#include <QDateTime>

namespace msgr::cli {

void SecretResetKeysCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    m_env.client->store()->writeReturning(
        [now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            return core::secret::resetIdentity(tx, now);
        },
        this,
        [this](bool reset) {
            if (!reset) {
                finish(AccountState, tr("this device has no secret-chat keys yet: connect once"));
                return;
            }
            m_env.output->result(tr("this device has a new secret-chat identity; it is "
                                    "published on the next connection"),
                                 {{QStringLiteral("reset"), true}});
            finish(Ok);
        });
}

} // namespace msgr::cli
