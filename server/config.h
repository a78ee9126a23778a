#pragma once
//! The server's settings and where they come from: command line > environment > INI file >
//! defaults (see parseServerConfig). Pure functions, usable from any thread.
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>

namespace msgr::server {

struct ListenAddress {
    QHostAddress host;
    quint16 port = 0; // 0: a free port chosen by the system
    friend bool operator==(const ListenAddress &, const ListenAddress &) = default;
};

struct ServerConfig {
    ListenAddress listen{QHostAddress(QHostAddress::LocalHost), 8765};
    ListenAddress httpListen{QHostAddress(QHostAddress::LocalHost), 8766};
    QString dataDir = QStringLiteral("./msgr-data");
    int workers = 2;             // connection threads
    qint64 logRetention = 10000; // updates kept per user
    int helloTimeoutMs = 10000;
};

//! What parsing decided: either a config to run with, or a message and an exit code
//! (0 after --help/--version, 2 for invalid input).
struct ConfigOutcome {
    std::optional<ServerConfig> config;
    QString message;
    int exitCode = 0;
};

//! `arguments` includes the program name first, as QCoreApplication::arguments() does.
ConfigOutcome parseServerConfig(const QStringList &arguments, const QProcessEnvironment &env);

//! "HOST:PORT" or "[IPv6]:PORT"; nullopt when either part is invalid.
std::optional<ListenAddress> parseListenAddress(const QString &text);
//! The form printed in the ready line (the inverse of parseListenAddress).
QString formatListenAddress(const QHostAddress &host, quint16 port);

} // namespace msgr::server
