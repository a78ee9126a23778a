// Where the server's settings come from: command line > environment > INI file > defaults,
// and that invalid values are refused with exit code 2.
#include "server/config.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msgr::server;

namespace {
QStringList args(QStringList rest) {
    rest.prepend(QStringLiteral("msgr-server"));
    return rest;
}
ListenAddress loopback(quint16 port) {
    return ListenAddress{QHostAddress(QHostAddress::LocalHost), port};
}
} // namespace

class TstServerConfig : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString writeIni(const QString &text) {
        const QString path = m_dir.filePath(QStringLiteral("server.ini"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write the ini file");
        f.write(text.toUtf8());
        return path;
    }

private slots:
    void defaultsWithoutAnySource() {
        const ConfigOutcome out = parseServerConfig(args({}), QProcessEnvironment());
        QVERIFY2(out.config, qPrintable(out.message));
        QCOMPARE(out.config->listen, loopback(8765));
        QCOMPARE(out.config->dataDir, QStringLiteral("./msgr-data"));
        QVERIFY(out.config->workers >= 2);
        QCOMPARE(out.config->logRetention, 10000);
        QCOMPARE(out.config->edge.helloTimeoutMs, 10000);
        QCOMPARE(out.config->readThreads, 2);
        QCOMPARE(out.config->readQueueMax, 10000);
    }

    void readPoolIsASetting() {
        QProcessEnvironment env;
        env.insert(QStringLiteral("MSGR_READ_QUEUE_MAX"), QStringLiteral("50"));
        const ConfigOutcome out = parseServerConfig(args({"--read-threads", "4"}), env);
        QVERIFY2(out.config, qPrintable(out.message));
        QCOMPARE(out.config->readThreads, 4);
        QCOMPARE(out.config->readQueueMax, 50);
    }

    void commandLineBeatsEnvironmentBeatsFile() {
        const QString ini = writeIni(QStringLiteral("listen=127.0.0.1:1001\nworkers=3\n"
                                                    "data-dir=/from/file\nlog-retention=7\n"));
        QProcessEnvironment env;
        env.insert(QStringLiteral("MSGR_LISTEN"), QStringLiteral("127.0.0.1:1002"));
        env.insert(QStringLiteral("MSGR_DATA_DIR"), QStringLiteral("/from/env"));

        ConfigOutcome out =
            parseServerConfig(args({"--config", ini, "--listen", "127.0.0.1:1003"}), env);
        QVERIFY2(out.config, qPrintable(out.message));
        QCOMPARE(out.config->listen, loopback(1003));               // command line
        QCOMPARE(out.config->dataDir, QStringLiteral("/from/env")); // environment
        QCOMPARE(out.config->workers, 3);                           // file
        QCOMPARE(out.config->logRetention, 7);                      // file
        QCOMPARE(out.config->edge.helloTimeoutMs, 10000);           // default

        out = parseServerConfig(args({"--config", ini}), env);
        QCOMPARE(out.config->listen, loopback(1002));
        out = parseServerConfig(args({"--config", ini}), QProcessEnvironment());
        QCOMPARE(out.config->listen, loopback(1001));
        QCOMPARE(out.config->dataDir, QStringLiteral("/from/file"));
    }

    void portZeroMeansAnyFreePort() {
        const ConfigOutcome out =
            parseServerConfig(args({"--listen", "[::1]:0"}), QProcessEnvironment());
        QVERIFY2(out.config, qPrintable(out.message));
        QCOMPARE(out.config->listen.port, 0);
        QCOMPARE(out.config->listen.host, QHostAddress(QHostAddress::LocalHostIPv6));
    }

    void invalidValuesAreRefused_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("envName");
        QTest::addColumn<QString>("envValue");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("workers not a number") << QStringList{"--workers", "many"} << ""
                                              << ""
                                              << "--workers";
        QTest::newRow("workers zero") << QStringList{"--workers", "0"} << ""
                                      << ""
                                      << "--workers";
        QTest::newRow("port too big") << QStringList{"--listen", "127.0.0.1:70000"} << ""
                                      << ""
                                      << "--listen";
        QTest::newRow("host not an address") << QStringList{"--listen", "nowhere:80"} << ""
                                             << ""
                                             << "--listen";
        QTest::newRow("no read threads") << QStringList{"--read-threads", "0"} << ""
                                         << ""
                                         << "--read-threads";
        QTest::newRow("no read queue") << QStringList{"--read-queue-max", "0"} << ""
                                       << ""
                                       << "--read-queue-max";
        QTest::newRow("retention zero") << QStringList{"--log-retention", "0"} << ""
                                        << ""
                                        << "--log-retention";
        QTest::newRow("bad environment") << QStringList{} << "MSGR_HELLO_TIMEOUT_MS"
                                         << "-5"
                                         << "MSGR_HELLO_TIMEOUT_MS";
        QTest::newRow("idle timeout below a second") << QStringList{"--idle-timeout-ms", "10"} << ""
                                                     << ""
                                                     << "--idle-timeout-ms";
        QTest::newRow("drop below pause")
            << QStringList{"--queue-pause-bytes", "3000000", "--queue-drop-bytes", "2500000"} << ""
            << ""
            << "queue-drop-bytes";
        QTest::newRow("tls cert without key") << QStringList{"--tls-cert", "/tmp/c.pem"} << ""
                                              << ""
                                              << "--tls-key";
        QTest::newRow("proxy not a range")
            << QStringList{"--trusted-proxies", "10.0.0.0/8,proxy"} << ""
            << ""
            << "proxy";
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << ""
                                        << ""
                                        << "frobnicate";
        QTest::newRow("missing config file") << QStringList{"--config", "/nonexistent/x.ini"} << ""
                                             << ""
                                             << "/nonexistent/x.ini";
    }
    void invalidValuesAreRefused() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, envName);
        QFETCH(QString, envValue);
        QFETCH(QString, mentions);
        QProcessEnvironment env;
        if (!envName.isEmpty())
            env.insert(envName, envValue);
        const ConfigOutcome out = parseServerConfig(args(arguments), env);
        QVERIFY(!out.config);
        QCOMPARE(out.exitCode, 2);
        QVERIFY2(out.message.contains(mentions), qPrintable(out.message));
    }

    void edgeLimitsComeFromEverySource() {
        const QString ini = writeIni(QStringLiteral("login-timeout-ms=1234\n"
                                                    "max-connections-per-address=0\n"));
        QProcessEnvironment env;
        env.insert(QStringLiteral("MSGR_QUEUE_DROP_BYTES"), QStringLiteral("8388608"));
        const ConfigOutcome out =
            parseServerConfig(args({"--config", ini, "--write-timeout-ms", "700",
                                    "--trusted-proxies", "10.0.0.0/8, ::1"}),
                              env);
        QVERIFY2(out.config, qPrintable(out.message));
        QCOMPARE(out.config->edge.loginTimeoutMs, 1234);
        QCOMPARE(out.config->edge.maxConnectionsPerAddress, 0);
        QCOMPARE(out.config->edge.queueDropBytes, 8388608);
        QCOMPARE(out.config->edge.writeTimeoutMs, 700);
        QCOMPARE(out.config->edge.queuePauseBytes, 256 * 1024); // default
        QCOMPARE(out.config->trustedProxies, QStringLiteral("10.0.0.0/8, ::1"));
    }

    void invalidValueInTheFileIsRefused() {
        // A typo in the file stops the server instead of being silently replaced by a default.
        const QString ini = writeIni(QStringLiteral("workers=lots\n"));
        const ConfigOutcome out = parseServerConfig(args({"--config", ini}), QProcessEnvironment());
        QVERIFY(!out.config);
        QCOMPARE(out.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TstServerConfig)
#include "tst_server_config.moc"
