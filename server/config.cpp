#include "server/config.h"

#include "server/edge/address_range.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QThread>

namespace msgr::server {
namespace {

// One setting: its command-line option, environment variable and INI key.
struct Source {
    const char *option;
    const char *env;
    const char *valueName;
    const char *help;
};

constexpr Source kListen{"listen", "MSGR_LISTEN", "HOST:PORT",
                         "WebSocket and HTTP address (default 127.0.0.1:8765; port 0 = any free "
                         "port)."};
constexpr Source kDataDir{"data-dir", "MSGR_DATA_DIR", "DIR",
                          "Directory of the database (default ./msgr-data)."};
constexpr Source kWorkers{"workers", "MSGR_WORKERS", "N",
                          "Connection threads (default: number of cores, at least 2)."};
constexpr Source kLogRetention{"log-retention", "MSGR_LOG_RETENTION", "N",
                               "Updates kept in each user's log (default 10000)."};
constexpr Source kTlsCert{"tls-cert", "MSGR_TLS_CERT", "FILE",
                          "PEM certificate chain; with --tls-key the port speaks TLS only."};
constexpr Source kTlsKey{"tls-key", "MSGR_TLS_KEY", "FILE", "PEM private key for --tls-cert."};
constexpr Source kTrustedProxies{"trusted-proxies", "MSGR_TRUSTED_PROXIES", "CIDR,...",
                                 "Proxies whose X-Forwarded-For names the client (default none)."};
constexpr Source kMetricsFrom{"metrics-from", "MSGR_METRICS_FROM", "CIDR,...",
                              "Addresses that may read /metrics (default 127.0.0.0/8,::1)."};

// The integer settings of the edge: option, bounds, and where the value goes.
struct IntSetting {
    Source source;
    qint64 min;
    qint64 max;
    const char *unit;
    int EdgeLimits::*intField;
    qint64 EdgeLimits::*int64Field;
};

constexpr qint64 kHour = 3'600'000;
constexpr qint64 kGiB = qint64(1) << 30;

const IntSetting kIntSettings[] = {
    {{"hello-timeout-ms", "MSGR_HELLO_TIMEOUT_MS", "N",
      "Time a client has to send hello after the upgrade (default 10000)."},
     1,
     kHour,
     "a time in ms",
     &EdgeLimits::helloTimeoutMs,
     nullptr},
    {{"upgrade-timeout-ms", "MSGR_UPGRADE_TIMEOUT_MS", "N",
      "Accept to WebSocket upgrade, TLS included; HTTP keep-alive idle (default 10000)."},
     1,
     kHour,
     "a time in ms",
     &EdgeLimits::upgradeTimeoutMs,
     nullptr},
    {{"login-timeout-ms", "MSGR_LOGIN_TIMEOUT_MS", "N",
      "Time from hello to a successful log-in (default 30000)."},
     1,
     kHour,
     "a time in ms",
     &EdgeLimits::loginTimeoutMs,
     nullptr},
    {{"idle-timeout-ms", "MSGR_IDLE_TIMEOUT_MS", "N",
      "Silence after which a peer is pinged (half) and dropped (all) (default 60000)."},
     1000,
     24 * kHour,
     "a time in ms",
     &EdgeLimits::idleTimeoutMs,
     nullptr},
    {{"hibernate-after-ms", "MSGR_HIBERNATE_AFTER_MS", "N",
      "Idle time after which a logged-in connection sheds its WebSocket state; 0 = never "
      "(default 20000)."},
     0,
     24 * kHour,
     "a time in ms",
     &EdgeLimits::hibernateAfterMs,
     nullptr},
    {{"write-timeout-ms", "MSGR_WRITE_TIMEOUT_MS", "N",
      "Time a peer has to take one frame (default 30000)."},
     100,
     kHour,
     "a time in ms",
     &EdgeLimits::writeTimeoutMs,
     nullptr},
    {{"close-timeout-ms", "MSGR_CLOSE_TIMEOUT_MS", "N",
      "Wait for answers, then for the peer's close frame (default 5000)."},
     1,
     kHour,
     "a time in ms",
     &EdgeLimits::closeTimeoutMs,
     nullptr},
    {{"max-connections", "MSGR_MAX_CONNECTIONS", "N",
      "Connections at once (default: the descriptor limit minus a reserve)."},
     1,
     10'000'000,
     "a number of connections",
     &EdgeLimits::maxConnections,
     nullptr},
    {{"max-connections-per-address", "MSGR_MAX_CONNECTIONS_PER_ADDRESS", "N",
      "Connections at once from one address; 0 = unlimited (default 256)."},
     0,
     10'000'000,
     "a number of connections",
     &EdgeLimits::maxConnectionsPerAddress,
     nullptr},
    {{"pre-login-message-bytes", "MSGR_PRE_LOGIN_MESSAGE_BYTES", "N",
      "Largest message before log-in (default 16384)."},
     1024,
     1024 * 1024,
     "a size in bytes",
     nullptr,
     &EdgeLimits::preLoginMessageBytes},
    {{"queue-pause-bytes", "MSGR_QUEUE_PAUSE_BYTES", "N",
      "Bytes queued to a peer past which its requests are not read (default 262144)."},
     1024,
     kGiB,
     "a size in bytes",
     nullptr,
     &EdgeLimits::queuePauseBytes},
    {{"queue-drop-bytes", "MSGR_QUEUE_DROP_BYTES", "N",
      "Bytes queued to a peer past which it is dropped (default 4194304)."},
     2 * 1024 * 1024,
     4 * kGiB,
     "a size in bytes",
     nullptr,
     &EdgeLimits::queueDropBytes},
};

// The integer settings of sign-up, log-in, sessions and the store (AuthLimits,
// SqliteStoreOptions): option, bounds, and how the value is stored.
struct DomainSetting {
    Source source;
    qint64 min;
    qint64 max;
    const char *unit;
    void (*apply)(ServerConfig &, qint64);
};

constexpr qint64 kDay = 24 * kHour;

const DomainSetting kDomainSettings[] = {
    {{"read-threads", "MSGR_READ_THREADS", "N",
      "Threads that run store reads, off the connection threads (default 2)."},
     1,
     256,
     "a number of threads",
     [](ServerConfig &c, qint64 v) { c.readThreads = int(v); }},
    {{"read-queue-max", "MSGR_READ_QUEUE_MAX", "N",
      "Reads waiting for those threads; past it a request gets FLOOD_WAIT (default 10000)."},
     1,
     10'000'000,
     "a number of reads",
     [](ServerConfig &c, qint64 v) { c.readQueueMax = int(v); }},
    {{"login-failures-before-delay", "MSGR_LOGIN_FAILURES_BEFORE_DELAY", "N",
      "Failed log-ins per (account, address) after which attempts wait (default 5)."},
     1,
     1000,
     "a number of failures",
     [](ServerConfig &c, qint64 v) {
         c.auth.login.perAccountAddress.failuresBeforeDelay = int(v);
     }},
    {{"login-failures-before-delay-per-address", "MSGR_LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS",
      "N", "Failed log-ins per address, any account, after which attempts wait (default 50)."},
     1,
     100'000,
     "a number of failures",
     [](ServerConfig &c, qint64 v) { c.auth.login.perAddress.failuresBeforeDelay = int(v); }},
    {{"login-delay-ms", "MSGR_LOGIN_DELAY_MS", "N",
      "First wait after those failures; doubles with each further one (default 1000)."},
     1,
     kHour,
     "a time in ms",
     [](ServerConfig &c, qint64 v) {
         c.auth.login.perAccountAddress.baseDelayMs = v;
         c.auth.login.perAddress.baseDelayMs = v;
     }},
    {{"login-max-delay-ms", "MSGR_LOGIN_MAX_DELAY_MS", "N",
      "Longest delay between failed log-ins (default 900000)."},
     1,
     kDay,
     "a time in ms",
     [](ServerConfig &c, qint64 v) {
         c.auth.login.perAccountAddress.maxDelayMs = v;
         c.auth.login.perAddress.maxDelayMs = v;
     }},
    {{"signup-burst", "MSGR_SIGNUP_BURST", "N",
      "Sign-ups one address may make at once (default 20)."},
     1,
     100'000,
     "a number of sign-ups",
     [](ServerConfig &c, qint64 v) { c.auth.signUpBurst = int(v); }},
    {{"signups-per-hour", "MSGR_SIGNUPS_PER_HOUR", "N",
      "Sign-ups per address per hour after the burst (default 360)."},
     1,
     1'000'000,
     "a number of sign-ups",
     [](ServerConfig &c, qint64 v) { c.auth.signUpsPerHour = int(v); }},
    {{"hash-queue-max", "MSGR_HASH_QUEUE_MAX", "N",
      "Password hashes waiting or running, in all (default 256)."},
     1,
     100'000,
     "a number of jobs",
     [](ServerConfig &c, qint64 v) { c.auth.maxPendingHashJobs = int(v); }},
    {{"hash-queue-per-address", "MSGR_HASH_QUEUE_PER_ADDRESS", "N",
      "Password hashes waiting or running for one address (default 16)."},
     1,
     100'000,
     "a number of jobs",
     [](ServerConfig &c, qint64 v) { c.auth.maxPendingHashJobsPerAddress = int(v); }},
    {{"session-idle-timeout-s", "MSGR_SESSION_IDLE_TIMEOUT_S", "N",
      "A session token unused this long expires (default 7776000, 90 days)."},
     1,
     100 * 365 * (kDay / 1000),
     "a time in seconds",
     [](ServerConfig &c, qint64 v) { c.auth.sessionIdleMs = v * 1000; }},
    {{"user-write-burst", "MSGR_USER_WRITE_BURST", "N",
      "Writes one user (all devices) may make at once (default 200)."},
     1,
     1'000'000,
     "a number of writes",
     [](ServerConfig &c, qint64 v) { c.auth.userWriteBurst = int(v); }},
    {{"user-writes-per-second", "MSGR_USER_WRITES_PER_SECOND", "N",
      "Writes per user per second after the burst (default 100)."},
     1,
     1'000'000,
     "a number of writes",
     [](ServerConfig &c, qint64 v) { c.auth.userWritesPerSecond = int(v); }},
    {{"upload-expiry-ms", "MSGR_UPLOAD_EXPIRY_MS", "N",
      "An unfinished upload is kept this long after its creation (default 86400000, 24 h)."},
     1000,
     365 * kDay,
     "a time in ms",
     [](ServerConfig &c, qint64 v) { c.uploads.lifetimeMs = v; }},
    {{"upload-sweep-interval-ms", "MSGR_UPLOAD_SWEEP_INTERVAL_MS", "N",
      "How often expired unfinished uploads are removed (default 600000)."},
     100,
     kDay,
     "a time in ms",
     [](ServerConfig &c, qint64 v) { c.uploads.sweepIntervalMs = v; }},
    {{"upload-quota-bytes", "MSGR_UPLOAD_QUOTA_BYTES", "N",
      "Bytes of unfinished uploads one user may hold (default 17179869184, 16 GiB)."},
     1,
     qint64(1) << 50,
     "a size in bytes",
     [](ServerConfig &c, qint64 v) { c.uploads.unfinishedQuotaBytes = v; }},
    {{"file-quota-bytes", "MSGR_FILE_QUOTA_BYTES", "N",
      "Bytes of uploads, finished or not, one user may have; 0 = no cap (default 0)."},
     0,
     qint64(1) << 50,
     "a size in bytes",
     [](ServerConfig &c, qint64 v) { c.uploads.storedQuotaBytes = v; }},
    {{"message-edit-window-ms", "MSGR_MESSAGE_EDIT_WINDOW_MS", "N",
      "How long after sending a message may be edited or deleted for everyone (default "
      "172800000, 48 h)."},
     1000,
     365 * kDay,
     "a time in ms",
     [](ServerConfig &c, qint64 v) { c.messageEditWindowMs = v; }},
    {{"store-queue-max", "MSGR_STORE_QUEUE_MAX", "N",
      "Writes waiting for the database; past it: FLOOD_WAIT (default 10000)."},
     1,
     10'000'000,
     "a number of writes",
     [](ServerConfig &c, qint64 v) { c.store.maxQueuedWrites = int(v); }},
};

constexpr Source kCheckDb{"check-db", "MSGR_CHECK_DB", "off|quick|full",
                          "Check of the database at start: quick_check (default), "
                          "integrity_check (full) or none (off)."};

constexpr Source kAll[] = {kListen,  kDataDir, kWorkers,        kLogRetention,
                           kTlsCert, kTlsKey,  kTrustedProxies, kMetricsFrom};

constexpr int kMaxWorkers = 256;
constexpr qint64 kMaxLogRetention = 100'000'000;

ConfigOutcome invalid(const QString &message) {
    return ConfigOutcome{std::nullopt, message, 2};
}

std::optional<qint64> parseInt(const QString &text, qint64 min, qint64 max) {
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max)
        return std::nullopt;
    return v;
}

} // namespace

