// msgr-cli against the real msgr-server on loopback: two profiles sign up, one sends to the
// other by username while the other is not running, the other's `receive --json --once` prints
// exactly that message; chats, history in both directions, a live receive ended by SIGTERM,
// the documented exit codes for a wrong password, a wrong passphrase and a signed-out profile,
// an upload whose bytes the server then holds and its download ("Save as", cached encrypted), and
// the profile's file modes (0700 folder, 0600 files); send --reply-to and forward (§19); pin and
// unpin of a message (§17.4), seen by the other side; --proxy through a real SOCKS5 proxy
// (microsocks) that requires a password; storage, clear-cache and change-passphrase; channel
// create, search, subscribe, post, history and unsubscribe (§15) with their refusals; contacts
// (invite, accept, block, unblock, remove) and profiles (set, show) seen by the other side.
#include "cli/exit_codes.h"
#include "tests/cli/cli_runner.h"
#include "tests/core/real_proxy.h"
#include "tests/support/server_process.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <sys/stat.h>

using namespace msgr;
using namespace msgr::test;
using L = QLatin1StringView;

namespace {

const QByteArray kAlicePassword = "alice's long password";
const QByteArray kBobPassword = "bob's long password";

//! A file holding `secret` on its first line, readable by its owner only.
QString writeSecretFile(const QString &path, const QByteArray &secret) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return {};
    file.write(secret + '\n');
    return path;
}

//! The permission bits of a file (-1 when it cannot be stat()ed).
int modeOf(const QString &path) {
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace

class TstCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void signUpPrintsTheAccount();
    void messageSentWhileOfflineIsReceivedOnce();
    void chatsListsTheChat();
    void historyShowsBothDirectionsInOrder();
    void pinAndUnpinReachTheOtherSide();
    void channelCreateSearchSubscribePostAndLeave();
    void channelEditAdminAndAdd();
    void contactsAndProfilesFromTheCommandLine();
    void groupCommandsManageAGroup();
    void liveReceiveStreamsAndEndsOnSigterm();
    // After the live receive: the join's service message would be alice's next unread line.
    void groupInviteJoinAndReaders();
    void wrongPasswordIsRefusedWithItsExitCode();
    void wrongPassphraseLeavesTheProfileLocked();
    void commandsNeedASignedInProfile();
    void uploadStoresTheFileOnTheServer();
    void storageCountsAndClearCacheDeletesTheCachedFile();
    void profileIsPrivate();
    void proxyOptionTunnelsTheRun();
    void changePassphraseKeepsTheProfile();

private:
    QString profile(const QString &name) const { return m_dir.filePath(name); }

    ServerProcess m_server;
    QTemporaryDir m_dir;
    std::optional<CliRunner> m_alice, m_bob;
    qint64 m_aliceId = 0, m_bobId = 0;
    qint64 m_chatId = 0, m_firstMessageId = 0;
    QString m_fileId;       //!< uploaded and downloaded by alice
    QByteArray m_fileBytes; //!< its content
};

void TstCli::initTestCase() {
    QVERIFY2(QFileInfo(CliRunner::binaryPath()).isExecutable(), "MSGR_CLI_BIN is not set");
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
    const QString phrase = writeSecretFile(m_dir.filePath(QStringLiteral("alice.phrase")),
                                           "alice's profile passphrase");
    QVERIFY(!phrase.isEmpty());
    m_alice.emplace(profile(QStringLiteral("alice")), m_server.wsUrl(), phrase);
    // Bob's passphrase comes from stdin, as on a terminal or in a pipe.
    m_bob.emplace(profile(QStringLiteral("bob")), m_server.wsUrl(), QString());
}

void TstCli::signUpPrintsTheAccount() {
    const QString passwordFile =
        writeSecretFile(m_dir.filePath(QStringLiteral("alice.password")), kAlicePassword);
    CliResult a = m_alice->run({QStringLiteral("--json"), QStringLiteral("--password-file"),
                                passwordFile, QStringLiteral("signup"), QStringLiteral("alice"),
                                QStringLiteral("Alice Liddell")});
    QCOMPARE(a.exitCode, int(cli::Ok));
    QList<QJsonObject> lines = a.jsonLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0][L("username")].toString(), QStringLiteral("alice"));
    m_aliceId = lines[0][L("userId")].toInteger();
    QVERIFY(m_aliceId > 0);

    // From stdin, one line each: the new passphrase, then the password.
    CliResult b = m_bob->run({QStringLiteral("--json"), QStringLiteral("signup"),
                              QStringLiteral("bob"), QStringLiteral("Bob")},
                             "bob's profile passphrase\n" + kBobPassword + "\n");
    QCOMPARE(b.exitCode, int(cli::Ok));
    lines = b.jsonLines();
    QCOMPARE(lines.size(), 1);
    m_bobId = lines[0][L("userId")].toInteger();
    QVERIFY(m_bobId > 0 && m_bobId != m_aliceId);

    // Signing up again into a signed-in profile is refused, nothing changes.
    const CliResult again =
        m_bob->run({QStringLiteral("signup"), QStringLiteral("bob2"), QStringLiteral("Bob")},
                   "bob's profile passphrase\n" + kBobPassword + "\n");
    QCOMPARE(again.exitCode, int(cli::AccountState));
}

