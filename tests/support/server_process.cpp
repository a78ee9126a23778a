#include "tests/support/server_process.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QtGlobal>

#include <cstdio>

namespace msgr::test {
namespace {
constexpr int kStartTimeoutMs = 30'000;
constexpr int kStopTimeoutMs = 15'000;
} // namespace

ServerProcess::ServerProcess(QStringList extraArgs) : m_extraArgs(std::move(extraArgs)) {
    // Anything the server prints after the ready line is read and dropped so that a chatty
    // server can never block on a full stdout pipe.
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process, [this] {
        if (m_wsPort != 0)
            m_process.readAllStandardOutput();
    });
}

ServerProcess::~ServerProcess() {
    if (isRunning())
        kill();
    if (QTest::currentTestFailed())
        dumpStderr();
}

QString ServerProcess::binaryPath() {
    return qEnvironmentVariable("MSGR_SERVER_BIN");
}

bool ServerProcess::start() {
    const QString bin = binaryPath();
    if (bin.isEmpty()) {
        qWarning("MSGR_SERVER_BIN is not set");
        return false;
    }
    if (!m_dataDir.isValid() || !m_logDir.isValid()) {
        qWarning("cannot create temporary directories for the server");
        return false;
    }
    QStringList args{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_wsPort),
                     QStringLiteral("--data-dir"), m_dataDir.path()};
    args += m_extraArgs;
    // stderr goes to a file: it cannot fill a pipe, and it survives a kill for the dump.
    m_process.setStandardErrorFile(m_logDir.filePath(QStringLiteral("server.stderr")),
                                   QIODevice::Append);
    m_process.setProgram(bin);
    m_process.setArguments(args);
    const quint16 previousPort = m_wsPort;
    m_wsPort = 0; // until the ready line, stdout is ours to read
    m_process.start();
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        qWarning("cannot start %s: %s", qPrintable(bin), qPrintable(m_process.errorString()));
        m_wsPort = previousPort;
        return false;
    }
    static const QRegularExpression ready(
        QStringLiteral(R"(^msgr-server ready ws=([0-9.]+):(\d+) http=([0-9.]+):(\d+)( tls)?\s*$)"));
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        while (m_process.canReadLine()) {
            const QString line = QString::fromUtf8(m_process.readLine());
            const auto match = ready.match(line);
            if (match.hasMatch()) {
                m_wsPort = match.captured(2).toUShort();
                m_httpPort = match.captured(4).toUShort();
                m_tls = !match.captured(5).isEmpty();
                return true;
            }
            qWarning("server stdout before ready: %s", qPrintable(line.trimmed()));
        }
        if (m_process.state() != QProcess::Running)
            break;
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    qWarning("msgr-server did not print its ready line (state %d, exit code %d)",
             int(m_process.state()), m_process.exitCode());
    dumpStderr();
    if (isRunning())
        kill();
    m_wsPort = previousPort;
    return false;
}

void ServerProcess::kill() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(kStopTimeoutMs);
}

void ServerProcess::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(kStopTimeoutMs)) {
        qWarning("msgr-server ignored SIGTERM for %d ms; killing it", kStopTimeoutMs);
        kill();
    }
}

bool ServerProcess::restart() {
    if (isRunning())
        stop();
    return start();
}

QUrl ServerProcess::wsUrl() const {
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/")
                    .arg(m_tls ? QStringLiteral("wss") : QStringLiteral("ws"))
                    .arg(m_wsPort));
}

QUrl ServerProcess::httpUrl() const {
    return QUrl(QStringLiteral("%1://127.0.0.1:%2")
                    .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                    .arg(m_httpPort));
}

QString ServerProcess::dataDir() const {
    return m_dataDir.path();
}

qint64 ServerProcess::pid() const {
    return m_process.processId();
}

bool ServerProcess::isRunning() const {
    return m_process.state() != QProcess::NotRunning;
}

QString ServerProcess::stderrLog() const {
    QFile file(m_logDir.filePath(QStringLiteral("server.stderr")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

void ServerProcess::dumpStderr() const {
    const QString log = stderrLog();
    if (log.isEmpty())
        return;
    std::fprintf(stderr,
                 "----- msgr-server stderr -----\n%s----- end of msgr-server stderr -----\n",
                 qPrintable(log));
    std::fflush(stderr);
}

} // namespace msgr::test
