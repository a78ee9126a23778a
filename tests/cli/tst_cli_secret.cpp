// Secret chats end to end through msgr-cli and the real msgr-server (issue 9): Bob's client
// published its keys on an earlier run and is not running when Alice starts a secret chat with
// him; Bob's next run reads it; then they write both ways, every message from a fresh process
// (a device restart between every two messages). Received lines say "secret": true, the chat
// lists mark the chat, a streaming receive prints one as it comes, and afterwards neither the
// server's data directory and log nor the two profiles' files hold any of the plaintexts.
#include "cli/exit_codes.h"
#include "tests/cli/cli_runner.h"
#include "tests/support/server_process.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace msgr;
using namespace msgr::test;
using L = QLatin1StringView;

namespace {

QString writeSecretFile(const QString &path, const QByteArray &secret) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return {};
    file.write(secret + '\n');
    return path;
}

//! Every file under `dir` (recursively), read whole.
QList<QByteArray> filesUnder(const QString &dir) {
    QList<QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            out.append(file.readAll());
    }
    return out;
}

} // namespace

class TstCliSecret : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aliceStartsWhileBobIsOfflineAndBothWriteAcrossRestarts();
    void bothSidesShowTheSameSafetyNumberAndEmoji();
    void aStreamingReceivePrintsSecretMessagesAsTheyCome();
    void aChangedKeyIsFlaggedUntilConfirmed();
    void aTimedMessageDisappearsFromBothDevicesOnceRead();
    void noPlaintextInTheServersFilesOrTheProfiles();

private:
    //! `who` sends `text` to its secret chat `chatId` from a fresh process.
    void send(const CliRunner &who, qint64 chatId, const QString &text);
    //! `who`'s next run prints exactly `text` from `senderId`, as a secret message; its chat id.
    qint64 receiveOne(const CliRunner &who, const QString &text, qint64 senderId);

    ServerProcess m_server;
    QTemporaryDir m_dir;
    std::optional<CliRunner> m_alice, m_bob;
    qint64 m_aliceId = 0, m_bobId = 0;
    qint64 m_aliceChat = 0, m_bobChat = 0;
    QStringList m_plaintexts;
    QStringList m_laterPlaintexts; // of the key-change chat
};

void TstCliSecret::initTestCase() {
    QVERIFY2(QFileInfo(CliRunner::binaryPath()).isExecutable(), "MSGR_CLI_BIN is not set");
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
    const QString alicePhrase =
        writeSecretFile(m_dir.filePath(QStringLiteral("alice.phrase")), "alice's passphrase");
    const QString bobPhrase =
        writeSecretFile(m_dir.filePath(QStringLiteral("bob.phrase")), "bob's passphrase");
    QVERIFY(!alicePhrase.isEmpty() && !bobPhrase.isEmpty());
    m_alice.emplace(m_dir.filePath(QStringLiteral("alice")), m_server.wsUrl(), alicePhrase);
    m_bob.emplace(m_dir.filePath(QStringLiteral("bob")), m_server.wsUrl(), bobPhrase);

    const CliResult a = m_alice->run({QStringLiteral("--json"), QStringLiteral("signup"),
                                      QStringLiteral("alice"), QStringLiteral("Alice")},
                                     "alice's account password\n");
    QCOMPARE(a.exitCode, int(cli::Ok));
    m_aliceId = a.jsonLines().value(0)[L("userId")].toInteger();
    const CliResult b = m_bob->run({QStringLiteral("--json"), QStringLiteral("signup"),
                                    QStringLiteral("bob"), QStringLiteral("Bob")},
                                   "bob's account password\n");
    QCOMPARE(b.exitCode, int(cli::Ok));
    m_bobId = b.jsonLines().value(0)[L("userId")].toInteger();
    QVERIFY(m_aliceId > 0 && m_bobId > 0);
    // One earlier run of Bob's client: it publishes his keys (receive --once waits for that).
    const CliResult published =
        m_bob->run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")});
    QCOMPARE(published.exitCode, int(cli::Ok));
    QCOMPARE(published.jsonLines().size(), 0);
}

