#pragma once
//! `pin <@username|chat-id> <message-id>` and `unpin <@username|chat-id> <message-id>`: pins a
//! message at the top of its chat, or unpins it (messages.pin, docs/protocol.md §17.4), as the
//! app's Pin / Unpin do; every member sees it. Returns once the server answered (exit 0),
//! refused it (exit 7: a message the chat does not hold, a group member who is not its owner
//! or an admin), or could not be reached within --timeout (exit 6; nothing is queued: run it
//! again). Unpinning a message that is not the pinned one changes nothing (exit 0). Not for
//! secret chats (exit 2).
#include "cli/commands/command.h"

namespace msgr::cli {

class ChatResolver;

class PinCommand : public Command {
    Q_OBJECT
public:
    //! `pinned`: pin (true) or unpin (false).
    PinCommand(const CommandEnv &env, bool pinned);
    void start(bool signedIn) override;

private:
    void pin(qint64 chatId, qint64 messageId);

    bool m_pinned;
    ChatResolver *m_resolver = nullptr;
};

} // namespace msgr::cli
