#include "server/config.h"

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
                         "WebSocket address (default 127.0.0.1:8765; port 0 = any free port)."};
constexpr Source kHttpListen{"http-listen", "MSGR_HTTP_LISTEN", "HOST:PORT",
                             "HTTP address for /healthz and /metrics (default 127.0.0.1:8766)."};
constexpr Source kDataDir{"data-dir", "MSGR_DATA_DIR", "DIR",
                          "Directory of the database (default ./msgr-data)."};
constexpr Source kWorkers{"workers", "MSGR_WORKERS", "N",
                          "Connection threads (default: number of cores, at least 2)."};
constexpr Source kLogRetention{"log-retention", "MSGR_LOG_RETENTION", "N",
                               "Updates kept in each user's log (default 10000)."};
constexpr Source kHelloTimeout{"hello-timeout-ms", "MSGR_HELLO_TIMEOUT_MS", "N",
                               "Time a client has to send hello (default 10000)."};
constexpr Source kAll[] = {kListen, kHttpListen, kDataDir, kWorkers, kLogRetention, kHelloTimeout};

constexpr int kMaxWorkers = 256;
constexpr qint64 kMaxLogRetention = 100'000'000;
constexpr int kMaxHelloTimeoutMs = 3'600'000;

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

    for (const Source *s : {&kListen, &kHttpListen}) {
        if (const auto value = raw(*s)) {
            const auto address = parseListenAddress(value->first);
            if (!address)
                return invalid(QStringLiteral("%1: '%2' is not HOST:PORT with an IP address "
                                              "and a port 0..65535")
                                   .arg(value->second, value->first));
            (s == &kListen ? config.listen : config.httpListen) = *address;
        }
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
    if (const auto value = raw(kHelloTimeout)) {
        const auto n = parseInt(value->first, 1, kMaxHelloTimeoutMs);
        if (!n)
            return invalid(QStringLiteral("%1: '%2' is not a time in ms 1..%3")
                               .arg(value->second, value->first)
                               .arg(kMaxHelloTimeoutMs));
        config.helloTimeoutMs = static_cast<int>(*n);
    }
    return ConfigOutcome{config, {}, 0};
}

} // namespace msgr::server
