#pragma once
//! The server's settings and where they come from: command line > environment > INI file >
//! defaults (see parseServerConfig). Pure functions, usable from any thread.
#include "protocol/api/message_actions.h"
#include "server/auth_limits.h"
#include "server/edge/edge_limits.h"
#include "server/media/upload_limits.h"
#include "server/store/store_options.h"

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
    //! The one port: WebSocket (the protocol) and HTTP (/healthz, /metrics).
    ListenAddress listen{QHostAddress(QHostAddress::LocalHost), 8765};
    QString dataDir = QStringLiteral("./msgr-data");
    int workers = 2;             // connection threads
    qint64 logRetention = 10000; // updates kept per user
    int readThreads = 2;         // threads of the read pool (store reads, off the connections)
    int readQueueMax = 10'000;   // reads waiting for them; past it: FLOOD_WAIT
    EdgeLimits edge;             // deadlines, caps and buffers of the network edge
    //! PEM files; both set: the port speaks TLS only (wss://, https://).
    QString tlsCertificateFile;
    QString tlsPrivateKeyFile;
    //! Proxies whose X-Forwarded-For names the client (comma-separated CIDR ranges).
    QString trustedProxies;
    //! Sign-up, log-in and session limits (docs/protocol.md §1).
    AuthLimits auth;
    //! The store's start-up check and write queue cap. Its logRetention is not read from
    //! here: `logRetention` above is the setting.
    SqliteStoreOptions store;
    //! Media uploads: expiry, sweep and quotas.
    media::UploadSettings uploads;
    //! How long after sending a message may be edited or deleted for everyone (§16).
    qint64 messageEditWindowMs = protocol::api::kDefaultEditWindowMs;
    //! Who may read /metrics.
    QString metricsFrom = QStringLiteral("127.0.0.0/8,::1");
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
