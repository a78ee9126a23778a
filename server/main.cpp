// msgr-server: reads its configuration, raises the file limit, serves until SIGTERM/SIGINT.
#include "crypto/process_hardening.h"
#include "server/config.h"
#include "server/server_app.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace {

Q_LOGGING_CATEGORY(lcMain, "msgr.server.main")

int g_signalPipe[2] = {-1, -1};

void onStopSignal(int) {
    const char byte = 1;
    // Only async-signal-safe work here: wake the event loop through the pipe.
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

//! Each connection is a file descriptor: 10k clients need more than the usual soft limit.
void raiseFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
        return;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
        qCWarning(lcMain) << "cannot raise the open-file limit";
}

} // namespace

int main(int argc, char *argv[]) {
    msgr::crypto::disableCoreDumps(); // before any password or token is in memory
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("msgr-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1"));

    const msgr::server::ConfigOutcome outcome = msgr::server::parseServerConfig(
        QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    if (!outcome.config) {
        std::FILE *stream = outcome.exitCode == 0 ? stdout : stderr;
        std::fprintf(stream, "%s%s\n",
                     outcome.exitCode == 0 ? "" : "msgr-server: ", qPrintable(outcome.message));
        return outcome.exitCode;
    }
    raiseFileLimit();

    if (::pipe(g_signalPipe) != 0) {
        std::fprintf(stderr, "msgr-server: cannot create the signal pipe\n");
        return 1;
    }
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    msgr::server::ServerApp server(*outcome.config);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "msgr-server: %s\n", qPrintable(error));
        return 1;
    }
    QSocketNotifier stopNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, &app, [] {
        qCInfo(lcMain) << "stop signal received";
        QCoreApplication::quit();
    });

    std::printf("%s\n", qPrintable(server.readyLine()));
    std::fflush(stdout);
    const int code = app.exec();
    server.stop();
    return code;
}
