#include "cli/commands/pin_command.h"

#include "cli/chat_resolver.h"
#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/engine/sync_engine.h"
#include "storage/secret_chat_id.h"

namespace msgr::cli {

PinCommand::PinCommand(const CommandEnv &env, bool pinned) : Command(env), m_pinned(pinned) {}

void PinCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const qint64 messageId = messageIdArgument(1);
    if (!messageId)
        return;
    armDeadline(m_pinned ? tr("the server did not answer in time; nothing was pinned")
                         : tr("the server did not answer in time; nothing was unpinned"));
    m_resolver = new ChatResolver(m_env.client, timeoutMs(), this);
    m_resolver->resolve(m_env.options->arguments.at(0),
                        [this, messageId](const ChatResolver::Result &chat) {
                            if (!chat.chatId)
                                return finish(chat.code, chat.message);
                            pin(chat.chatId, messageId);
                        });
}

void PinCommand::pin(qint64 chatId, qint64 messageId) {
    if (storage::isSecretChatId(chatId)) {
        finish(Usage, tr("secret chats have no pinned message"));
        return;
    }
    m_env.client->whenOnline(timeoutMs(), [this, chatId, messageId] {
        m_env.client->engine()->pinMessage(
            chatId, messageId, m_pinned, this, [this, chatId, messageId](const QString &error) {
                if (!error.isEmpty())
                    return finish(Refused, m_pinned
                                               ? tr("the server refused the pin: %1").arg(error)
                                               : tr("the server refused the unpin: %1").arg(error));
                m_env.output->result((m_pinned ? tr("pinned message %1 in chat %2")
                                               : tr("unpinned message %1 in chat %2"))
                                         .arg(messageId)
                                         .arg(chatId),
                                     {{QStringLiteral("chatId"), chatId},
                                      {QStringLiteral("messageId"), messageId},
                                      {QStringLiteral("pinned"), m_pinned}});
                finish(Ok);
            });
    });
}

} // namespace msgr::cli
