#pragma once
//! `history <@username|chat-id> [--limit N]`: the newest N messages of a chat, oldest first,
//! both directions. Once caught up with the server; when the profile holds fewer than N, older
//! pages come from the server as the app's chat view pages them (SyncEngine::fetchHistory).
//! Offline it prints what is stored, warns, and exits 6.
#include "cli/commands/command.h"

namespace msgr::cli {

class ChatResolver;

class HistoryCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void read(qint64 chatId, ExitCode code, bool mayFetch);

    ChatResolver *m_resolver = nullptr;
    int m_lastCount = -1;
};

} // namespace msgr::cli