void TstCli::messageSentWhileOfflineIsReceivedOnce() {
    // Bob's msgr-cli is not running: the server keeps the message for his profile.
    const CliResult sent = m_alice->run({QStringLiteral("--json"), QStringLiteral("send"),
                                         QStringLiteral("@bob"), QStringLiteral("hello, bob")});
    QCOMPARE(sent.exitCode, int(cli::Ok));
    const QList<QJsonObject> ack = sent.jsonLines();
    QCOMPARE(ack.size(), 1);
    m_chatId = ack[0][L("chatId")].toInteger();
    m_firstMessageId = ack[0][L("id")].toInteger();
    QVERIFY(m_chatId > 0 && m_firstMessageId > 0);

    const QByteArray phrase = "bob's profile passphrase\n";
    const CliResult got = m_bob->run(
        {QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")}, phrase);
    QCOMPARE(got.exitCode, int(cli::Ok));
    const QList<QJsonObject> messages = got.jsonLines();
    QCOMPARE(messages.size(), 1);
    const QJsonObject &m = messages[0];
    QCOMPARE(m[L("text")].toString(), QStringLiteral("hello, bob"));
    QCOMPARE(m[L("chatId")].toInteger(), m_chatId);
    QCOMPARE(m[L("id")].toInteger(), m_firstMessageId);
    QCOMPARE(m[L("senderId")].toInteger(), m_aliceId);
    QCOMPARE(m[L("sender")].toString(), QStringLiteral("alice"));
    QCOMPARE(m[L("senderName")].toString(), QStringLiteral("Alice Liddell"));
    QCOMPARE(m[L("outgoing")].toBool(), false);
    QCOMPARE(m[L("state")].toString(), QStringLiteral("sent"));

    // Printed once: the next receive starts after it.
    const CliResult again = m_bob->run(
        {QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")}, phrase);
    QCOMPARE(again.exitCode, int(cli::Ok));
    QCOMPARE(again.jsonLines().size(), 0);
}

void TstCli::chatsListsTheChat() {
    const CliResult r = m_alice->run({QStringLiteral("--json"), QStringLiteral("chats")});
    QCOMPARE(r.exitCode, int(cli::Ok));
    const QList<QJsonObject> chats = r.jsonLines();
    QCOMPARE(chats.size(), 1);
    QCOMPARE(chats[0][L("id")].toInteger(), m_chatId);
    QCOMPARE(chats[0][L("kind")].toString(), QStringLiteral("private"));
    QCOMPARE(chats[0][L("peerUserId")].toInteger(), m_bobId);
    QCOMPARE(chats[0][L("peer")].toString(), QStringLiteral("bob"));
    QCOMPARE(chats[0][L("lastText")].toString(), QStringLiteral("hello, bob"));
}

void TstCli::historyShowsBothDirectionsInOrder() {
    // Bob answers by chat id, his message text from stdin after the passphrase line.
    const CliResult reply =
        m_bob->run({QStringLiteral("send"), QString::number(m_chatId), QStringLiteral("-")},
                   "bob's profile passphrase\nhi alice\nhow are you?\n");
    QCOMPARE(reply.exitCode, int(cli::Ok));

    const CliResult r =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("@bob"),
                      QStringLiteral("--limit"), QStringLiteral("10")});
    QCOMPARE(r.exitCode, int(cli::Ok));
    const QList<QJsonObject> history = r.jsonLines();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0][L("text")].toString(), QStringLiteral("hello, bob"));
    QCOMPARE(history[0][L("outgoing")].toBool(), true);
    QCOMPARE(history[0][L("senderId")].toInteger(), m_aliceId);
    QCOMPARE(history[1][L("text")].toString(), QStringLiteral("hi alice\nhow are you?"));
    QCOMPARE(history[1][L("outgoing")].toBool(), false);
    QCOMPARE(history[1][L("senderId")].toInteger(), m_bobId);
    QVERIFY(history[0][L("id")].toInteger() < history[1][L("id")].toInteger());

    // The text form: one line per message, the line break escaped.
    const CliResult text = m_alice->run({QStringLiteral("history"), QString::number(m_chatId)});
    QCOMPARE(text.exitCode, int(cli::Ok));
    const QStringList lines = text.lines();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].endsWith(QStringLiteral(" me: hello, bob")), qPrintable(lines[0]));
    QVERIFY2(lines[1].endsWith(QStringLiteral(" @bob: hi alice\\nhow are you?")),
             qPrintable(lines[1]));

    // send --reply-to (docs/protocol.md §19): alice quotes bob's message; history shows the
    // server's quote. One the chat does not hold is refused (exit 7); a bad id is a usage error.
    const qint64 bobsId = history[1][L("id")].toInteger();
    const CliResult replied =
        m_alice->run({QStringLiteral("send"), QStringLiteral("@bob"), QStringLiteral("fine"),
                      QStringLiteral("--reply-to"), QString::number(bobsId)});
    QCOMPARE(replied.exitCode, int(cli::Ok));
    const CliResult after =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("@bob"),
                      QStringLiteral("--limit"), QStringLiteral("1")});
    QCOMPARE(after.exitCode, int(cli::Ok));
    const QList<QJsonObject> last = after.jsonLines();
    QCOMPARE(last.size(), 1);
    QCOMPARE(last[0][L("text")].toString(), QStringLiteral("fine"));
    QCOMPARE(last[0][L("replyToId")].toInteger(), bobsId);
    QCOMPARE(last[0][L("replyExcerpt")].toString(), QStringLiteral("hi alice\nhow are you?"));
    const CliResult orphan =
        m_alice->run({QStringLiteral("send"), QStringLiteral("@bob"), QStringLiteral("to nothing"),
                      QStringLiteral("--reply-to"), QStringLiteral("987654321")});
    QCOMPARE(orphan.exitCode, int(cli::Refused));
    QCOMPARE(m_alice
                 ->run({QStringLiteral("send"), QStringLiteral("@bob"), QStringLiteral("x"),
                        QStringLiteral("--reply-to"), QStringLiteral("0")})
                 .exitCode,
             int(cli::Usage));

    // forward: bob's message again, into the same chat, naming bob as its author. (The refused
    // message stays last, pending: the copy is among the last three.)
    const CliResult forwarded = m_alice->run({QStringLiteral("forward"), QStringLiteral("@bob"),
                                              QString::number(bobsId), QString::number(m_chatId)});
    QCOMPARE(forwarded.exitCode, int(cli::Ok));
    const CliResult withCopy =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("@bob"),
                      QStringLiteral("--limit"), QStringLiteral("3")});
    std::optional<QJsonObject> copy;
    for (const QJsonObject &m : withCopy.jsonLines())
        if (m.contains(L("forwardedFromId")))
            copy = m;
    QVERIFY(copy);
    QCOMPARE((*copy)[L("text")].toString(), QStringLiteral("hi alice\nhow are you?"));
    QCOMPARE((*copy)[L("senderId")].toInteger(), m_aliceId);
    QCOMPARE((*copy)[L("forwardedFromId")].toInteger(), m_bobId);
    QCOMPARE(m_alice
                 ->run({QStringLiteral("forward"), QStringLiteral("@bob"),
                        QStringLiteral("987654321"), QStringLiteral("@bob")})
                 .exitCode,
             int(cli::Refused));
}

