#pragma once
//! `storage`: how much disk the profile takes, by part (as Settings > Storage shows it).
//! `clear-cache`: deletes the downloaded files that can be downloaded again, then prints what
//! is left. Neither needs the server; both need a signed-in profile (the transfers run then).
#include "cli/commands/command.h"

namespace msgr::core {
struct StorageFigures;
}

namespace msgr::cli {

class StorageCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

protected:
    //! Prints the next figures measured (measured now if `measureNow`), then finishes.
    void printUsage(bool measureNow);
};

class ClearCacheCommand : public StorageCommand {
    Q_OBJECT
public:
    using StorageCommand::StorageCommand;
    void start(bool signedIn) override;
};

} // namespace msgr::cli
