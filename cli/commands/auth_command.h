#pragma once
//! `signup <username> <display name>` and `login <username>`: reads the password (never from
//! argv), signs the profile in through Session, and returns once the account is caught up with
//! the server, so the next command starts from a stored position. Prints the account.
#include "cli/commands/command.h"

namespace msgr::cli {

class AuthCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;
    bool needsExistingProfile() const override { return false; }

private:
    bool isSignUp() const;
    void printAccount();
};

} // namespace msgr::cli