void TstCli::pinAndUnpinReachTheOtherSide() {
    // Bob's chat list (synced afresh by each run) names the message alice pinned, then none.
    const auto pinnedForBob = [this] {
        const CliResult chats = m_bob->run({QStringLiteral("--json"), QStringLiteral("chats")},
                                           "bob's profile passphrase\n");
        if (chats.exitCode != int(cli::Ok))
            qWarning() << "bob's chats:" << chats.exitCode << chats.err;
        for (const QJsonObject &c : chats.jsonLines())
            if (c[L("id")].toInteger() == m_chatId)
                return c[L("pinnedMessageId")].toInteger();
        return qint64(-1);
    };
    const QString id = QString::number(m_firstMessageId);
    const CliResult pinned =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("pin"), QStringLiteral("@bob"), id});
    QCOMPARE(pinned.exitCode, int(cli::Ok));
    QCOMPARE(pinned.jsonLines().value(0)[L("messageId")].toInteger(), m_firstMessageId);
    QCOMPARE(pinnedForBob(), m_firstMessageId);
    QCOMPARE(m_alice->run({QStringLiteral("unpin"), QStringLiteral("@bob"), id}).exitCode,
             int(cli::Ok));
    QCOMPARE(pinnedForBob(), 0);
    // A message the chat does not hold is refused; a bad id is a usage error.
    QCOMPARE(
        m_alice->run({QStringLiteral("pin"), QStringLiteral("@bob"), QStringLiteral("987654321")})
            .exitCode,
        int(cli::Refused));
    QCOMPARE(
        m_alice->run({QStringLiteral("pin"), QStringLiteral("@bob"), QStringLiteral("x")}).exitCode,
        int(cli::Usage));
    QCOMPARE(pinnedForBob(), 0);
}

void TstCli::channelCreateSearchSubscribePostAndLeave() {
    const QByteArray bobPhrase = "bob's profile passphrase\n";
    const auto bob = [&](const QStringList &args) { return m_bob->run(args, bobPhrase); };
    const CliResult created = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("channel"), QStringLiteral("create"),
         QStringLiteral("CLI news"), QStringLiteral("--about"), QStringLiteral("Release notes"),
         QStringLiteral("--name"), QStringLiteral("clinews")});
    QCOMPARE(created.exitCode, int(cli::Ok));
    const qint64 channel = created.jsonLines().value(0)[L("channelId")].toInteger();
    QVERIFY(channel > 0);
    QCOMPARE(created.jsonLines().value(0)[L("name")].toString(), QStringLiteral("clinews"));
    // The @name is taken now: refused, with the server's reason.
    const CliResult taken =
        m_alice->run({QStringLiteral("channel"), QStringLiteral("create"), QStringLiteral("Copy"),
                      QStringLiteral("--name"), QStringLiteral("CliNews")});
    QCOMPARE(taken.exitCode, int(cli::Refused));
    QVERIFY2(taken.err.contains("USERNAME_TAKEN"), taken.err.constData());

    // Bob finds it by its description and subscribes by its @name.
    const CliResult found = bob({QStringLiteral("--json"), QStringLiteral("channel"),
                                 QStringLiteral("search"), QStringLiteral("release")});
    QCOMPARE(found.exitCode, int(cli::Ok));
    QCOMPARE(found.jsonLines().size(), 1);
    QCOMPARE(found.jsonLines().value(0)[L("channelId")].toInteger(), channel);
    QCOMPARE(found.jsonLines().value(0)[L("subscribers")].toInteger(), 1);
    const CliResult joined = bob({QStringLiteral("--json"), QStringLiteral("channel"),
                                  QStringLiteral("subscribe"), QStringLiteral("@clinews")});
    QCOMPARE(joined.exitCode, int(cli::Ok));
    QCOMPARE(joined.jsonLines().value(0)[L("subscribers")].toInteger(), 2);
    QCOMPARE(joined.jsonLines().value(0)[L("role")].toString(), QStringLiteral("subscriber"));

    // Only the owner posts; bob reads it in the history.
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("post"), QStringLiteral("@clinews"),
                  QStringLiteral("mine")})
                 .exitCode,
             int(cli::Refused));
    const CliResult posted =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("channel"), QStringLiteral("post"),
                      QString::number(channel), QStringLiteral("version 1.0 is out")});
    QCOMPARE(posted.exitCode, int(cli::Ok));
    const qint64 postId = posted.jsonLines().value(0)[L("messageId")].toInteger();
    QVERIFY(postId > 0);
    const CliResult history = bob({QStringLiteral("--json"), QStringLiteral("channel"),
                                   QStringLiteral("history"), QStringLiteral("@clinews")});
    QCOMPARE(history.exitCode, int(cli::Ok));
    QCOMPARE(history.jsonLines().last()[L("messageId")].toInteger(), postId);
    QCOMPARE(history.jsonLines().last()[L("text")].toString(),
             QStringLiteral("version 1.0 is out"));

    // Comments under the post (docs/protocol.md §22): bob comments, both read the thread, the
    // owner deletes it; once bob has left, his comment is refused.
    const QString post = QString::number(postId);
    const CliResult commented =
        bob({QStringLiteral("--json"), QStringLiteral("channel"), QStringLiteral("comment"),
             QStringLiteral("@clinews"), post, QStringLiteral("congrats!")});
    QCOMPARE(commented.exitCode, int(cli::Ok));
    const qint64 commentId = commented.jsonLines().value(0)[L("commentId")].toInteger();
    QVERIFY(commentId > 0);
    const CliResult thread =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("channel"),
                      QStringLiteral("comments"), QString::number(channel), post});
    QCOMPARE(thread.exitCode, int(cli::Ok));
    QCOMPARE(thread.jsonLines().size(), 1);
    QCOMPARE(thread.jsonLines().value(0)[L("text")].toString(), QStringLiteral("congrats!"));
    QCOMPARE(thread.jsonLines().value(0)[L("senderId")].toInteger(), m_bobId);
    const CliResult removed = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("channel"), QStringLiteral("delete-comment"),
         QString::number(channel), post, QString::number(commentId)});
    QCOMPARE(removed.exitCode, int(cli::Ok));
    QCOMPARE(removed.jsonLines().value(0)[L("commentCount")].toInteger(), 0);
    QCOMPARE(m_alice
                 ->run({QStringLiteral("channel"), QStringLiteral("delete-comment"),
                        QString::number(channel), post, QString::number(commentId)})
                 .exitCode,
             int(cli::NotFound)); // deleted already
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("comment"), QStringLiteral("@clinews"),
                  QStringLiteral("x1"), QStringLiteral("text")})
                 .exitCode,
             int(cli::Usage));

    // Bob leaves: one subscriber again. Unknown names and sub-commands get their exit codes.
    QCOMPARE(
        bob({QStringLiteral("channel"), QStringLiteral("unsubscribe"), QString::number(channel)})
            .exitCode,
        int(cli::Ok));
    const CliResult after = bob({QStringLiteral("--json"), QStringLiteral("channel"),
                                 QStringLiteral("search"), QStringLiteral("@clinews")});
    QCOMPARE(after.jsonLines().value(0)[L("subscribers")].toInteger(), 1);
    const CliResult outsider = bob({QStringLiteral("channel"), QStringLiteral("comment"),
                                    QStringLiteral("@clinews"), post, QStringLiteral("hi")});
    QCOMPARE(outsider.exitCode, int(cli::Refused));
    QVERIFY2(outsider.err.contains("FORBIDDEN"), outsider.err.constData());
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("subscribe"),
                  QStringLiteral("@nosuchchannel")})
                 .exitCode,
             int(cli::NotFound));
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("frobnicate"), QStringLiteral("x")})
                 .exitCode,
             int(cli::Usage));
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("search"), QStringLiteral("x"),
                  QStringLiteral("--name"), QStringLiteral("y")})
                 .exitCode,
             int(cli::Usage));
}

