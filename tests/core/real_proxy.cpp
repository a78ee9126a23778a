#include "tests/core/real_proxy.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace msgr::test {
namespace {

//! How long the proxy may take to accept its first connection (a liveness bound).
constexpr int kStartTimeoutMs = 15'000;

} // namespace

quint16 unusedLoopbackPort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort(); // closed on return: nothing listens there any more
}

RealProxy::RealProxy(Kind kind, QString user, QString password)
    : m_kind(kind), m_user(std::move(user)), m_password(std::move(password)) {
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
}

RealProxy::~RealProxy() {
    stop();
}

QString RealProxy::binaryFor(Kind kind) {
    const QString name =
        kind == Kind::Socks5 ? QStringLiteral("microsocks") : QStringLiteral("tinyproxy");
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty()) // tinyproxy is in /usr/bin, but a daemon may sit in sbin elsewhere
        path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin")});
    return path;
}

bool RealProxy::start() {
    const QString binary = binaryFor(m_kind);
    if (binary.isEmpty() || !m_dir.isValid()) {
        m_error = QStringLiteral("the proxy binary is missing");
        return false;
    }
    m_port = unusedLoopbackPort();
    QStringList args;
    if (m_kind == Kind::Socks5) {
        args << QStringLiteral("-i") << QStringLiteral("127.0.0.1") << QStringLiteral("-p")
             << QString::number(m_port);
        if (!m_user.isEmpty())
            args << QStringLiteral("-u") << m_user << QStringLiteral("-P") << m_password;
        // It logs every tunnel ("client[n] ip: connected to host:port") on stderr.
        m_process.setStandardErrorFile(m_dir.filePath(QStringLiteral("proxy.log")));
    } else {
        // No ConnectPort line: CONNECT to any port (the packaged config allows 443 and 563
        // only). LogLevel Connect logs each CONNECT request line.
        const QString config = m_dir.filePath(QStringLiteral("tinyproxy.conf"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly)) {
            m_error = QStringLiteral("cannot write the tinyproxy config");
            return false;
        }
        file.write(QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 60\nMaxClients 50\n"
                                  "Allow 127.0.0.1\nDisableViaHeader Yes\nLogLevel Connect\n"
                                  "LogFile \"%2\"\n")
                       .arg(m_port)
                       .arg(m_dir.filePath(QStringLiteral("proxy.log")))
                       .toUtf8());
        file.close();
        args << QStringLiteral("-d") << QStringLiteral("-c") << config;
    }
    m_process.start(binary, args);
    if (!m_process.waitForStarted()) {
        m_error = QStringLiteral("cannot start %1: %2").arg(binary, m_process.errorString());
        return false;
    }
    // Ready once it accepts a connection (each probe is one attempt, awaited; no sleep).
    const bool listening = QTest::qWaitFor(
        [this] {
            if (m_process.state() != QProcess::Running)
                return true;
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            const bool up = probe.waitForConnected(500);
            probe.abort();
            return up;
        },
        kStartTimeoutMs);
    if (!listening || m_process.state() != QProcess::Running) {
        m_error = QStringLiteral("the proxy did not start listening: %1")
                      .arg(QString::fromLocal8Bit(m_process.readAllStandardError()));
        return false;
    }
    return true;
}

void RealProxy::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5'000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

QString RealProxy::log() const {
    QFile file(m_dir.filePath(QStringLiteral("proxy.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

int RealProxy::connectionsTo(quint16 port) const {
    // microsocks: "connected to 127.0.0.1:PORT"; tinyproxy: "CONNECT 127.0.0.1:PORT HTTP/1.1".
    const QRegularExpression line(
        m_kind == Kind::Socks5 ? QStringLiteral("connected to 127\\.0\\.0\\.1:%1\\b").arg(port)
                               : QStringLiteral("CONNECT 127\\.0\\.0\\.1:%1 ").arg(port));
    int count = 0;
    for (auto it = line.globalMatch(log()); it.hasNext(); it.next())
        ++count;
    return count;
}

} // namespace msgr::test
