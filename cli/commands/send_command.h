#pragma once
//! `send <@username|chat-id> <text|->`: stores the text as a pending message, as the app's
//! composer does (CoreContext::sendText: one random id, reused on every retry), and returns
//! once the server acknowledged it (exit 0, prints its id), refused it for good (exit 7), or
//! did not answer within --timeout (exit 6: the message stays queued in the profile and goes
//! out on the next run that connects). In a secret chat whose peer key changed and was not
//! confirmed, nothing is encrypted: exit 10. `--reply-to ID` quotes message ID of the chat
//! (docs/protocol.md §19); the server refuses one it does not know there (exit 7).
#include "cli/commands/command.h"

namespace msgr::cli {

class ChatResolver;

class SendCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void send(qint64 chatId, const QString &text);
    //! A secret chat's message was not encrypted: exit 10 for a changed key, else 7.
    void explainSecretRefusal(qint64 chatId);

    ChatResolver *m_resolver = nullptr;
    qint64 m_localId = 0;
};

} // namespace msgr::cli