void TstCli::channelEditAdminAndAdd() {
    const QByteArray bobPhrase = "bob's profile passphrase\n";
    const auto bob = [&](const QStringList &args) { return m_bob->run(args, bobPhrase); };
    const auto alice = [&](const QStringList &args) { return m_alice->run(args); };
    const CliResult created = alice({QStringLiteral("--json"), QStringLiteral("channel"),
                                     QStringLiteral("create"), QStringLiteral("Ops")});
    QCOMPARE(created.exitCode, int(cli::Ok));
    const QString channel =
        QString::number(created.jsonLines().value(0)[L("channelId")].toInteger());

    // A private channel's readers are added; an unknown @user adds nobody.
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("add"), channel,
                    QStringLiteral("@bob"), QStringLiteral("@nosuchuser")})
                 .exitCode,
             int(cli::NotFound));
    const CliResult added = alice({QStringLiteral("--json"), QStringLiteral("channel"),
                                   QStringLiteral("add"), channel, QStringLiteral("@bob")});
    QCOMPARE(added.exitCode, int(cli::Ok));
    QCOMPARE(added.jsonLines().value(0)[L("subscribers")].toInteger(), 2);

    // A subscriber cannot edit; made an admin, bob can, and cannot change roles.
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("edit"), channel,
                  QStringLiteral("--title"), QStringLiteral("Mine")})
                 .exitCode,
             int(cli::Refused));
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("admin"), channel,
                    QStringLiteral("@bob"), QStringLiteral("on")})
                 .exitCode,
             int(cli::Ok));
    const CliResult edited =
        bob({QStringLiteral("--json"), QStringLiteral("channel"), QStringLiteral("edit"), channel,
             QStringLiteral("--title"), QStringLiteral("Ops room"), QStringLiteral("--about"),
             QStringLiteral("Pager rota")});
    QCOMPARE(edited.exitCode, int(cli::Ok));
    QCOMPARE(edited.jsonLines().value(0)[L("title")].toString(), QStringLiteral("Ops room"));
    QCOMPARE(edited.jsonLines().value(0)[L("about")].toString(), QStringLiteral("Pager rota"));
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("admin"), channel,
                  QStringLiteral("@alice"), QStringLiteral("off")})
                 .exitCode,
             int(cli::Refused));
    // A title past 128 characters: the server's TOO_LARGE.
    const CliResult tooLong = bob({QStringLiteral("channel"), QStringLiteral("edit"), channel,
                                   QStringLiteral("--title"), QString(129, QLatin1Char('t'))});
    QCOMPARE(tooLong.exitCode, int(cli::Refused));
    QVERIFY2(tooLong.err.contains("TOO_LARGE"), tooLong.err.constData());
    // Back to a subscriber: editing is refused again.
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("admin"), channel,
                    QStringLiteral("@bob"), QStringLiteral("off")})
                 .exitCode,
             int(cli::Ok));
    QCOMPARE(bob({QStringLiteral("channel"), QStringLiteral("edit"), channel,
                  QStringLiteral("--about"), QString()})
                 .exitCode,
             int(cli::Refused));

    // Usage errors: nothing to edit, --name or --title where they do not belong, on|off.
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("edit"), channel}).exitCode,
             int(cli::Usage));
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("edit"), channel,
                    QStringLiteral("--name"), QStringLiteral("ops")})
                 .exitCode,
             int(cli::Usage));
    QCOMPARE(alice({QStringLiteral("profile"), QStringLiteral("set"), QStringLiteral("--title"),
                    QStringLiteral("x")})
                 .exitCode,
             int(cli::Usage));
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("admin"), channel,
                    QStringLiteral("@bob"), QStringLiteral("maybe")})
                 .exitCode,
             int(cli::Usage));
    QCOMPARE(alice({QStringLiteral("channel"), QStringLiteral("add"), channel}).exitCode,
             int(cli::Usage));
}

