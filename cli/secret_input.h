#pragma once
//! Where msgr-cli gets a secret (the account password, the profile passphrase) and the text of
//! `send ... -`: never from argv, which every user of the machine can read (/proc/<pid>/cmdline).
//! From a file (its first line), from stdin (one line each, in the order they are needed; no
//! echo on a terminal), or, for the passphrase only, from an environment variable, which is
//! wiped and removed from the process once read.
//!
//! Blocking, on the main thread, before or between the client's asynchronous steps: it waits
//! for the user (or the pipe), and gives up at once when a termination signal arrives (the
//! `cancelFd` of TerminationSignals). POSIX only.
#include <QString>

namespace msgr::cli {

struct SecretRead {
    enum class Status { Ok, Cancelled, Failed };
    Status status = Status::Failed;
    //! The secret. A QString because the core's sign-in and unlock calls take one; the bytes it
    //! was read into are wiped.
    QString value;
    //! Failed: why, for the user. Ok: a warning (a file others may read), or empty.
    QString message;
    bool ok() const { return status == Status::Ok; }
};

//! Longest line accepted as a secret (a password is at most 256 bytes; a passphrase may be
//! longer, but not without limit).
inline constexpr int kMaxSecretBytes = 1024;
//! Longest message text read from stdin (the protocol allows 4096 characters; this bounds the
//! read, the text's length is checked against the protocol when sent).
inline constexpr int kMaxStdinTextBytes = 64 * 1024;

//! The first line of `path`. A file that group or others may read is accepted with a warning.
SecretRead readSecretFile(const QString &path);
//! One line of stdin; `prompt` goes to stderr and echo is off when stdin is a terminal.
SecretRead readSecretLine(const QString &prompt, int cancelFd);
//! The value of the environment variable `name`, then wipes it and removes it from the
//! environment (so child processes and /proc/<pid>/environ no longer show it).
SecretRead takeSecretFromEnvironment(const char *name);
//! All of stdin up to end of file (a message text), without the final newline.
SecretRead readAllStdin(int cancelFd);

//! Whether stdin is a terminal (a new passphrase is then asked twice).
bool stdinIsTerminal();

} // namespace msgr::cli
