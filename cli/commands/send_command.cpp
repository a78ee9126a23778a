#include "cli/commands/send_command.h"

#include "cli/chat_resolver.h"
#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "cli/secret_sources.h"
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"
#include "storage/tables/secret_state_table.h"

namespace msgr::cli {

void SendCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    QString text = m_env.options->arguments.at(1);
    if (text == QLatin1String("-")) {
        const SecretRead read = m_env.secrets->messageText();
        if (read.status == SecretRead::Status::Cancelled) {
            finish(Interrupted, tr("interrupted"));
            return;
        }
        if (!read.ok()) {
            finish(Usage, tr("no message text on stdin: %1").arg(read.message));
            return;
        }
        text = read.value;
    }
    if (text.trimmed().isEmpty()) {
        finish(Usage, tr("the message is empty"));
        return;
    }
    if (m_env.options->replyToId > 0 && m_env.options->arguments.at(0).startsWith(u'-')) {
        finish(Usage, tr("--reply-to works in private chats and groups, not in secret chats"));
        return;
    }
    if (text.size() > protocol::kMaxTextChars) {
        finish(Usage, tr("a message has at most %1 characters").arg(protocol::kMaxTextChars));
        return;
    }
    armDeadline(tr("the server did not answer in time; the message is stored and will be sent "
                   "on the next run that connects"));
    m_resolver = new ChatResolver(m_env.client, timeoutMs(), this);
    m_resolver->resolve(m_env.options->arguments.at(0),
                        [this, text](const ChatResolver::Result &r) {
                            if (r.chatId)
                                send(r.chatId, text);
                            else
                                finish(r.code, r.message);
                        });
}

void SendCommand::send(qint64 chatId, const QString &text) {
    core::SyncEngine *engine = m_env.client->engine();
    // Connected before the message exists: the answer cannot pass unseen.
    connect(engine, &core::SyncEngine::messageSent, this,
            [this, chatId](qint64 localId, qint64 serverId) {
                if (localId != m_localId)
                    return;
                m_env.output->result(tr("sent message %1 to chat %2").arg(serverId).arg(chatId),
                                     {{QStringLiteral("chatId"), chatId},
                                      {QStringLiteral("id"), serverId},
                                      {QStringLiteral("localId"), localId}});
                finish(Ok);
            });
    connect(engine, &core::SyncEngine::sendFailed, this,
            [this](qint64 localId, const QString &reason) {
                if (localId == m_localId)
                    finish(Refused, tr("the server refused the message: %1").arg(reason));
            });
    m_env.client->context()->sendText(
        chatId, text, this,
        [this, chatId](qint64 localId) {
            m_localId = localId;
            if (!localId) // a secret chat's message that was not encrypted: say why
                explainSecretRefusal(chatId);
        },
        m_env.options->replyToId);
}

void SendCommand::explainSecretRefusal(qint64 chatId) {
    m_env.client->store()->read(
        [chatId](storage::ReadTransaction &tx) {
            return storage::SecretStateTable::chatState(tx, chatId).keyChanged;
        },
        this,
        [this, chatId](bool keyChanged) {
            if (keyChanged)
                finish(KeyChanged, tr("the key of secret chat %1 changed: compare the safety "
                                      "numbers (secret-verify), then confirm it with "
                                      "secret-verify --accept-key")
                                       .arg(chatId));
            else
                finish(Refused, tr("cannot encrypt for secret chat %1").arg(chatId));
        });
}

} // namespace msgr::cli
