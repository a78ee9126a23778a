#include "bench/server_load/server_handle.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace msgr::bench {
namespace {
constexpr int kStartTimeoutMs = 60'000; // a large database is checked at start
constexpr int kStopTimeoutMs = 20'000;
constexpr int kServerPollMs = 20;
constexpr int kHelpTimeoutMs = 10'000;

//! The ready line of the server (docs/server.md); the address of the WebSocket listener is the
//! first `ws=HOST:PORT` (or `listen=`), whatever else the line holds.
const QRegularExpression &readyLine() {
    static const QRegularExpression re(
        QStringLiteral(R"(ready\b.*?\b(?:ws|listen)=(?:ws://)?([0-9.]+):(\d+))"));
    return re;
}

//! Whether `binary --help` mentions `option` (the old server has a separate HTTP listener).
bool helpMentions(const QString &binary, const QString &option) {
    QProcess help;
    help.start(binary, {QStringLiteral("--help")});
    if (!help.waitForFinished(kHelpTimeoutMs))
        return false;
    return QString::fromUtf8(help.readAllStandardOutput() + help.readAllStandardError())
        .contains(option);
}

bool waitForExit(pid_t pid, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        int status = 0;
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD))
            return true;
        QThread::msleep(kServerPollMs);
    }
    return false;
}
} // namespace

ServerHandle::~ServerHandle() {
    stop();
}

std::unique_ptr<ServerHandle> ServerHandle::spawn(const QString &binary, const QString &dataDir,
                                                  const QString &logDir,
                                                  const QStringList &extraArgs, QString *error) {
    std::unique_ptr<ServerHandle> server(new ServerHandle);
    server->m_owned = true;
    server->m_binary = binary;
    server->m_logDir = logDir;
    server->m_args = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                      QStringLiteral("--data-dir"), dataDir};
    if (helpMentions(binary, QStringLiteral("--http-listen")))
        server->m_args << QStringLiteral("--http-listen") << QStringLiteral("127.0.0.1:0");
    server->m_args += extraArgs;
    if (!server->start(error))
        return nullptr;
    return server;
}

std::unique_ptr<ServerHandle> ServerHandle::attach(const QString &host, quint16 port, qint64 pid) {
    std::unique_ptr<ServerHandle> server(new ServerHandle);
    server->m_host = host;
    server->m_port = port;
    server->m_pid = pid_t(pid);
    return server;
}

bool ServerHandle::start(QString *error) {
    const QString stdoutPath = QDir(m_logDir).filePath(QStringLiteral("server.stdout"));
    const QString stderrPath = QDir(m_logDir).filePath(QStringLiteral("server.stderr"));
    const QByteArray stdoutFile = QFile::encodeName(stdoutPath);
    const QByteArray stderrFile = QFile::encodeName(stderrPath);
    std::vector<QByteArray> argStorage{QFile::encodeName(m_binary)};
    for (const QString &arg : m_args)
        argStorage.push_back(arg.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &arg : argStorage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    // The ready line of an earlier run must not be read before the child truncates the file.
    QFile::remove(stdoutPath);
    const pid_t pid = fork();
    if (pid < 0) {
        *error = QStringLiteral("fork() failed");
        return false;
    }
    if (pid == 0) {
        // The child: only async-signal-safe calls until exec.
        const int out = ::open(stdoutFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(stderrFile.constData(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
            _exit(127);
        execv(argv[0], argv.data());
        _exit(127);
    }
    m_pid = pid;

    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        QFile out(stdoutPath);
        if (out.open(QIODevice::ReadOnly)) {
            const auto match = readyLine().match(QString::fromUtf8(out.readAll()));
            if (match.hasMatch()) {
                m_host = match.captured(1);
                m_port = match.captured(2).toUShort();
                return true;
            }
        }
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            m_pid = -1;
            *error = QStringLiteral("%1 exited before its ready line (status %2); see %3")
                         .arg(m_binary)
                         .arg(status)
                         .arg(stderrPath);
            return false;
        }
        QThread::msleep(kServerPollMs);
    }
    *error = QStringLiteral("%1 printed no ready line in %2 s; see %3")
                 .arg(m_binary)
                 .arg(kStartTimeoutMs / 1000)
                 .arg(stderrPath);
    stop();
    return false;
}

bool ServerHandle::restart(QString *error) {
    if (!m_owned) {
        *error = QStringLiteral("cannot restart a server the bench did not start");
        return false;
    }
    stop();
    return start(error);
}

void ServerHandle::stop() {
    if (!m_owned || m_pid <= 0)
        return;
    ::kill(m_pid, SIGTERM);
    if (!waitForExit(m_pid, kStopTimeoutMs)) {
        ::kill(m_pid, SIGKILL);
        waitForExit(m_pid, kStopTimeoutMs);
    }
    m_pid = -1;
}

QString ServerHandle::describe() const {
    return QStringLiteral("%1 pid %2 at ws://%3:%4/")
        .arg(m_owned ? m_binary : QStringLiteral("attached server"))
        .arg(m_pid)
        .arg(m_host)
        .arg(m_port);
}

} // namespace msgr::bench
