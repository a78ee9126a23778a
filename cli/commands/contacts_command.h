#pragma once
//! Contacts and blocking (docs/protocol.md §14), as the app's Contacts page:
//!   `contacts`                      the lists by section (invitations to you, your
//!                                   invitations, contacts, blocked), fetched from the server
//!                                   (offline: what the profile stored, with a warning);
//!   `contacts invite <user>`        invite by username;
//!   `contacts accept|deny|cancel|remove <user>`  act on that user's invitation or contact;
//!   `block <user>`, `unblock <user>`.
//! `<user>` is a username, with or without '@'. Returns once the server answered (exit 0),
//! refused it (exit 7, e.g. USER_BLOCKED, LIMIT_EXCEEDED), found no such user (exit 8), or
//! could not be reached within --timeout (exit 6; nothing is queued).
#include "cli/commands/command.h"

namespace msgr::cli {

class ContactsCommand : public Command {
    Q_OBJECT
public:
    //! What the command line names: contacts (with its sub-command), block or unblock.
    enum class Kind { Contacts, Block, Unblock };
    ContactsCommand(const CommandEnv &env, Kind kind);
    void start(bool signedIn) override;

private:
    void list(ExitCode code);
    void actOn(const QString &verb, const QString &username);
    //! The server's refusal as an exit: NOT_FOUND 8, OFFLINE 6, others 7.
    void refuse(const QString &code, const QString &message);

    Kind m_kind;
};

} // namespace msgr::cli