void TstCli::contactsAndProfilesFromTheCommandLine() {
    const QByteArray bobStdin = "bob's profile passphrase\n";
    // The section a user is listed in by `contacts --json` ("" when absent; blocked counts
    // apart, as the app shows a blocked contact in both sections).
    const auto sectionsOf = [](const CliResult &listed, const QString &username) {
        QStringList sections;
        for (const QJsonObject &row : listed.jsonLines())
            if (row[L("username")].toString() == username)
                sections.append(row[L("section")].toString());
        return sections;
    };
    const auto list = [](const CliRunner &who, const QByteArray &in = {}) {
        return who.run({QStringLiteral("--json"), QStringLiteral("contacts")}, in);
    };

    QCOMPARE(
        m_alice->run({QStringLiteral("contacts"), QStringLiteral("invite"), QStringLiteral("@bob")})
            .exitCode,
        int(cli::Ok));
    QCOMPARE(sectionsOf(list(*m_alice), QStringLiteral("bob")), QStringList{"outgoing"});
    QCOMPARE(sectionsOf(list(*m_bob, bobStdin), QStringLiteral("alice")), QStringList{"incoming"});
    QCOMPARE(
        m_bob
            ->run({QStringLiteral("contacts"), QStringLiteral("accept"), QStringLiteral("alice")},
                  bobStdin)
            .exitCode,
        int(cli::Ok));
    QCOMPARE(sectionsOf(list(*m_alice), QStringLiteral("bob")), QStringList{"contacts"});
    // Nobody with that username; an unknown sub-command.
    QCOMPARE(m_alice
                 ->run({QStringLiteral("contacts"), QStringLiteral("invite"),
                        QStringLiteral("nobody_here")})
                 .exitCode,
             int(cli::NotFound));
    QCOMPARE(
        m_alice
            ->run({QStringLiteral("contacts"), QStringLiteral("befriend"), QStringLiteral("bob")})
            .exitCode,
        int(cli::Usage));

    // Blocked, then unblocked: listed apart while it lasts; the contact stays (Telegram's rule).
    QCOMPARE(m_alice->run({QStringLiteral("block"), QStringLiteral("@bob")}).exitCode,
             int(cli::Ok));
    QCOMPARE(sectionsOf(list(*m_alice), QStringLiteral("bob")),
             (QStringList{"contacts", "blocked"}));
    QCOMPARE(m_alice->run({QStringLiteral("unblock"), QStringLiteral("bob")}).exitCode,
             int(cli::Ok));
    QCOMPARE(sectionsOf(list(*m_alice), QStringLiteral("bob")), QStringList{"contacts"});

    // Profile edits reach bob; a username taken is refused (exit 7, the code on stderr).
    QCOMPARE(m_alice
                 ->run({QStringLiteral("profile"), QStringLiteral("set"), QStringLiteral("--name"),
                        QStringLiteral("Alice Cli"), QStringLiteral("--about"),
                        QStringLiteral("from the shell")})
                 .exitCode,
             int(cli::Ok));
    const CliResult seen = m_bob->run({QStringLiteral("--json"), QStringLiteral("profile"),
                                       QStringLiteral("show"), QStringLiteral("@alice")},
                                      bobStdin);
    QCOMPARE(seen.exitCode, int(cli::Ok));
    QCOMPARE(seen.jsonLines().value(0)[L("displayName")].toString(), QStringLiteral("Alice Cli"));
    QCOMPARE(seen.jsonLines().value(0)[L("about")].toString(), QStringLiteral("from the shell"));
    const CliResult taken = m_alice->run({QStringLiteral("profile"), QStringLiteral("set"),
                                          QStringLiteral("--username"), QStringLiteral("bob")});
    QCOMPARE(taken.exitCode, int(cli::Refused));
    QVERIFY2(taken.err.contains("USERNAME_TAKEN"), taken.err.constData());
    const CliResult own = m_alice->run({QStringLiteral("--json"), QStringLiteral("profile")});
    QCOMPARE(own.exitCode, int(cli::Ok));
    QCOMPARE(own.jsonLines().value(0)[L("username")].toString(), QStringLiteral("alice"));
    QCOMPARE(own.jsonLines().value(0)[L("privacy")].toString(), QStringLiteral("everybody"));

    QCOMPARE(m_alice
                 ->run({QStringLiteral("profile"), QStringLiteral("set"), QStringLiteral("--name"),
                        QStringLiteral("Alice Liddell")})
                 .exitCode,
             int(cli::Ok));

    // Removed: gone from bob's list too.
    QCOMPARE(
        m_alice->run({QStringLiteral("contacts"), QStringLiteral("remove"), QStringLiteral("bob")})
            .exitCode,
        int(cli::Ok));
    QCOMPARE(sectionsOf(list(*m_bob, bobStdin), QStringLiteral("alice")), QStringList{});
}

void TstCli::groupCommandsManageAGroup() {
    const QByteArray bobsPhrase = "bob's profile passphrase\n";
    // `group members` as {userId: role}.
    const auto rolesOn = [](CliRunner &cli, qint64 chatId, const QByteArray &input) {
        QHash<qint64, QString> roles;
        const CliResult r = cli.run({QStringLiteral("--json"), QStringLiteral("group"),
                                     QStringLiteral("members"), QString::number(chatId)},
                                    input);
        if (r.exitCode != int(cli::Ok))
            qWarning() << "group members:" << r.exitCode << r.err;
        for (const QJsonObject &m : r.jsonLines())
            roles.insert(m[L("userId")].toInteger(), m[L("role")].toString());
        return roles;
    };
    const CliResult created =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("group"), QStringLiteral("create"),
                      QStringLiteral("Trip"), QStringLiteral("@bob")});
    QCOMPARE(created.exitCode, int(cli::Ok));
    const qint64 groupId = created.jsonLines().value(0)[L("chatId")].toInteger();
    QVERIFY(groupId > 0);
    const QString group = QString::number(groupId);
    QCOMPARE(rolesOn(*m_alice, groupId, {}),
             (QHash<qint64, QString>{{m_aliceId, QStringLiteral("owner")},
                                     {m_bobId, QStringLiteral("member")}}));

    // Bob (his run syncs the group first) is a plain member: renaming is refused.
    QCOMPARE(m_bob->run({QStringLiteral("chats")}, bobsPhrase).exitCode, int(cli::Ok));
    const CliResult forbidden = m_bob->run(
        {QStringLiteral("group"), QStringLiteral("title"), group, QStringLiteral("Bob's")},
        bobsPhrase);
    QCOMPARE(forbidden.exitCode, int(cli::Refused));
    QVERIFY2(forbidden.err.contains("FORBIDDEN"), forbidden.err.constData());

    // Alice makes him an admin and renames the group; a role that is not one is a usage error.
    QCOMPARE(m_alice
                 ->run({QStringLiteral("group"), QStringLiteral("role"), group,
                        QStringLiteral("@bob"), QStringLiteral("admin")})
                 .exitCode,
             int(cli::Ok));
    QCOMPARE(rolesOn(*m_alice, groupId, {}).value(m_bobId), QStringLiteral("admin"));
    QCOMPARE(m_alice
                 ->run({QStringLiteral("group"), QStringLiteral("role"), group,
                        QStringLiteral("@bob"), QStringLiteral("owner")})
                 .exitCode,
             int(cli::Usage));
    QCOMPARE(m_alice
                 ->run({QStringLiteral("group"), QStringLiteral("title"), group,
                        QStringLiteral("Trip 2")})
                 .exitCode,
             int(cli::Ok));
    QCOMPARE(rolesOn(*m_bob, groupId, bobsPhrase).value(m_bobId), QStringLiteral("admin"));

    // Alice removes Bob: he is out, and the server no longer knows him in it.
    QCOMPARE(m_alice
                 ->run({QStringLiteral("group"), QStringLiteral("remove"), group,
                        QString::number(m_bobId)})
                 .exitCode,
             int(cli::Ok));
    QCOMPARE(rolesOn(*m_alice, groupId, {}),
             (QHash<qint64, QString>{{m_aliceId, QStringLiteral("owner")}}));
    QCOMPARE(
        m_bob->run({QStringLiteral("group"), QStringLiteral("leave"), group}, bobsPhrase).exitCode,
        int(cli::NotFound));

    // The history says what happened, in words.
    const CliResult history =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("history"), group});
    QCOMPARE(history.exitCode, int(cli::Ok));
    QStringList said;
    for (const QJsonObject &m : history.jsonLines())
        said.append(m[L("service")].toString());
    QCOMPARE(said, (QStringList{QStringLiteral("@alice created the group “Trip”"),
                                QStringLiteral("@alice changed the group name to “Trip 2”"),
                                QStringLiteral("@alice removed @bob")}));

    // Alice leaves; unknown subcommands and missing arguments are usage errors.
    const CliResult left = m_alice->run({QStringLiteral("group"), QStringLiteral("leave"), group});
    QVERIFY2(left.exitCode == int(cli::Ok), left.err.constData());
    QCOMPARE(m_alice->run({QStringLiteral("group"), QStringLiteral("frobnicate"), group}).exitCode,
             int(cli::Usage));
    QCOMPARE(m_alice->run({QStringLiteral("group"), QStringLiteral("add"), group}).exitCode,
             int(cli::Usage));
    QCOMPARE(m_alice->run({QStringLiteral("group"), QStringLiteral("create")}).exitCode,
             int(cli::Usage));
}

