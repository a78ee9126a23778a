#pragma once
//! `secret-timer <chat-id> <off|5s|10s|30s|1m|5m|1h|1d|1w>`: sets the secret chat's
//! self-destruct timer (docs/protocol.md §12.7). The setting travels inside the ratchet, so
//! both devices agree and both histories get a service entry; from then on each message sent
//! in the chat disappears from both devices that long after the recipient read it. Returns
//! once the relay accepted it (exit 6 when offline: it stays queued). Exit 10 while the peer's
//! changed key waits for confirmation, 8 for no such secret chat.
#include "cli/commands/command.h"

#include <optional>

namespace msgr::cli {

class SecretTimerCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

    //! "off", "5s", "1m", "1h", "1d", "1w"... as ms, when it is an allowed timer.
    static std::optional<qint64> parseTimer(const QString &text);

private:
    qint64 m_localId = 0;
};

} // namespace msgr::cli
