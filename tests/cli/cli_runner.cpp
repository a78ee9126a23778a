#include "tests/cli/cli_runner.h"

#include "tests/support/await.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

namespace msgr::test {
namespace {

QProcessEnvironment cliEnvironment(bool sessionBus) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // No Secret Service: the passphrase mode of a headless server, the same on every machine.
    if (!sessionBus)
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString());
    env.remove(QStringLiteral("MSGR_PASSPHRASE"));
    return env;
}

//! Waits for the process to end; its exit code, or -1 after a crash or a failed start.
int awaitExit(QProcess &process) {
    if (process.state() == QProcess::NotRunning)
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return await<int>([&process](QObject *context, auto done) {
        QObject::connect(&process, &QProcess::finished, context,
                         [done](int code, QProcess::ExitStatus status) {
                             done(status == QProcess::NormalExit ? code : -1);
                         });
        QObject::connect(&process, &QProcess::errorOccurred, context,
                         [done](QProcess::ProcessError error) {
                             if (error == QProcess::FailedToStart)
                                 done(-1);
                         });
    });
}

} // namespace

QList<QJsonObject> CliResult::jsonLines() const {
    QList<QJsonObject> objects;
    for (const QString &line : lines()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            QTest::qFail(qPrintable(QStringLiteral("not a JSON object: %1").arg(line)), __FILE__,
                         __LINE__);
            return {};
        }
        objects.append(doc.object());
    }
    return objects;
}

QStringList CliResult::lines() const {
    return QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

CliRunner::CliRunner(QString profileDir, QUrl server, QString passphraseFile, bool sessionBus)
    : m_profileDir(std::move(profileDir)), m_server(std::move(server)),
      m_passphraseFile(std::move(passphraseFile)), m_sessionBus(sessionBus) {}

QString CliRunner::binaryPath() {
    return qEnvironmentVariable("MSGR_CLI_BIN");
}

QStringList CliRunner::commandLine(const QStringList &args) const {
    QStringList all = {QStringLiteral("--profile"), m_profileDir, QStringLiteral("--server"),
                       m_server.toString(), QStringLiteral("--low-memory-kdf")};
    if (!m_passphraseFile.isEmpty())
        all << QStringLiteral("--passphrase-file") << m_passphraseFile;
    return all + args;
}

CliResult CliRunner::run(const QStringList &args, const QByteArray &stdinData) const {
    QProcess process;
    process.setProcessEnvironment(cliEnvironment(m_sessionBus));
    process.start(binaryPath(), commandLine(args));
    process.write(stdinData);
    process.closeWriteChannel();
    CliResult result;
    result.exitCode = awaitExit(process);
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    if (result.exitCode < 0)
        qWarning("msgr-cli %s did not run: %s", qPrintable(args.join(QLatin1Char(' '))),
                 result.err.constData());
    return result;
}

std::unique_ptr<QProcess> CliRunner::startRunning(const QStringList &args) const {
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(cliEnvironment(m_sessionBus));
    process->start(binaryPath(), commandLine(args));
    process->closeWriteChannel();
    return process;
}

QByteArray CliRunner::awaitLine(QProcess &process) {
    if (!process.canReadLine())
        awaitDone([&process](QObject *context, auto done) {
            auto check = [&process, done]() mutable {
                if (process.canReadLine() || process.state() == QProcess::NotRunning)
                    done();
            };
            QObject::connect(&process, &QProcess::readyReadStandardOutput, context, check);
            QObject::connect(&process, &QProcess::finished, context, check);
        });
    return process.readLine().trimmed();
}

CliResult CliRunner::terminate(QProcess &process) {
    process.terminate();
    CliResult result;
    result.exitCode = awaitExit(process);
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace msgr::test
