#pragma once
//! Profiles (docs/protocol.md §14): `profile` shows the signed-in user's own (name,
//! @username, about, who sees the last seen time); `profile show <user>` another user's as the
//! server lets this user see it (last seen exact or approximate); `profile set [--name N]
//! [--about A] [--username U]` changes the own profile (exit 7 with USERNAME_TAKEN,
//! USERNAME_INVALID, TOO_LARGE...). Needs the server (exit 6 when it cannot be reached).
#include "cli/commands/command.h"

#include <QVariantMap>

namespace msgr::cli {

class ProfileCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void show(qint64 userId);
    void set();
    void print(const QVariantMap &profile);
    void refuse(const QString &code, const QString &message);
};

} // namespace msgr::cli
