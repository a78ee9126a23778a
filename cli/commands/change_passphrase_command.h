#pragma once
//! `change-passphrase`: the profile (opened with its current passphrase, as every command
//! opens it) gets its key re-wrapped under the new passphrase (Session::changePassphrase); the
//! database and its key stay. A keychain profile has no passphrase: exit 1.
#include "cli/commands/command.h"

namespace msgr::cli {

class ChangePassphraseCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;
};

} // namespace msgr::cli
