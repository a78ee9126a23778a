// Fills a running msgr-server with a small, believable account for screenshots: alice, bob and
// carol, two private chats and a few messages each way, a reply quoting a message and a pinned
// message (the chat view's quote and pinned bar). Usage: msgr-screenshot-seed ws://HOST:PORT
// The password of every account is "screenshot-pass".
#include "tests/support/test_client.h"

#include <QCborArray>
#include <QCborMap>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTextStream>
#include <QUrl>

namespace {

const QString kPassword = QStringLiteral("screenshot-pass");

void report(const TestClient &client, const char *method) {
    if (client.lastError())
        QTextStream(stderr) << "seed: " << method << " failed: " << client.lastErrorName() << "\n";
}

// Returns the new user's id, 0 on failure.
qint64 signUp(TestClient &client, const QUrl &url, const QString &username,
              const QString &displayName) {
    if (!client.connectTo(url))
        return 0;
    QCborMap args;
    args.insert(QStringLiteral("username"), username);
    args.insert(QStringLiteral("password"), kPassword);
    args.insert(QStringLiteral("deviceName"), QStringLiteral("Seed script"));
    args.insert(QStringLiteral("displayName"), displayName);
    const QCborMap result = client.call(QLatin1StringView("auth.signUp"), args);
    report(client, "auth.signUp");
    return result.value(QStringLiteral("userId")).toInteger();
}

qint64 openChat(TestClient &client, qint64 peerId) {
    QCborMap args;
    args.insert(QStringLiteral("userId"), peerId);
    const QCborMap result = client.call(QLatin1StringView("chats.openPrivate"), args);
    report(client, "chats.openPrivate");
    return result.value(QStringLiteral("chat")).toMap().value(QStringLiteral("id")).toInteger();
}

// `replyToId`: the message it answers (docs/protocol.md §19); 0: none.
qint64 send(TestClient &client, qint64 chatId, const QString &text, qint64 replyToId = 0) {
    QCborMap args;
    if (replyToId != 0)
        args.insert(QStringLiteral("replyToId"), replyToId);
    args.insert(QStringLiteral("chatId"), chatId);
    args.insert(QStringLiteral("randomId"),
                qint64(QRandomGenerator::global()->bounded(1, 1 << 30)));
    args.insert(QStringLiteral("text"), text);
    const QCborMap result = client.call(QLatin1StringView("messages.send"), args);
    report(client, "messages.send");
    return result.value(QStringLiteral("message")).toMap().value(QStringLiteral("id")).toInteger();
}

void pin(TestClient &client, qint64 chatId, qint64 messageId) {
    QCborMap args;
    args.insert(QStringLiteral("chatId"), chatId);
    args.insert(QStringLiteral("messageId"), messageId);
    args.insert(QStringLiteral("pinned"), true);
    client.call(QLatin1StringView("messages.pin"), args);
    report(client, "messages.pin");
}

void mark(TestClient &client, QLatin1StringView method, qint64 chatId, qint64 maxId) {
    QCborMap args;
    args.insert(QStringLiteral("chatId"), chatId);
    args.insert(QStringLiteral("maxId"), maxId);
    client.call(method, args);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    if (argc != 2) {
        err << "usage: msgr-screenshot-seed ws://HOST:PORT\n";
        return 2;
    }
    const QUrl url(QString::fromLocal8Bit(argv[1]));
    TestClient alice;
    TestClient bob;
    TestClient carol;
    const qint64 aliceId =
        signUp(alice, url, QStringLiteral("alice"), QStringLiteral("Alice Archer"));
    const qint64 bobId = signUp(bob, url, QStringLiteral("bob"), QStringLiteral("Bob Builder"));
    const qint64 carolId =
        signUp(carol, url, QStringLiteral("carol"), QStringLiteral("Carol Chen"));
    if (aliceId == 0 || bobId == 0 || carolId == 0) {
        err << "seed: sign-up failed\n";
        return 1;
    }

    const qint64 withCarol = openChat(carol, aliceId);
    send(carol, withCarol, QStringLiteral("Are we still on for Friday?"));
    const qint64 aliceToCarol =
        send(alice, withCarol, QStringLiteral("Yes! 7 pm at the usual place."));
    mark(carol, QLatin1StringView("messages.received"), withCarol, aliceToCarol);
    mark(carol, QLatin1StringView("messages.read"), withCarol, aliceToCarol);

    const qint64 withBob = openChat(bob, aliceId);
    send(bob, withBob, QStringLiteral("Hi Alice! Did you get the plans I sent yesterday?"));
    send(alice, withBob, QStringLiteral("Got them, thanks. The second floor layout looks great."));
    const qint64 question =
        send(alice, withBob,
             QStringLiteral("One question: can the kitchen window move half a metre to the left? "
                            "It would line up with the garden path and get the morning sun."));
    const qint64 bobReply =
        send(bob, withBob, QStringLiteral("Should be possible. I'll check with the engineer."),
             question);
    mark(alice, QLatin1StringView("messages.received"), withBob, bobReply);
    mark(alice, QLatin1StringView("messages.read"), withBob, bobReply);
    const qint64 lastOwn = send(alice, withBob, QStringLiteral("Perfect, thank you!"));
    mark(bob, QLatin1StringView("messages.received"), withBob, lastOwn);
    const qint64 tiles =
        send(bob, withBob, QStringLiteral("Also, the roof tiles arrive on Monday."));
    pin(bob, withBob, tiles);
    send(bob, withBob, QStringLiteral("See you tomorrow!"));

    // What a fresh login of alice will find: a quick check that the seed reached the server.
    TestClient check;
    if (check.connectTo(url)) {
        const QCborMap login = check.logIn(QStringLiteral("alice"), kPassword);
        const QCborMap chats = check.call(QLatin1StringView("chats.list"));
        err << "seed: alice sees " << chats.value(QStringLiteral("chats")).toArray().size()
            << " chats, pts " << login.value(QStringLiteral("pts")).toInteger() << "\n";
    }
    err << "seed: alice, bob and carol are ready\n";
    return 0;
}
