#pragma once
//! The REAL msgr-server executable (path from env MSGR_SERVER_BIN), run as a child process on
//! loopback for integration tests. Main thread only.
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace msgr::test {

class ServerProcess {
public:
    //! Owns a QTemporaryDir used as --data-dir; extraArgs are appended to the command line.
    explicit ServerProcess(QStringList extraArgs = {});
    //! Kills a still running server; dumps its stderr if the current test failed.
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    //! --listen 127.0.0.1:<port or 0> --data-dir <dir> (one port: WebSocket and HTTP); waits for
    //! the ready line on stdout (at most 30 s). On failure the server's stderr is printed.
    bool start();
    void kill(); //!< SIGKILL, waits for exit
    void stop(); //!< SIGTERM, waits for exit (SIGKILL after 15 s)
    //! Starts again on the SAME data dir and the SAME ws port.
    bool restart();

    //! wss:// and https:// when the server said it speaks TLS (--tls-cert/--tls-key given).
    QUrl wsUrl() const;
    QUrl httpUrl() const;
    QString dataDir() const;
    quint16 wsPort() const { return m_wsPort; }
    qint64 pid() const;
    bool isRunning() const;
    //! Everything the server wrote to stderr so far (all runs).
    QString stderrLog() const;
    //! The executable used: env MSGR_SERVER_BIN.
    static QString binaryPath();

    //! Prints the server's stderr to the test's stderr (done on failure automatically).
    void dumpStderr() const;

private:
    QStringList m_extraArgs;
    QTemporaryDir m_dataDir;
    QTemporaryDir m_logDir; // holds server.stderr, apart from the server's own data
    QProcess m_process;
    quint16 m_wsPort = 0;
    quint16 m_httpPort = 0;
    bool m_tls = false;
};

} // namespace msgr::test

// The shared test-support API names the class without a namespace.
using msgr::test::ServerProcess;
