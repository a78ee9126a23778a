#pragma once
//! `receive [--once] [--timeout S]`: prints messages from others as the profile stores them,
//! first those that arrived while this profile was offline, one line (or JSON line) each,
//! flushed at once. What was printed is marked read (the read mark is this command's cursor,
//! as in the app: a message read on another device of the account is not printed again).
//! Streams until SIGINT or SIGTERM (exit 0), or --timeout seconds; with --once it ends after
//! catching up with the server (exit 6 if it cannot within --timeout). Self-destructing
//! secret messages removed at expiry while it runs are told by a line ("expired": local ids).
//!
//! Every store change with new messages from others triggers a drain: one read job collects
//! the unread messages from others above what this run printed per chat, in the store's order
//! of jobs, so nothing is printed twice or skipped whatever order the store's and the engine's
//! signals arrive in.
#include "cli/commands/command.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QTimer>

namespace msgr::storage {
struct ChangeSet;
}

namespace msgr::cli {

class ReceiveCommand : public Command {
    Q_OBJECT
public:
    //! A sender's name is awaited this long (the engine fetches it after the message) before
    //! the message is printed without it.
    static constexpr int kNameWaitMs = 5000;

    using Command::Command;
    void start(bool signedIn) override;
    void interrupt() override { finish(Ok); }

private:
    void onChanged(const storage::ChangeSet &changes);
    void drain();
    void afterDrain();

    QHash<qint64, qint64> m_printed; // chat id -> highest server id printed
    bool m_draining = false;
    bool m_drainAgain = false;
    bool m_caughtUp = false;        // --once: the drain that ends the command may run
    QDeadlineTimer m_namesDeadline; // running while names are awaited
    bool m_awaitingNames = false;
    QTimer m_nameWait;
};

} // namespace msgr::cli