void TstCliSecret::send(const CliRunner &who, qint64 chatId, const QString &text) {
    m_plaintexts.append(text);
    const CliResult r = who.run({QStringLiteral("--json"), QStringLiteral("send"),
                                 QStringLiteral("--"), QString::number(chatId), text});
    QVERIFY2(r.exitCode == int(cli::Ok), r.err.constData());
    const QList<QJsonObject> lines = r.jsonLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0][L("chatId")].toInteger(), chatId);
}

qint64 TstCliSecret::receiveOne(const CliRunner &who, const QString &text, qint64 senderId) {
    const CliResult r =
        who.run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")});
    if (r.exitCode != int(cli::Ok)) {
        qWarning() << r.err;
        return 0;
    }
    const QList<QJsonObject> lines = r.jsonLines();
    if (lines.size() != 1) {
        qWarning() << "expected one message, got" << r.out;
        return 0;
    }
    const QJsonObject &m = lines[0];
    if (m[L("text")].toString() != text || m[L("senderId")].toInteger() != senderId ||
        !m[L("secret")].toBool() || m[L("outgoing")].toBool()) {
        qWarning() << "unexpected message" << r.out;
        return 0;
    }
    return m[L("chatId")].toInteger();
}

void TstCliSecret::aliceStartsWhileBobIsOfflineAndBothWriteAcrossRestarts() {
    // Bob's client is not running.
    const CliResult started = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("secret-start"), QStringLiteral("@bob")});
    QVERIFY2(started.exitCode == int(cli::Ok), started.err.constData());
    const qint64 aliceChat = started.jsonLines().value(0)[L("chatId")].toInteger();
    QVERIFY(aliceChat < 0); // secret chats are numbered on the device, below zero
    send(*m_alice, aliceChat, QStringLiteral("the eagle lands at dawn"));

    // Bob comes online and reads it: his side of the chat was opened by the envelope.
    const qint64 bobChat = receiveOne(*m_bob, m_plaintexts.last(), m_aliceId);
    QVERIFY(bobChat < 0);
    send(*m_bob, bobChat, QStringLiteral("the owl answers at noon"));
    QCOMPARE(receiveOne(*m_alice, m_plaintexts.last(), m_bobId), aliceChat);
    send(*m_alice, aliceChat, QStringLiteral("bring the blue umbrella"));
    QCOMPARE(receiveOne(*m_bob, m_plaintexts.last(), m_aliceId), bobChat);
    send(*m_bob, bobChat, QStringLiteral("only on tuesdays"));
    QCOMPARE(receiveOne(*m_alice, m_plaintexts.last(), m_bobId), aliceChat);

    // Both histories hold the four messages in order; the chat lists mark the chat secret.
    for (const auto &[who, chatId] : {std::pair{&*m_alice, aliceChat}, {&*m_bob, bobChat}}) {
        const CliResult history = who->run({QStringLiteral("--json"), QStringLiteral("history"),
                                            QStringLiteral("--"), QString::number(chatId)});
        QVERIFY2(history.exitCode == int(cli::Ok), history.err.constData());
        QStringList texts;
        for (const QJsonObject &m : history.jsonLines())
            texts.append(m[L("text")].toString());
        QCOMPARE(texts, m_plaintexts);
        const CliResult chats = who->run({QStringLiteral("--json"), QStringLiteral("chats")});
        QCOMPARE(chats.exitCode, int(cli::Ok));
        bool listed = false;
        for (const QJsonObject &c : chats.jsonLines())
            listed = listed || (c[L("id")].toInteger() == chatId && c[L("secret")].toBool());
        QVERIFY(listed);
    }
    m_aliceChat = aliceChat;
    m_bobChat = bobChat;
}

