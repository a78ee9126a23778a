#pragma once
//! `logout`: once online, tells the server to end this device's session (so the token is
//! worthless everywhere) and clears it from the profile; the history stays.
#include "cli/commands/command.h"

namespace msgr::cli {

class LogoutCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;
};

} // namespace msgr::cli
