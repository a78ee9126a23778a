#pragma once
//! Which source each secret of this run comes from, by the options: the profile passphrase
//! from --passphrase-file, else MSGR_PASSPHRASE, else a line of stdin; the account password
//! from --password-file, else a line of stdin (secret_input.h). Main thread.
#include "cli/secret_input.h"

namespace msgr::cli {

struct CliOptions;

class SecretSources {
public:
    //! `cancelFd`: readable once a termination signal arrived (TerminationSignals::pendingFd).
    SecretSources(const CliOptions &options, int cancelFd);

    //! The passphrase; a new one is asked twice on a terminal (and must match).
    SecretRead passphrase(bool isNew) const;
    //! change-passphrase: --new-passphrase-file, else MSGR_NEW_PASSPHRASE, else a line of stdin
    //! (after the current passphrase's), asked twice on a terminal.
    SecretRead newPassphrase() const;
    SecretRead password() const;
    //! The message text of `send <chat> -`.
    SecretRead messageText() const;

private:
    //! `first` once the user typed it again the same, when stdin is a terminal.
    SecretRead confirmedOnTerminal(SecretRead first) const;
    const CliOptions &m_options;
    int m_cancelFd;
};

} // namespace msgr::cli
