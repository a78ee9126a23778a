// msgr-cli with a Secret Service (run by tests/platform/with_keyring.sh inside a private D-Bus
// session with an unlocked gnome-keyring): the profile's key goes to the keychain, as the
// app's does, so no passphrase is asked and no key.wrapped is written; the next run opens the
// profile from the keychain alone.
#include "cli/exit_codes.h"
#include "tests/cli/cli_runner.h"
#include "tests/support/server_process.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
using L = QLatin1StringView;

class TstCliKeychain : public QObject {
    Q_OBJECT

private slots:
    void keyLivesInTheKeychain();
};

void TstCliKeychain::keyLivesInTheKeychain() {
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "run through with_keyring.sh");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerProcess server;
    QVERIFY(server.start());
    const QString profile = dir.filePath(QStringLiteral("carol"));
    const CliRunner carol(profile, server.wsUrl(), QString(), true);

    // stdin holds the password only: a passphrase would be read first and break the sign-up.
    const CliResult signUp = carol.run({QStringLiteral("--json"), QStringLiteral("signup"),
                                        QStringLiteral("carol"), QStringLiteral("Carol")},
                                       "carol's long password\n");
    QCOMPARE(signUp.exitCode, int(cli::Ok));
    QVERIFY(!QFileInfo::exists(QDir(profile).filePath(QStringLiteral("key.wrapped"))));
    QVERIFY(QFileInfo::exists(QDir(profile).filePath(QStringLiteral("history.db"))));

    // Nothing on stdin: the keychain alone opens the profile.
    const CliResult chats = carol.run({QStringLiteral("--json"), QStringLiteral("chats")});
    QCOMPARE(chats.exitCode, int(cli::Ok));
    QCOMPARE(chats.err, QByteArray());
}

QTEST_GUILESS_MAIN(TstCliKeychain)
#include "tst_cli_keychain.moc"
