#pragma once
//! `secret-start <@username|user-id> [--device ID]`: starts an end-to-end encrypted secret
//! chat (core/secret/: secret.listDevices, the given device or the most recently active one,
//! secret.getBundle, X3DH) once this device's own keys are published, and returns once the
//! relay accepted the opening envelope: prints the new chat's id (negative: secret chats exist
//! on this device only). Exit 8 for no such user or no device with keys, 7 when the server or
//! the peer's keys are refused, 6 when the server does not answer within --timeout.
#include "cli/commands/command.h"

namespace msgr::cli {

class SecretStartCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void resolveUser(const QString &target);
    void startWith(qint64 userId);

    bool m_started = false;
};

} // namespace msgr::cli
