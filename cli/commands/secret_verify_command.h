#pragma once
//! `secret-verify <chat-id> [--scan CODE] [--qr]`: what verifies a secret chat
//! (docs/protocol.md §12.6), from the profile alone (no server): the safety number in 12
//! groups, its 12 emoji with their names, and the verification code a QR code carries (--qr
//! also prints that QR code with block characters). --scan checks a code the peer's device
//! shows: exit 0 when both keys match, 9 when they do not (a key substituted on either side)
//! or the text is not a code. --accept-key first confirms the peer's changed key (after the
//! user compared the new safety number): the chat may send again. Exit 8 when the chat is not
//! a secret chat of this profile.
#include "cli/commands/command.h"

namespace msgr::core::secret {
struct Verification;
}

namespace msgr::cli {

class SecretVerifyCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void read(qint64 chatId);
    void show(const core::secret::Verification &v);
};

} // namespace msgr::cli