void TstCli::groupInviteJoinAndReaders() {
    const QByteArray bobsPhrase = "bob's profile passphrase\n";
    const CliResult created = m_alice->run({QStringLiteral("--json"), QStringLiteral("group"),
                                            QStringLiteral("create"), QStringLiteral("Book club")});
    QCOMPARE(created.exitCode, int(cli::Ok));
    const qint64 groupId = created.jsonLines().value(0)[L("chatId")].toInteger();
    const QString group = QString::number(groupId);

    // Alice's link; Bob joins by it.
    const CliResult invite = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("group"), QStringLiteral("invite"), group});
    QCOMPARE(invite.exitCode, int(cli::Ok));
    const QString link = invite.jsonLines().value(0)[L("link")].toString();
    QVERIFY2(link.startsWith(QStringLiteral("msgr://join/")), qPrintable(link));
    const CliResult joined = m_bob->run(
        {QStringLiteral("--json"), QStringLiteral("group"), QStringLiteral("join"), link},
        bobsPhrase);
    QVERIFY2(joined.exitCode == int(cli::Ok), joined.err.constData());
    QCOMPARE(joined.jsonLines().value(0)[L("chatId")].toInteger(), groupId);
    // A plain member may not make links; not a link at all is a usage error.
    const CliResult forbidden =
        m_bob->run({QStringLiteral("group"), QStringLiteral("invite"), group}, bobsPhrase);
    QCOMPARE(forbidden.exitCode, int(cli::Refused));
    QVERIFY2(forbidden.err.contains("FORBIDDEN"), forbidden.err.constData());
    QCOMPARE(m_bob
                 ->run({QStringLiteral("group"), QStringLiteral("join"),
                        QStringLiteral("https://example.org/x")},
                       bobsPhrase)
                 .exitCode,
             int(cli::Usage));

    // Alice writes; Bob reads it (receive marks what it printed read): her readers list says so.
    const CliResult sent = m_alice->run(
        {QStringLiteral("--json"), QStringLiteral("send"), group, QStringLiteral("chapter 3")});
    QCOMPARE(sent.exitCode, int(cli::Ok));
    const qint64 messageId = sent.jsonLines().value(0)[L("id")].toInteger();
    QVERIFY(messageId > 0);
    QCOMPARE(
        m_bob
            ->run({QStringLiteral("--json"), QStringLiteral("receive"), QStringLiteral("--once")},
                  bobsPhrase)
            .exitCode,
        int(cli::Ok));
    QString bobsState;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const CliResult readers =
                m_alice->run({QStringLiteral("--json"), QStringLiteral("group"),
                              QStringLiteral("readers"), group, QString::number(messageId)});
            const QList<QJsonObject> rows = readers.jsonLines();
            bobsState = rows.size() == 1 && rows[0][L("userId")].toInteger() == m_bobId
                            ? rows[0][L("state")].toString()
                            : QString();
            return readers.exitCode == int(cli::Ok) && bobsState == QStringLiteral("read");
        }(),
        20'000);
    const CliResult text = m_alice->run(
        {QStringLiteral("group"), QStringLiteral("readers"), group, QString::number(messageId)});
    QCOMPARE(text.exitCode, int(cli::Ok));
    QVERIFY2(text.out.startsWith(QByteArray::number(m_bobId) + "\tBob\tread\t"),
             text.out.constData());
    // Only the sender may ask; a message id that is not one is a usage error.
    QCOMPARE(m_bob
                 ->run({QStringLiteral("group"), QStringLiteral("readers"), group,
                        QString::number(messageId)},
                       bobsPhrase)
                 .exitCode,
             int(cli::Refused));
    QCOMPARE(
        m_alice
            ->run({QStringLiteral("group"), QStringLiteral("readers"), group, QStringLiteral("x")})
            .exitCode,
        int(cli::Usage));

    // Revoked: the link is dead (exit 8, NOT_FOUND).
    QCOMPARE(
        m_alice->run({QStringLiteral("group"), QStringLiteral("revoke-invite"), group}).exitCode,
        int(cli::Ok));
    const CliResult dead =
        m_bob->run({QStringLiteral("group"), QStringLiteral("join"), link}, bobsPhrase);
    QCOMPARE(dead.exitCode, int(cli::NotFound));
    QVERIFY2(dead.err.contains("NOT_FOUND"), dead.err.constData());
}

