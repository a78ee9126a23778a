#pragma once
//! Runs the REAL msgr-cli executable (path from env MSGR_CLI_BIN) against one profile, as a
//! script would: arguments, stdin, exit code, stdout and stderr. Every wait awaits QProcess's
//! signals (tests/support/await.h), none sleeps. Main thread only.
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>

namespace msgr::test {

struct CliResult {
    int exitCode = -1; //!< -1: crashed or did not start
    QByteArray out;
    QByteArray err;
    //! stdout as JSON lines; a line that is not a JSON object fails the calling test.
    QList<QJsonObject> jsonLines() const;
    QStringList lines() const;
};

class CliRunner {
public:
    //! `sessionBus`: keep the session bus of the test's environment (a Secret Service there
    //! keeps the key); otherwise it is cleared, the passphrase mode of a headless server.
    CliRunner(QString profileDir, QUrl server, QString passphraseFile, bool sessionBus = false);

    //! --profile, --server, --passphrase-file, --low-memory-kdf (a new profile's Argon2id at
    //! the lowest cost the code accepts, so a run takes milliseconds) and `args`; waits for
    //! the exit.
    CliResult run(const QStringList &args, const QByteArray &stdinData = {}) const;
    //! The same, started and left running (receive): read it with awaitLine(), end it with
    //! terminate().
    std::unique_ptr<QProcess> startRunning(const QStringList &args) const;

    QString profileDir() const { return m_profileDir; }

    static QString binaryPath();
    //! The next whole line of a running process's stdout.
    static QByteArray awaitLine(QProcess &process);
    //! SIGTERM, then waits for the exit; the result of the whole run.
    static CliResult terminate(QProcess &process);

private:
    QStringList commandLine(const QStringList &args) const;
    QString m_profileDir;
    QUrl m_server;
    QString m_passphraseFile;
    bool m_sessionBus = false;
};

} // namespace msgr::test