void TstCliSecret::bothSidesShowTheSameSafetyNumberAndEmoji() {
    QVERIFY(m_aliceChat < 0 && m_bobChat < 0);
    auto verify = [](const CliRunner &who, qint64 chatId, const QStringList &extra = {}) {
        return who.run(QStringList{QStringLiteral("--json"), QStringLiteral("secret-verify")} +
                       extra + QStringList{QStringLiteral("--"), QString::number(chatId)});
    };
    const CliResult a = verify(*m_alice, m_aliceChat, {QStringLiteral("--qr")});
    QVERIFY2(a.exitCode == int(cli::Ok), a.err.constData());
    const CliResult b = verify(*m_bob, m_bobChat);
    QVERIFY2(b.exitCode == int(cli::Ok), b.err.constData());
    const QJsonObject alice = a.jsonLines().value(0), bob = b.jsonLines().value(0);
    QCOMPARE(alice[L("safetyNumber")].toString().size(), 60);
    QCOMPARE(alice[L("safetyNumber")].toString(), bob[L("safetyNumber")].toString());
    QVERIFY(!alice[L("emoji")].toString().isEmpty());
    QCOMPARE(alice[L("emoji")].toString(), bob[L("emoji")].toString());
    QCOMPARE(alice[L("emojiNames")].toArray().size(), 12);
    QCOMPARE(alice[L("peerUserId")].toInteger(), m_bobId);
    QVERIFY(alice[L("qr")].toString().contains(QChar(0x2588)));
    // Each side's code names itself first: Alice scanning Bob's matches, her own does not.
    const QString bobCode = bob[L("code")].toString();
    QVERIFY(bobCode != alice[L("code")].toString());
    const CliResult scanned = verify(*m_alice, m_aliceChat, {QStringLiteral("--scan"), bobCode});
    QVERIFY2(scanned.exitCode == int(cli::Ok), scanned.err.constData());
    QVERIFY(scanned.jsonLines().value(1)[L("verified")].toBool());
    const CliResult own =
        verify(*m_alice, m_aliceChat, {QStringLiteral("--scan"), alice[L("code")].toString()});
    QCOMPARE(own.exitCode, int(cli::VerificationFailed));
    QCOMPARE(own.jsonLines().value(0)[L("scan")].toString(), QStringLiteral("Mismatch"));
    const CliResult junk =
        verify(*m_alice, m_aliceChat, {QStringLiteral("--scan"), QStringLiteral("hello")});
    QCOMPARE(junk.exitCode, int(cli::VerificationFailed));
    const CliResult missing = verify(*m_alice, -999);
    QCOMPARE(missing.exitCode, int(cli::NotFound));
}

void TstCliSecret::aStreamingReceivePrintsSecretMessagesAsTheyCome() {
    QVERIFY(m_bobChat < 0);
    // Bob's client stays up: Alice's message reaches it pushed (secretEnvelope), or from the
    // queue if it arrives before Bob's client is connected; printed once either way.
    std::unique_ptr<QProcess> receiving =
        m_bob->startRunning({QStringLiteral("--json"), QStringLiteral("receive")});
    send(*m_alice, m_aliceChat, QStringLiteral("pushed while you listen"));
    const QJsonObject m = QJsonDocument::fromJson(CliRunner::awaitLine(*receiving)).object();
    QCOMPARE(m[L("text")].toString(), m_plaintexts.last());
    QCOMPARE(m[L("chatId")].toInteger(), m_bobChat);
    QVERIFY(m[L("secret")].toBool());
    const CliResult ended = CliRunner::terminate(*receiving);
    QCOMPARE(ended.exitCode, int(cli::Ok));
    QVERIFY2(!ended.out.contains(m_plaintexts.last().toUtf8()), "printed twice");
}

