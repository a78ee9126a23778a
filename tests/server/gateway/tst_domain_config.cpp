// The settings of sign-up, log-in, sessions and the store (docs/server.md): their defaults are
// the documented limits, each comes from the command line, the environment or the INI file,
// and a bad value stops the server with exit code 2.
#include "server/config.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr::server;

namespace {
QStringList args(QStringList rest) {
    rest.prepend(QStringLiteral("msgr-server"));
    return rest;
}
} // namespace

class TstDomainConfig : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheDocumentedLimits() {
        const ConfigOutcome out = parseServerConfig(args({}), QProcessEnvironment());
        QVERIFY2(out.config, qPrintable(out.message));
        const AuthLimits &auth = out.config->auth;
        QCOMPARE(auth.login.perAccountAddress.failuresBeforeDelay, 5);
        QCOMPARE(auth.login.perAddress.failuresBeforeDelay, 50);
        QCOMPARE(auth.login.perAccountAddress.baseDelayMs, 1000);
        QCOMPARE(auth.login.perAccountAddress.maxDelayMs, 15 * 60 * 1000);
        QCOMPARE(auth.signUpBurst, 20);
        QCOMPARE(auth.signUpsPerHour, 360);
        QCOMPARE(auth.maxPendingHashJobs, 256);
        QCOMPARE(auth.maxPendingHashJobsPerAddress, 16);
        QCOMPARE(auth.sessionIdleMs, qint64(90) * 24 * 3600 * 1000);
        QCOMPARE(auth.userWriteBurst, 200);
        QCOMPARE(auth.userWritesPerSecond, 100);
        QCOMPARE(out.config->store.maxQueuedWrites, 10'000);
        QCOMPARE(out.config->store.check, StoreCheck::Quick);
    }

    void eachSourceSetsThem() {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("server.ini"));
        QFile file(ini);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("signup-burst=7\ncheck-db=full\nsession-idle-timeout-s=60\n");
        file.close();
        QProcessEnvironment env;
        env.insert(QStringLiteral("MSGR_STORE_QUEUE_MAX"), QStringLiteral("123"));
        env.insert(QStringLiteral("MSGR_SIGNUP_BURST"), QStringLiteral("8"));
        const ConfigOutcome out =
            parseServerConfig(args({"--config", ini, "--login-delay-ms", "250",
                                    "--login-max-delay-ms", "4000", "--check-db", "OFF"}),
                              env);
        QVERIFY2(out.config, qPrintable(out.message));
        QCOMPARE(out.config->auth.signUpBurst, 8);                    // environment over file
        QCOMPARE(out.config->store.check, StoreCheck::Off);           // command line over file
        QCOMPARE(out.config->auth.sessionIdleMs, 60'000);             // file, in seconds
        QCOMPARE(out.config->store.maxQueuedWrites, 123);             // environment
        QCOMPARE(out.config->auth.login.perAddress.baseDelayMs, 250); // both counters
        QCOMPARE(out.config->auth.login.perAccountAddress.maxDelayMs, 4000);
    }

    void badValuesStopWithExitCode2_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        QTest::newRow("check-db word") << QStringList{"--check-db", "sometimes"} << "--check-db";
        QTest::newRow("zero burst") << QStringList{"--signup-burst", "0"} << "--signup-burst";
        QTest::newRow("not a number")
            << QStringList{"--store-queue-max", "lots"} << "--store-queue-max";
        QTest::newRow("idle too long")
            << QStringList{"--session-idle-timeout-s", "99999999999"} << "--session-idle-timeout-s";
    }
    void badValuesStopWithExitCode2() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        const ConfigOutcome out = parseServerConfig(args(arguments), QProcessEnvironment());
        QVERIFY(!out.config);
        QCOMPARE(out.exitCode, 2);
        QVERIFY2(out.message.contains(named), qPrintable(out.message));
    }
};

QTEST_GUILESS_MAIN(TstDomainConfig)
#include "tst_domain_config.moc"
