#include "cli/commands/forward_command.h"

#include "cli/chat_resolver.h"
#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/engine/sync_engine.h"
#include "crypto/sodium.h"
#include "storage/secret_chat_id.h"

namespace msgr::cli {

void ForwardCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const qint64 messageId = messageIdArgument(1);
    if (!messageId)
        return;
    armDeadline(tr("the server did not answer in time; nothing was forwarded"));
    m_resolver = new ChatResolver(m_env.client, timeoutMs(), this);
    m_resolver->resolve(
        m_env.options->arguments.at(0), [this, messageId](const ChatResolver::Result &from) {
            if (!from.chatId)
                return finish(from.code, from.message);
            m_resolver->resolve(
                m_env.options->arguments.at(2),
                [this, messageId, fromChatId = from.chatId](const ChatResolver::Result &to) {
                    if (!to.chatId)
                        return finish(to.code, to.message);
                    forward(fromChatId, messageId, to.chatId);
                });
        });
}

void ForwardCommand::forward(qint64 fromChatId, qint64 messageId, qint64 toChatId) {
    if (storage::isSecretChatId(fromChatId) || storage::isSecretChatId(toChatId)) {
        finish(Usage, tr("secret chats cannot forward or be forwarded to"));
        return;
    }
    // One random id for this run: the server stores the copy once even if asked twice.
    const qint64 randomId = crypto::randomNonZeroInt63();
    m_env.client->whenOnline(timeoutMs(), [this, fromChatId, messageId, toChatId, randomId] {
        m_env.client->engine()->forwardMessages(
            fromChatId, {messageId}, toChatId, {randomId}, this,
            [this, fromChatId, messageId, toChatId](const QString &error) {
                if (!error.isEmpty())
                    return finish(Refused, tr("the server refused the forward: %1").arg(error));
                m_env.output->result(tr("forwarded message %1 of chat %2 to chat %3")
                                         .arg(messageId)
                                         .arg(fromChatId)
                                         .arg(toChatId),
                                     {{QStringLiteral("fromChatId"), fromChatId},
                                      {QStringLiteral("messageId"), messageId},
                                      {QStringLiteral("toChatId"), toChatId}});
                finish(Ok);
            });
    });
}

} // namespace msgr::cli