void TstCliSecret::aChangedKeyIsFlaggedUntilConfirmed() {
    QVERIFY(m_aliceChat < 0);
    auto verify = [](const CliRunner &who, qint64 chatId, const QStringList &extra = {}) {
        const CliResult r =
            who.run(QStringList{QStringLiteral("--json"), QStringLiteral("secret-verify")} + extra +
                    QStringList{QStringLiteral("--"), QString::number(chatId)});
        return std::pair{r, r.jsonLines()};
    };
    const QString oldNumber =
        verify(*m_alice, m_aliceChat).second.value(0)[L("safetyNumber")].toString();
    // Bob's device gets a new identity (a reinstall) and publishes it on its next run.
    const CliResult reset =
        m_bob->run({QStringLiteral("--json"), QStringLiteral("secret-reset-keys")});
    QVERIFY2(reset.exitCode == int(cli::Ok), reset.err.constData());
    const CliResult published =
        m_bob->run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")});
    QCOMPARE(published.exitCode, int(cli::Ok));

    // Alice starts a new secret chat with the same device: the server hands out the new key.
    const CliResult started = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("secret-start"), QStringLiteral("@bob")});
    QVERIFY2(started.exitCode == int(cli::Ok), started.err.constData());
    const qint64 chat = started.jsonLines().value(0)[L("chatId")].toInteger();
    QVERIFY(chat < 0 && chat != m_aliceChat);
    const auto [flagged, flaggedLines] = verify(*m_alice, chat);
    QVERIFY2(flagged.exitCode == int(cli::Ok), flagged.err.constData());
    QVERIFY(flaggedLines.value(0)[L("keyChanged")].toBool());
    QVERIFY(flaggedLines.value(0)[L("safetyNumber")].toString() != oldNumber);
    // Loud: a service entry in the history, and nothing is sent until Alice confirms.
    const CliResult history = m_alice->run({QStringLiteral("--json"), QStringLiteral("history"),
                                            QStringLiteral("--"), QString::number(chat)});
    QCOMPARE(history.exitCode, int(cli::Ok));
    bool entry = false;
    for (const QJsonObject &m : history.jsonLines())
        entry = entry || (m[L("senderId")].toInteger() == 0 &&
                          m[L("text")].toString().contains(QLatin1String("safety number changed")));
    QVERIFY2(entry, history.out.constData());
    m_laterPlaintexts.append(QStringLiteral("refused before the new key is confirmed"));
    const CliResult refused =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("send"), QStringLiteral("--"),
                      QString::number(chat), m_laterPlaintexts.last()});
    QCOMPARE(refused.exitCode, int(cli::KeyChanged));

    const auto [accepted, acceptedLines] = verify(*m_alice, chat, {QStringLiteral("--accept-key")});
    QVERIFY2(accepted.exitCode == int(cli::Ok), accepted.err.constData());
    QVERIFY(acceptedLines.value(0)[L("confirmed")].toBool());
    QVERIFY(!acceptedLines.value(1)[L("keyChanged")].toBool());
    m_laterPlaintexts.append(QStringLiteral("sent once the new key is confirmed"));
    const CliResult sent =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("send"), QStringLiteral("--"),
                      QString::number(chat), m_laterPlaintexts.last()});
    QVERIFY2(sent.exitCode == int(cli::Ok), sent.err.constData());
    // Bob reads it in a new chat of his; Alice's key did not change, so his is not flagged, and
    // both see the new safety number.
    const qint64 bobChat = receiveOne(*m_bob, m_laterPlaintexts.last(), m_aliceId);
    QVERIFY(bobChat < 0 && bobChat != m_bobChat);
    const auto [bob, bobLines] = verify(*m_bob, bobChat);
    QCOMPARE(bob.exitCode, int(cli::Ok));
    QVERIFY(!bobLines.value(0)[L("keyChanged")].toBool());
    QCOMPARE(bobLines.value(0)[L("safetyNumber")].toString(),
             flaggedLines.value(0)[L("safetyNumber")].toString());
}

