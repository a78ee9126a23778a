#pragma once
//! `secret-reset-keys`: gives this device a new secret-chat identity, as a reinstall would
//! (core/secret/secret_writes.h, resetIdentity), from the profile alone; the next run that
//! connects publishes it. Secret chats already here go on; the next one a peer opens with this
//! device shows the peer a key change (docs/protocol.md §12.6), which it must confirm. Exit 4
//! when this device has no keys yet (it never connected).
#include "cli/commands/command.h"

namespace msgr::cli {

class SecretResetKeysCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;
};

} // namespace msgr::cli