void TstCli::liveReceiveStreamsAndEndsOnSigterm() {
    // Alice has Bob's reply unread: a streaming receive prints it first, then what comes live.
    std::unique_ptr<QProcess> receiving =
        m_alice->startRunning({QStringLiteral("--json"), QStringLiteral("receive")});
    const QByteArray first = CliRunner::awaitLine(*receiving);
    QVERIFY2(first.contains("how are you?"), first.constData());

    const CliResult sent = m_bob->run(
        {QStringLiteral("send"), QStringLiteral("alice"), QStringLiteral("live message")},
        "bob's profile passphrase\n");
    QCOMPARE(sent.exitCode, int(cli::Ok));
    const QByteArray live = CliRunner::awaitLine(*receiving);
    QJsonParseError error;
    const QJsonObject m = QJsonDocument::fromJson(live, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(m[L("text")].toString(), QStringLiteral("live message"));
    QCOMPARE(m[L("senderId")].toInteger(), m_bobId);

    const CliResult ended = CliRunner::terminate(*receiving);
    QCOMPARE(ended.exitCode, int(cli::Ok));
    QCOMPARE(ended.err, QByteArray());
}

void TstCli::wrongPasswordIsRefusedWithItsExitCode() {
    const CliRunner other(profile(QStringLiteral("alice-elsewhere")), m_server.wsUrl(), QString());
    const CliResult r =
        other.run({QStringLiteral("--json"), QStringLiteral("login"), QStringLiteral("alice")},
                  "another passphrase\nnot alice's password\n");
    QCOMPARE(r.exitCode, int(cli::AuthRefused));
    QCOMPARE(r.out, QByteArray());
    const QJsonObject error = QJsonDocument::fromJson(r.err.trimmed()).object();
    QCOMPARE(error[L("error")].toString(), QStringLiteral("auth_refused"));
    QCOMPARE(error[L("exitCode")].toInt(), int(cli::AuthRefused));
    QCOMPARE(error[L("message")].toString(), QStringLiteral("Wrong username or password"));

    // The right password then signs this second device in.
    const CliResult ok = other.run({QStringLiteral("login"), QStringLiteral("alice")},
                                   "another passphrase\n" + kAlicePassword + "\n");
    QCOMPARE(ok.exitCode, int(cli::Ok));
}

void TstCli::wrongPassphraseLeavesTheProfileLocked() {
    const CliResult r = m_bob->run({QStringLiteral("chats")}, "not bob's passphrase\n");
    QCOMPARE(r.exitCode, int(cli::ProfileLocked));
    QCOMPARE(r.err.trimmed(), QByteArray("msgr-cli: Wrong passphrase"));
    // And no passphrase at all.
    QCOMPARE(m_bob->run({QStringLiteral("chats")}).exitCode, int(cli::ProfileLocked));
}

void TstCli::commandsNeedASignedInProfile() {
    const CliRunner nobody(profile(QStringLiteral("nobody")), m_server.wsUrl(), QString());
    QCOMPARE(nobody.run({QStringLiteral("chats")}).exitCode, int(cli::AccountState));
    QVERIFY2(!QFileInfo::exists(profile(QStringLiteral("nobody"))),
             "a command that needs a profile created one");
    QCOMPARE(nobody.run({QStringLiteral("no-such-command")}).exitCode, int(cli::Usage));
    QCOMPARE(
        m_alice->run({QStringLiteral("send"), QStringLiteral("@nosuchuser"), QStringLiteral("hi")})
            .exitCode,
        int(cli::NotFound));

    // Logged out, the profile keeps its history but every command asks for a log-in.
    const CliRunner elsewhere(profile(QStringLiteral("alice-elsewhere")), m_server.wsUrl(),
                              QString());
    QCOMPARE(elsewhere.run({QStringLiteral("logout")}, "another passphrase\n").exitCode,
             int(cli::Ok));
    QCOMPARE(elsewhere.run({QStringLiteral("chats")}, "another passphrase\n").exitCode,
             int(cli::AccountState));
}

void TstCli::uploadStoresTheFileOnTheServer() {
    // Two parts and a bit (the part is 1 MiB): progress lines, then the file id.
    QByteArray data(2 * 1024 * 1024 + 12345, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char((i * 7919) >> 3);
    const QString path = m_dir.filePath(QStringLiteral("photo.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), data.size());
    file.close();

    const CliResult r = m_alice->run({QStringLiteral("--json"), QStringLiteral("upload"), path});
    QCOMPARE(r.exitCode, int(cli::Ok));
    const QList<QJsonObject> lines = r.jsonLines();
    QVERIFY(lines.size() >= 2);
    const QJsonObject &done = lines.last();
    QCOMPARE(done[L("state")].toString(), QStringLiteral("done"));
    QCOMPARE(done[L("file")].toString(), QStringLiteral("photo.bin"));
    QCOMPARE(done[L("bytesDone")].toInteger(), data.size());
    QVERIFY(!done[L("fileId")].toString().isEmpty());
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        QVERIFY(lines[i][L("bytesDone")].toInteger() <= lines[i + 1][L("bytesDone")].toInteger());

    // The server holds exactly these bytes, under their SHA-256.
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QFile blob(m_server.dataDir() + QStringLiteral("/media/blobs/") + sha.left(2) +
               QLatin1Char('/') + sha);
    QVERIFY(blob.open(QIODevice::ReadOnly));
    QCOMPARE(blob.readAll(), data);

    const CliResult missing =
        m_alice->run({QStringLiteral("upload"), m_dir.filePath(QStringLiteral("no-such-file"))});
    QCOMPARE(missing.exitCode, int(cli::NotFound));

    // download: "Save as" writes the plaintext where asked; the profile's cache holds it
    // encrypted (0600 in a 0700 folder), never in plain.
    const QString fileId = done[L("fileId")].toString();
    m_fileId = fileId;
    m_fileBytes = data;
    const QString saved = m_dir.filePath(QStringLiteral("saved.bin"));
    const CliResult got =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("download"), fileId, saved});
    QCOMPARE(got.exitCode, int(cli::Ok));
    const QList<QJsonObject> gotLines = got.jsonLines();
    QVERIFY(!gotLines.isEmpty());
    QCOMPARE(gotLines.last()[L("state")].toString(), QStringLiteral("saved"));
    QFile savedFile(saved);
    QVERIFY(savedFile.open(QIODevice::ReadOnly));
    QCOMPARE(savedFile.readAll(), data);
    const QString cacheDir = profile(QStringLiteral("alice")) + QStringLiteral("/media-cache");
    QCOMPARE(modeOf(cacheDir), 0700);
    const QFileInfoList cached = QDir(cacheDir).entryInfoList(QDir::Files);
    QCOMPARE(cached.size(), 1);
    QCOMPARE(modeOf(cached.first().filePath()), 0600);
    QFile cacheFile(cached.first().filePath());
    QVERIFY(cacheFile.open(QIODevice::ReadOnly));
    QVERIFY(!cacheFile.readAll().contains(data.mid(4096, 64)));
    // Bob was never sent the file: no such file for him (exit 8), nothing written.
    const QString bobs = m_dir.filePath(QStringLiteral("bobs.bin"));
    const CliResult refused =
        m_bob->run({QStringLiteral("download"), fileId, bobs}, "bob's profile passphrase\n");
    QCOMPARE(refused.exitCode, int(cli::NotFound));
    QVERIFY(!QFile::exists(bobs));
}

namespace {

//! `part`'s bytes in the JSON lines of `storage` (-1 when missing).
qint64 partBytes(const QList<QJsonObject> &lines, const QString &part) {
    for (const QJsonObject &line : lines)
        if (line[L("part")].toString() == part)
            return line[L("bytes")].toInteger();
    return -1;
}

} // namespace

// `storage` counts the downloaded file's cache file to the byte; `clear-cache` deletes it and
// nothing else (the database stays: the next run opens the profile), and a later download
// fetches it again with the same bytes.
void TstCli::storageCountsAndClearCacheDeletesTheCachedFile() {
    QVERIFY(!m_fileId.isEmpty());
    const QString cacheDir = profile(QStringLiteral("alice")) + QStringLiteral("/media-cache");
    const QFileInfoList cached = QDir(cacheDir).entryInfoList(QDir::Files);
    QCOMPARE(cached.size(), 1);
    const qint64 cacheBytes = cached.first().size();

    const CliResult usage = m_alice->run({QStringLiteral("--json"), QStringLiteral("storage")});
    QCOMPARE(usage.exitCode, int(cli::Ok));
    QCOMPARE(partBytes(usage.jsonLines(), QStringLiteral("files")), cacheBytes);
    QCOMPARE(partBytes(usage.jsonLines(), QStringLiteral("photos")), 0);
    const qint64 database = partBytes(usage.jsonLines(), QStringLiteral("database"));
    QVERIFY(database >= QFileInfo(profile(QStringLiteral("alice")) + "/history.db").size());
    QVERIFY(database > 0);

    const CliResult cleared =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("clear-cache")});
    QCOMPARE(cleared.exitCode, int(cli::Ok));
    const QList<QJsonObject> lines = cleared.jsonLines();
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.first()[L("clearedFiles")].toInt(), 1);
    QCOMPARE(lines.first()[L("clearedBytes")].toInteger(), cacheBytes);
    QCOMPARE(partBytes(lines, QStringLiteral("files")), 0);
    QVERIFY(QDir(cacheDir).entryList(QDir::Files).isEmpty());
    QVERIFY(QFile::exists(profile(QStringLiteral("alice")) + "/history.db"));

    const QString again = m_dir.filePath(QStringLiteral("again.bin"));
    const CliResult got = m_alice->run({QStringLiteral("download"), m_fileId, again});
    QCOMPARE(got.exitCode, int(cli::Ok));
    QFile file(again);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), m_fileBytes);
}