void TstCliSecret::aTimedMessageDisappearsFromBothDevicesOnceRead() {
    QVERIFY(m_aliceChat < 0 && m_bobChat < 0);
    const CliResult set =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("secret-timer"),
                      QStringLiteral("--"), QString::number(m_aliceChat), QStringLiteral("5s")});
    QVERIFY2(set.exitCode == int(cli::Ok), set.err.constData());
    QCOMPARE(set.jsonLines().value(0)[L("timerMs")].toInteger(), 5000);
    const CliResult bad = m_alice->run({QStringLiteral("secret-timer"), QStringLiteral("--"),
                                        QString::number(m_aliceChat), QStringLiteral("7s")});
    QCOMPARE(bad.exitCode, int(cli::Usage));

    // Bob's device runs; its receive prints (and so reads) the timer's service entry and the
    // message: his copy's timer starts, and his read notice goes to Alice.
    std::unique_ptr<QProcess> bobRx =
        m_bob->startRunning({QStringLiteral("--json"), QStringLiteral("receive")});
    const QString text = QStringLiteral("this line burns after reading");
    m_laterPlaintexts.append(text);
    const CliResult sent = m_alice->run({QStringLiteral("--json"), QStringLiteral("send"),
                                         QStringLiteral("--"), QString::number(m_aliceChat), text});
    QVERIFY2(sent.exitCode == int(cli::Ok), sent.err.constData());
    bool timerEntry = false, read = false;
    while (!read && bobRx->state() == QProcess::Running) {
        const QJsonObject m = QJsonDocument::fromJson(CliRunner::awaitLine(*bobRx)).object();
        timerEntry = timerEntry ||
                     (m[L("senderId")].toInteger() == 0 && m[L("chatId")].toInteger() == m_bobChat);
        read = m[L("text")].toString() == text;
    }
    QVERIFY(timerEntry);
    QVERIFY(read);
    // Five seconds after Bob read it, his device purges it: the removal line is awaited.
    auto awaitExpiry = [](QProcess &process) {
        while (process.state() != QProcess::NotRunning) {
            const QJsonObject m = QJsonDocument::fromJson(CliRunner::awaitLine(process)).object();
            if (m.contains(L("expired")))
                return m[L("expired")].toArray().size();
        }
        return qsizetype(0);
    };
    QCOMPARE(awaitExpiry(*bobRx), 1);
    QCOMPARE(CliRunner::terminate(*bobRx).exitCode, int(cli::Ok));
    // Alice's device comes online: the read notice starts her copy's timer at the notice's
    // time, so it has run out already and goes at once.
    std::unique_ptr<QProcess> aliceRx =
        m_alice->startRunning({QStringLiteral("--json"), QStringLiteral("receive")});
    QCOMPARE(awaitExpiry(*aliceRx), 1);
    QCOMPARE(CliRunner::terminate(*aliceRx).exitCode, int(cli::Ok));

    // Gone from both databases and both search indexes; the other messages stay.
    for (const auto &[who, chatId] : {std::pair{&*m_alice, m_aliceChat}, {&*m_bob, m_bobChat}}) {
        const CliResult history = who->run({QStringLiteral("--json"), QStringLiteral("history"),
                                            QStringLiteral("--"), QString::number(chatId)});
        QCOMPARE(history.exitCode, int(cli::Ok));
        QVERIFY(!history.out.contains(text.toUtf8()));
        QVERIFY(history.out.contains(m_plaintexts.first().toUtf8()));
        const CliResult gone =
            who->run({QStringLiteral("--json"), QStringLiteral("search"), QStringLiteral("burns")});
        QCOMPARE(gone.exitCode, int(cli::Ok));
        QCOMPARE(gone.jsonLines().size(), 0);
        const CliResult kept =
            who->run({QStringLiteral("--json"), QStringLiteral("search"), QStringLiteral("eagle")});
        QCOMPARE(kept.jsonLines().size(), 1);
    }
}

void TstCliSecret::noPlaintextInTheServersFilesOrTheProfiles() {
    QCOMPARE(m_plaintexts.size(), 5);
    m_plaintexts.append(m_laterPlaintexts);
    m_server.stop();
    QList<QByteArray> server = filesUnder(m_server.dataDir());
    QVERIFY(!server.isEmpty());
    server.append(m_server.stderrLog().toUtf8());
    const QList<QByteArray> profiles = filesUnder(m_dir.path());
    for (const QString &text : std::as_const(m_plaintexts)) {
        const QByteArray utf8 = text.toUtf8();
        for (const QByteArray &bytes : server)
            QVERIFY2(!bytes.contains(utf8), "a plaintext is in the server's files");
        for (const QByteArray &bytes : profiles) // SQLCipher: encrypted at rest
            QVERIFY2(!bytes.contains(utf8), "a plaintext is in a profile's files");
    }
    // The search finds what is there: the usernames are in the server's database.
    bool found = false;
    for (const QByteArray &bytes : server)
        found = found || bytes.contains("alice");
    QVERIFY(found);
}

QTEST_GUILESS_MAIN(TstCliSecret)
#include "tst_cli_secret.moc"
