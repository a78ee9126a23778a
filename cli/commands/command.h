#pragma once
//! One msgr-cli command: started once the profile is open (HeadlessClient::ready), it ends by
//! finish(), which prints its error (if any) and emits finished() with the exit code.
//!
//! Thread affinity: the main thread.
#include "cli/exit_codes.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace msgr::cli {

struct CliOptions;
class HeadlessClient;
class Output;
class SecretSources;

struct CommandEnv {
    const CliOptions *options = nullptr;
    const Output *output = nullptr;
    HeadlessClient *client = nullptr;
    const SecretSources *secrets = nullptr;
};

class Command : public QObject {
    Q_OBJECT
public:
    explicit Command(const CommandEnv &env, QObject *parent = nullptr)
        : QObject(parent), m_env(env) {}

    //! The profile is open and the engine runs; `signedIn`: a session is stored.
    virtual void start(bool signedIn) = 0;
    //! SIGINT or SIGTERM arrived: ends with Interrupted unless the command says otherwise.
    virtual void interrupt() { finish(Interrupted, tr("interrupted")); }
    //! Whether the profile must exist already (every command but signup and login).
    virtual bool needsExistingProfile() const { return true; }
    //! Ends the command (once): `error` goes to stderr unless the code is Ok.
    void finish(ExitCode code, const QString &error = {});
    //! finish(AccountState) with the sentence for a signed-out profile.
    void finishSignedOut();

signals:
    void finished(int exitCode);

protected:
    //! --timeout in milliseconds.
    int timeoutMs() const;
    //! finish(Unreachable, `message`) unless the command finished within --timeout.
    void armDeadline(const QString &message);
    //! The positional argument at `index` as a message id (a positive number), or 0 after
    //! finish(Usage) saying why it is not one.
    qint64 messageIdArgument(int index);
    const CommandEnv m_env;

private:
    bool m_finished = false;
    QTimer m_deadline;
};

//! The command the options name.
std::unique_ptr<Command> makeCommand(const CommandEnv &env);

} // namespace msgr::cli