void TstCli::profileIsPrivate() {
    for (const QString &name : {QStringLiteral("alice"), QStringLiteral("bob")}) {
        QCOMPARE(modeOf(profile(name)), 0700);
        const QFileInfoList files = QDir(profile(name)).entryInfoList(QDir::Files | QDir::Hidden);
        QVERIFY(files.size() >= 2); // history.db and key.wrapped at least
        for (const QFileInfo &f : files) {
            QCOMPARE(modeOf(f.filePath()), 0600);
        }
    }
    QVERIFY(QFileInfo::exists(
        QDir(profile(QStringLiteral("bob"))).filePath(QStringLiteral("key.wrapped"))));
}

void TstCli::proxyOptionTunnelsTheRun() {
    if (RealProxy::binaryFor(RealProxy::Kind::Socks5).isEmpty())
        QSKIP("microsocks is not installed (scripts/install-deps.sh)");
    const QByteArray secret = "the proxy's secret";
    RealProxy proxy(RealProxy::Kind::Socks5, QStringLiteral("msgr"), QString::fromUtf8(secret));
    QVERIFY2(proxy.start(), qPrintable(proxy.error()));
    const QString url = QStringLiteral("socks5://msgr@127.0.0.1:%1").arg(proxy.port());

    // A password on the command line is refused (anyone on the machine can read it), and so
    // is a port out of range.
    const CliResult inline_ =
        m_alice->run({QStringLiteral("--proxy"), QStringLiteral("socks5://msgr:pw@127.0.0.1:1080"),
                      QStringLiteral("chats")});
    QCOMPARE(inline_.exitCode, int(cli::Usage));
    QVERIFY(inline_.err.contains("MSGR_PROXY_PASSWORD"));
    QCOMPARE(m_alice
                 ->run({QStringLiteral("--proxy"), QStringLiteral("http://127.0.0.1:70000"),
                        QStringLiteral("chats")})
                 .exitCode,
             int(cli::Usage));

    // The wrong password: the run says the proxy refused it, and no tunnel was opened.
    qputenv("MSGR_PROXY_PASSWORD", "not the password");
    const CliResult refused =
        m_alice->run({QStringLiteral("--timeout"), QStringLiteral("5"), QStringLiteral("--proxy"),
                      url, QStringLiteral("receive"), QStringLiteral("--once")});
    QCOMPARE(refused.exitCode, int(cli::Unreachable));
    QVERIFY2(refused.err.contains("The proxy refused the user name or password"),
             refused.err.constData());
    QCOMPARE(proxy.connectionsTo(m_server.wsPort()), 0);

    // The right one: the message goes, through the proxy (its log has the tunnel).
    qputenv("MSGR_PROXY_PASSWORD", secret);
    const CliResult sent = m_alice->run({QStringLiteral("--proxy"), url, QStringLiteral("send"),
                                         QStringLiteral("@bob"), QStringLiteral("via SOCKS5")});
    qunsetenv("MSGR_PROXY_PASSWORD");
    QCOMPARE(sent.exitCode, int(cli::Ok));
    QVERIFY2(proxy.connectionsTo(m_server.wsPort()) >= 1, qPrintable(proxy.log()));
}

// change-passphrase (issue 11): the same profile opens with the new passphrase and no longer
// with the old one; its key file stays 0600; a too short new passphrase changes nothing.
void TstCli::changePassphraseKeepsTheProfile() {
    const QString keyFile = profile(QStringLiteral("alice")) + QStringLiteral("/key.wrapped");
    const auto keyBytes = [&] {
        QFile f(keyFile);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray before = keyBytes();
    QVERIFY(!before.isEmpty());
    const QString shortFile =
        writeSecretFile(m_dir.filePath(QStringLiteral("short.phrase")), "short");
    const CliResult refused = m_alice->run(
        {QStringLiteral("--new-passphrase-file"), shortFile, QStringLiteral("change-passphrase")});
    QCOMPARE(refused.exitCode, int(cli::Failure));
    QCOMPARE(keyBytes(), before);

    const QString newFile = writeSecretFile(m_dir.filePath(QStringLiteral("alice.new.phrase")),
                                            "alice's new profile passphrase");
    const CliResult changed =
        m_alice->run({QStringLiteral("--json"), QStringLiteral("--new-passphrase-file"), newFile,
                      QStringLiteral("change-passphrase")});
    QCOMPARE(changed.exitCode, int(cli::Ok));
    QCOMPARE(changed.jsonLines().size(), 1);
    QVERIFY(changed.jsonLines().first()[L("passphraseChanged")].toBool());
    QCOMPARE(modeOf(keyFile), 0600);
    QVERIFY(keyBytes() != before);

    // The old passphrase no longer opens it; the new one opens the same history.
    QCOMPARE(m_alice->run({QStringLiteral("chats")}).exitCode, int(cli::ProfileLocked));
    const CliRunner renewed(profile(QStringLiteral("alice")), m_server.wsUrl(), newFile);
    const CliResult chats = renewed.run({QStringLiteral("--json"), QStringLiteral("chats")});
    QCOMPARE(chats.exitCode, int(cli::Ok));
    QVERIFY(!chats.jsonLines().isEmpty());
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
