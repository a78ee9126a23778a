#pragma once
//! `search <words>`: the profile's full-text search over every stored message (the same index
//! as the app's search, inside the encrypted database), newest first, one line per hit
//! (`chatId`, `localId`, `id`, `date`, `snippet`). From the profile alone; --limit N hits.
#include "cli/commands/command.h"

namespace msgr::cli {

class SearchCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;
};

} // namespace msgr::cli
