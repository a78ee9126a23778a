#pragma once
//! `forward <@username|chat-id> <message-id> <@username|chat-id>`: forwards one message of the
//! first chat to the second (messages.forward, docs/protocol.md §19), as the app's Forward does,
//! and returns once the server stored the copy (exit 0), refused it (exit 7: a message or chat
//! it does not know for this user, a block), or could not be reached within --timeout (exit 6;
//! nothing is queued: run it again). Not for secret chats (exit 2).
#include "cli/commands/command.h"

namespace msgr::cli {

class ChatResolver;

class ForwardCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void forward(qint64 fromChatId, qint64 messageId, qint64 toChatId);

    ChatResolver *m_resolver = nullptr;
};

} // namespace msgr::cli