std::optional<ListenAddress> parseListenAddress(const QString &text) {
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const auto port = parseInt(text.mid(colon + 1), 0, 65535);
    if (!port)
        return std::nullopt;
    QHostAddress address;
    if (host == QLatin1StringView("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (host == QLatin1StringView("*"))
        address = QHostAddress(QHostAddress::Any);
    else if (!address.setAddress(host))
        return std::nullopt;
    return ListenAddress{address, static_cast<quint16>(*port)};
}

QString formatListenAddress(const QHostAddress &host, quint16 port) {
    const QString h = host.protocol() == QAbstractSocket::IPv6Protocol
                          ? QStringLiteral("[%1]").arg(host.toString())
                          : host.toString();
    return QStringLiteral("%1:%2").arg(h).arg(port);
}

ConfigOutcome parseServerConfig(const QStringList &arguments, const QProcessEnvironment &env) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Messenger sync server. Settings: command line > environment "
                       "(MSGR_*) > --config INI file (keys as the long options) > defaults."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    for (const Source &s : kAll)
        parser.addOption(QCommandLineOption(QString::fromLatin1(s.option),
                                            QString::fromLatin1(s.help),
                                            QString::fromLatin1(s.valueName)));
    for (const IntSetting &i : kIntSettings)
        parser.addOption(QCommandLineOption(QString::fromLatin1(i.source.option),
                                            QString::fromLatin1(i.source.help),
                                            QString::fromLatin1(i.source.valueName)));
    for (const DomainSetting &d : kDomainSettings)
        parser.addOption(QCommandLineOption(QString::fromLatin1(d.source.option),
                                            QString::fromLatin1(d.source.help),
                                            QString::fromLatin1(d.source.valueName)));
    parser.addOption(QCommandLineOption(QString::fromLatin1(kCheckDb.option),
                                        QString::fromLatin1(kCheckDb.help),
                                        QString::fromLatin1(kCheckDb.valueName)));
    const QCommandLineOption configFile(QStringLiteral("config"),
                                        QStringLiteral("INI file with the same keys."),
                                        QStringLiteral("FILE"));
    parser.addOption(configFile);

    if (!parser.parse(arguments))
        return invalid(parser.errorText());
    if (parser.isSet(help))
        return ConfigOutcome{std::nullopt, parser.helpText(), 0};
    if (parser.isSet(version))
        return ConfigOutcome{std::nullopt, QStringLiteral("msgr-server 0.1"), 0};
    if (!parser.positionalArguments().isEmpty())
        return invalid(QStringLiteral("unexpected argument '%1'")
                           .arg(parser.positionalArguments().constFirst()));

    std::optional<QSettings> file;
    if (parser.isSet(configFile)) {
        const QString path = parser.value(configFile);
        if (!QFileInfo(path).isReadable())
            return invalid(QStringLiteral("config file '%1' cannot be read").arg(path));
        file.emplace(path, QSettings::IniFormat);
        if (file->status() != QSettings::NoError)
            return invalid(QStringLiteral("config file '%1' is not valid INI").arg(path));
    }

    // The raw text of a setting from the highest-priority source that has it, and where it
    // came from (for error messages).
    auto raw = [&](const Source &s) -> std::optional<std::pair<QString, QString>> {
        const QString option = QString::fromLatin1(s.option);
        if (parser.isSet(option))
            return std::pair{parser.value(option), QStringLiteral("--%1").arg(option)};
        const QString var = QString::fromLatin1(s.env);
        if (env.contains(var))
            return std::pair{env.value(var), var};
        if (file && file->contains(option))
            return std::pair{file->value(option).toString(),
                             QStringLiteral("'%1' in the config file").arg(option)};
        return std::nullopt;
    };

    ServerConfig config;
    config.workers = qMax(2, QThread::idealThreadCount());

    if (const auto value = raw(kListen)) {
        const auto address = parseListenAddress(value->first);
        if (!address)
            return invalid(QStringLiteral("%1: '%2' is not HOST:PORT with an IP address "
                                          "and a port 0..65535")
                               .arg(value->second, value->first));
        config.listen = *address;
    }
    if (const auto value = raw(kDataDir)) {
        if (value->first.trimmed().isEmpty())
            return invalid(QStringLiteral("%1: the data directory is empty").arg(value->second));
        config.dataDir = value->first;
    }
    if (const auto value = raw(kWorkers)) {
        const auto n = parseInt(value->first, 1, kMaxWorkers);
        if (!n)
            return invalid(QStringLiteral("%1: '%2' is not a number of threads 1..%3")
                               .arg(value->second, value->first)
                               .arg(kMaxWorkers));
        config.workers = static_cast<int>(*n);
    }
    if (const auto value = raw(kLogRetention)) {
        const auto n = parseInt(value->first, 1, kMaxLogRetention);
        if (!n)
            return invalid(QStringLiteral("%1: '%2' is not a number of updates 1..%3")
                               .arg(value->second, value->first)
                               .arg(kMaxLogRetention));
        config.logRetention = *n;
    }
    for (const IntSetting &setting : kIntSettings) {
        const auto value = raw(setting.source);
        if (!value)
            continue;
        const auto n = parseInt(value->first, setting.min, setting.max);
        if (!n)
            return invalid(QStringLiteral("%1: '%2' is not %3 %4..%5")
                               .arg(value->second, value->first, QLatin1StringView(setting.unit))
                               .arg(setting.min)
                               .arg(setting.max));
        if (setting.intField)
            config.edge.*setting.intField = static_cast<int>(*n);
        else
            config.edge.*setting.int64Field = *n;
    }
    for (const DomainSetting &setting : kDomainSettings) {
        const auto value = raw(setting.source);
        if (!value)
            continue;
        const auto n = parseInt(value->first, setting.min, setting.max);
        if (!n)
            return invalid(QStringLiteral("%1: '%2' is not %3 %4..%5")
                               .arg(value->second, value->first, QLatin1StringView(setting.unit))
                               .arg(setting.min)
                               .arg(setting.max));
        setting.apply(config, *n);
    }
    if (const auto value = raw(kCheckDb)) {
        const QString mode = value->first.trimmed().toLower();
        if (mode == QLatin1StringView("off"))
            config.store.check = StoreCheck::Off;
        else if (mode == QLatin1StringView("quick"))
            config.store.check = StoreCheck::Quick;
        else if (mode == QLatin1StringView("full"))
            config.store.check = StoreCheck::Full;
        else
            return invalid(QStringLiteral("%1: '%2' is not off, quick or full")
                               .arg(value->second, value->first));
    }
    if (config.edge.queueDropBytes <= config.edge.queuePauseBytes)
        return invalid(QStringLiteral("queue-drop-bytes must be larger than queue-pause-bytes"));
    for (const auto &[source, field] : {std::pair{&kTlsCert, &ServerConfig::tlsCertificateFile},
                                        std::pair{&kTlsKey, &ServerConfig::tlsPrivateKeyFile},
                                        std::pair{&kTrustedProxies, &ServerConfig::trustedProxies},
                                        std::pair{&kMetricsFrom, &ServerConfig::metricsFrom}}) {
        if (const auto value = raw(*source))
            config.*field = value->first.trimmed();
    }
    if (config.tlsCertificateFile.isEmpty() != config.tlsPrivateKeyFile.isEmpty())
        return invalid(QStringLiteral("--tls-cert and --tls-key go together"));
    for (const auto &[source, text] : {std::pair{&kTrustedProxies, config.trustedProxies},
                                       std::pair{&kMetricsFrom, config.metricsFrom}}) {
        QString bad;
        if (!parseAddressRanges(text, &bad))
            return invalid(QStringLiteral("--%1: '%2' is not an address or CIDR range")
                               .arg(QLatin1StringView(source->option), bad));
    }
    return ConfigOutcome{config, {}, 0};
}

} // namespace msgr::server
