// msgr-cli: the headless client. Parses the command line, builds the client core exactly as
// the app does (app/client_root.h, over HeadlessClient), runs one command and exits with its
// code (cli/exit_codes.h). QCoreApplication: no GUI, no QML engine.
// Before anything else, core dumps are disabled: the process will hold the database key.
#include "cli/cli_options.h"
#include "cli/commands/command.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "cli/secret_input.h"
#include "cli/secret_sources.h"
#include "cli/termination_signals.h"
#include "core/account/client_config.h"
#include "crypto/process_hardening.h"
#include "platform/profile_key_provider.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>
#include <cstdlib>

namespace {

using msgr::cli::ExitCode;

//! Without --verbose the core's log stays quiet: stderr carries only msgr-cli's own lines.
bool g_verbose = false;

void filteredLog(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    if (!g_verbose && type != QtFatalMsg)
        return;
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

msgr::core::ClientConfig configFor(const msgr::cli::CliOptions &options) {
    msgr::core::ClientConfig config;
    config.serverUrl = options.serverUrl;
    config.profileDir = options.profileDir;
    config.deviceName = QStringLiteral("msgr-cli");
    config.allowInsecureTransport = options.allowInsecureTransport;
    config.proxy = options.proxy;
    if (config.proxy && !config.proxy->userName.isEmpty() &&
        std::getenv(msgr::cli::kProxyPasswordVariable))
        config.proxy->password =
            msgr::cli::takeSecretFromEnvironment(msgr::cli::kProxyPasswordVariable).value;
    if (options.lowMemoryPassphrase)
        config.passphraseCost = msgr::crypto::KeyWrapCost::interactive();
    return config;
}

} // namespace

int main(int argc, char *argv[]) {
    const msgr::crypto::HardeningResult hardening = msgr::crypto::disableCoreDumps();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("msgr"));
    QCoreApplication::setApplicationName(QStringLiteral("msgr-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MSGR_APP_VERSION));

    const msgr::cli::ParsedCommandLine parsed =
        msgr::cli::parseCommandLine(QCoreApplication::arguments());
    if (parsed.printedHelp)
        return msgr::cli::Ok;
    const bool jsonErrors = QCoreApplication::arguments().contains(QStringLiteral("--json"));
    if (!parsed.options) {
        msgr::cli::Output(jsonErrors).error(msgr::cli::Usage, parsed.error);
        return msgr::cli::Usage;
    }
    const msgr::cli::CliOptions &options = *parsed.options;
    g_verbose = options.verbose;
    qInstallMessageHandler(filteredLog);
    const msgr::cli::Output output(options.json);
    if (!hardening.ok())
        output.warning(QStringLiteral("core dumps could not be fully disabled"));

    msgr::cli::TerminationSignals termination;
    if (!termination.isInstalled())
        output.warning(QStringLiteral("SIGINT and SIGTERM handlers could not be installed"));
    const msgr::cli::SecretSources secrets(options, termination.pendingFd());

    // Every command but signup and login needs a profile that exists: nothing is created for a
    // mistyped --profile.
    int exitCode = msgr::cli::Failure;
    {
        msgr::cli::HeadlessClient client(configFor(options), &secrets);
        if (options.command == msgr::cli::CommandName::ChangePassphrase)
            client.keepUnlockPassphrase();
        const std::unique_ptr<msgr::cli::Command> command =
            msgr::cli::makeCommand({&options, &output, &client, &secrets});
        if (command->needsExistingProfile() &&
            !QFile::exists(msgr::platform::ProfileKeyProvider::databasePath(options.profileDir))) {
            command->finishSignedOut();
            return msgr::cli::AccountState;
        }
        QObject::connect(command.get(), &msgr::cli::Command::finished, &app,
                         [](int code) { QCoreApplication::exit(code); });
        QObject::connect(&client, &msgr::cli::HeadlessClient::ready, command.get(),
                         &msgr::cli::Command::start);
        QObject::connect(
            &client, &msgr::cli::HeadlessClient::failed, command.get(),
            [&command](ExitCode code, const QString &message) { command->finish(code, message); });
        QObject::connect(&client, &msgr::cli::HeadlessClient::warning, command.get(),
                         [&output](const QString &message) { output.warning(message); });
        QObject::connect(&termination, &msgr::cli::TerminationSignals::received, command.get(),
                         [&command](int) { command->interrupt(); });
        client.start();
        exitCode = QCoreApplication::exec();
        // The command goes first, then the client: the engine stops, the profile closes.
    }
    return exitCode;
}
