// The catalogue's log-in and sign-up abuse (docs/protocol.md §1): guesses end in FLOOD_WAIT,
// floods of pipelined sign-ups or log-ins are answered in full (no hang), and a refused sign-up
// leaves no account.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "tests/integration/hostile_catalogue.h"

#include <QCborArray>
#include <QTest>

namespace msgr::test::hostile {
namespace {
namespace api = msgr::protocol::api;
namespace proto = msgr::protocol;

enum AuthAbuse : int {
    AuthWrongPasswords,
    AuthUnknownAccount,
    AuthSignUpFlood,
    AuthLogInFlood,
};
constexpr int kMaxGuesses = 40;
constexpr int kSignUpFlood = 150;
constexpr int kLogInFlood = 150;
constexpr int kFloodAnswersMs = 120'000;
} // namespace

bool HostileCatalogue::setUpAuthAbuse() {
    m_auth = startTarget({});
    if (!m_auth)
        return false;
    QString why;
    auto victim =
        signedUpClient(m_auth->server, QStringLiteral("victim"), kCataloguePassword, &why);
    m_authWatcherToken = m_auth->probe.watcherToken();
    return victim != nullptr;
}

void HostileCatalogue::authAbuse_data() {
    QTest::addColumn<int>("action");
    QTest::newRow("auth: wrong passwords for one account get FLOOD_WAIT")
        << int(AuthWrongPasswords);
    QTest::newRow("auth: guesses at an unknown account get FLOOD_WAIT") << int(AuthUnknownAccount);
    QTest::newRow("auth: 150 pipelined sign-ups get FLOOD_WAIT, not a hang")
        << int(AuthSignUpFlood);
    QTest::newRow("auth: 150 pipelined wrong log-ins get FLOOD_WAIT, not a hang")
        << int(AuthLogInFlood);
}

void HostileCatalogue::authAbuse() {
    QFETCH(int, action);
    if (!m_auth)
        QVERIFY2(setUpAuthAbuse(), "cannot set up the log-in abuse server");
    authAbuseRow(action);
    if (QTest::currentTestFailed())
        return;
    const QString health = stillServing(*m_auth);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

void HostileCatalogue::authAbuseRow(int action) {
    Target &target = *m_auth;
    TestClient client;
    QVERIFY(client.connectTo(target.server.wsUrl()));
    const auto wrongLogIn = [](const QString &user, int guess) {
        return api::LogIn{user, QStringLiteral("wrong guess %1").arg(guess),
                          QStringLiteral("guesser")};
    };

    if (action == AuthWrongPasswords || action == AuthUnknownAccount) {
        const QString user =
            action == AuthWrongPasswords ? QStringLiteral("victim") : QStringLiteral("nosuchuser");
        QStringList codes;
        qint64 retryAfterMs = 0;
        for (int guess = 0; guess < kMaxGuesses && retryAfterMs == 0; ++guess) {
            client.call(wrongLogIn(user, guess));
            codes << client.lastErrorName();
            if (client.lastError() && client.lastError()->code == proto::ErrorCode::FloodWait)
                retryAfterMs = client.lastError()->retryAfterMs;
        }
        QVERIFY2(retryAfterMs > 0, qPrintable(QStringLiteral("no FLOOD_WAIT in %1 guesses: %2")
                                                  .arg(kMaxGuesses)
                                                  .arg(codes.join(u','))));
        QCOMPARE(codes.first(), QStringLiteral("AUTH_FAILED"));
        for (qsizetype i = 0; i + 1 < codes.size(); ++i)
            QCOMPARE(codes[i], QStringLiteral("AUTH_FAILED"));
        QVERIFY(client.isConnected());
        return;
    }

    // A flood of pipelined sign-ups or log-ins on one connection: every one is answered
    // (no hang), some with FLOOD_WAIT, and only the accepted sign-ups exist afterwards.
    const int count = action == AuthSignUpFlood ? kSignUpFlood : kLogInFlood;
    QList<qint64> ids;
    QStringList names;
    for (int i = 0; i < count; ++i) {
        if (action == AuthSignUpFlood) {
            names << QStringLiteral("flood_%1_z").arg(i);
            ids << client.sendRequest(
                api::SignUp{names.last(), kCataloguePassword, QStringLiteral("flood"), {}});
        } else {
            ids << client.sendRequest(wrongLogIn(QStringLiteral("victim"), i));
        }
    }
    QElapsedTimer since;
    since.start();
    QVERIFY2(waitAllAnswered(client, ids, kFloodAnswersMs) && client.isConnected(),
             "the flood was not answered in full");
    qInfo("%d pipelined requests answered in %lld ms", count, since.elapsed());
    int floodWaits = 0;
    QList<bool> accepted;
    for (qint64 id : ids) {
        const auto error = client.takeError(id);
        accepted << !error;
        if (!error)
            continue;
        if (error->code == proto::ErrorCode::FloodWait) {
            ++floodWaits;
            QVERIFY2(error->retryAfterMs > 0, "FLOOD_WAIT without retryAfterMs");
        } else {
            QCOMPARE(proto::errorCodeName(error->code), action == AuthSignUpFlood
                                                            ? QStringLiteral("(none)")
                                                            : QStringLiteral("AUTH_FAILED"));
        }
    }
    QVERIFY2(floodWaits > 0, "a flood got no FLOOD_WAIT");
    if (action == AuthLogInFlood) {
        QVERIFY2(std::none_of(accepted.cbegin(), accepted.cend(), [](bool a) { return a; }),
                 "a wrong password was accepted");
        return;
    }
    // Nothing half-written: each refused sign-up left no account, each accepted one did.
    auto searcher = resumed(target, m_authWatcherToken);
    QVERIFY(searcher);
    for (qsizetype i = 0; i < names.size(); ++i) {
        const auto found = callPatiently(*searcher, api::SearchUsers{names[i]});
        MSGR_VERIFY_OK(found);
        const QList<protocol::User> &users = found.value->users;
        const bool exists = std::any_of(users.cbegin(), users.cend(), [&](const protocol::User &u) {
            return u.username == names[i];
        });
        QVERIFY2(
            exists == accepted[i],
            qPrintable(
                QStringLiteral("%1: %2 but %3")
                    .arg(names[i],
                         accepted[i] ? QStringLiteral("accepted") : QStringLiteral("refused"),
                         exists ? QStringLiteral("exists") : QStringLiteral("does not exist"))));
    }
}

} // namespace msgr::test::hostile
