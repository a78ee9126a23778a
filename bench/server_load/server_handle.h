#pragma once
//! The msgr-server under test: a child process the bench starts (and can restart on the same
//! data directory), or a server already running that the bench only connects to and reads
//! /proc of. Main thread only.
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <memory>
#include <sys/types.h>

namespace msgr::bench {

class ServerHandle {
public:
    ~ServerHandle(); // stops a server the bench started
    ServerHandle(const ServerHandle &) = delete;
    ServerHandle &operator=(const ServerHandle &) = delete;

    //! Starts `binary --listen 127.0.0.1:0 --data-dir dataDir [--http-listen 127.0.0.1:0 when
    //! the binary has that option] extraArgs`, stdout and stderr in files under logDir, and
    //! waits for its ready line. Null (and *error) on failure.
    static std::unique_ptr<ServerHandle> spawn(const QString &binary, const QString &dataDir,
                                               const QString &logDir, const QStringList &extraArgs,
                                               QString *error);
    //! A server started by someone else, at host:port with process id pid.
    static std::unique_ptr<ServerHandle> attach(const QString &host, quint16 port, qint64 pid);

    //! SIGTERM and start again on the same data directory (a fresh process to measure).
    bool restart(QString *error);
    //! SIGTERM, then SIGKILL after a grace period. Nothing for an attached server.
    void stop();

    bool owned() const { return m_owned; }
    qint64 pid() const { return m_pid; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString describe() const;

private:
    ServerHandle() = default;
    bool start(QString *error);

    bool m_owned = false;
    QString m_binary;
    QStringList m_args;
    QString m_logDir;
    pid_t m_pid = -1;
    QString m_host;
    quint16 m_port = 0;
};

} // namespace msgr::bench
