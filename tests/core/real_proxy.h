#pragma once
//! A REAL proxy server as a child process on a free loopback port, for proving that the client
//! goes through it: microsocks (SOCKS5, with a user name and password it requires) or tinyproxy
//! (HTTP CONNECT). Both are Debian packages (scripts/install-deps.sh); a test skips when the
//! binary is missing. What the proxy logged (each tunnelled connection's target) is read back
//! with connectionsTo(). Main thread only.
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace msgr::test {

class RealProxy {
public:
    enum class Kind { Socks5, HttpConnect };

    //! Socks5: `user`/`password` required by the proxy (both empty: none). HttpConnect: the
    //! credentials are not used (tinyproxy is left open to loopback).
    explicit RealProxy(Kind kind, QString user = {}, QString password = {});
    ~RealProxy();
    RealProxy(const RealProxy &) = delete;
    RealProxy &operator=(const RealProxy &) = delete;

    //! The executable's path, empty when it is not installed.
    static QString binaryFor(Kind kind);
    //! Starts it on a free port and waits until it accepts connections; false (with the
    //! reason in error()) when it cannot.
    bool start();
    void stop();
    quint16 port() const { return m_port; }
    QString error() const { return m_error; }
    //! How many connections the proxy opened to 127.0.0.1:`port` so far (from its log).
    int connectionsTo(quint16 port) const;
    //! The proxy's log so far (printed when a test fails).
    QString log() const;

private:
    Kind m_kind;
    QString m_user, m_password;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

//! A loopback port nothing listens on (bound and released): a proxy that cannot be reached.
quint16 unusedLoopbackPort();

} // namespace msgr::test
