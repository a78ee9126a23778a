#pragma once
//! `chats`: the chat list as the app shows it (pinned first, then newest first), once caught up
//! with the server. Offline it prints what the profile has stored, warns, and exits 6.
#include "cli/commands/command.h"

namespace msgr::cli {

class ChatsCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void list(ExitCode code);
};

} // namespace msgr::cli
