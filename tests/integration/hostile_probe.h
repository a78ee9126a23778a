#pragma once
//! After each hostile case: is the server still serving, and within its memory bound?
//! A fresh client authenticates (by token, by password, or as a new account), opens its chat
//! with a long-lived "watcher" account and sends a message; a fresh connection of the watcher
//! receives it live. The server's memory is its VmRSS from /proc/<pid>/status. Main thread
//! only.
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QHostAddress>
#include <QString>
#include <memory>
#include <optional>

namespace msgr::test::hostile {

//! VmRSS of a process in bytes; -1 when /proc cannot tell.
qint64 residentBytes(qint64 pid);

//! The value of one sample of the server's /metrics (an exact name with labels, e.g.
//! `msgr_slow_consumers_dropped_total`), read over raw HTTP from `from`; -1 if absent.
qint64 metricValue(quint16 port, const QByteArray &sample,
                   const QHostAddress &from = QHostAddress(QHostAddress::LocalHost));

//! A client that signed up, retrying FLOOD_WAIT for at most `patienceMs` (a sign-up throttle
//! is allowed to slow a new user down, not to refuse it for good); nullptr on failure with
//! the reason in *why.
std::unique_ptr<TestClient> signedUpClient(const ServerProcess &server, const QString &user,
                                           const QString &password, QString *why,
                                           int patienceMs = 20'000);

//! Two users who signed up (signedUpClient) and the private chat the first opened with the
//! second; nullopt on failure with the reason in *why.
struct TwoUsersInAChat {
    std::unique_ptr<TestClient> first;
    std::unique_ptr<TestClient> second;
    qint64 chatId = 0;
};
std::optional<TwoUsersInAChat> twoUsersInAChat(const ServerProcess &server, const QString &first,
                                               const QString &second, const QString &password,
                                               QString *why);

//! client.call(), retried after FLOOD_WAIT's retryAfterMs for at most `patienceMs` (a client
//! that just flooded may have to wait for its bucket before it can check anything).
QCborMap callPatiently(TestClient &client, QLatin1StringView method, const QCborMap &args,
                       int patienceMs = 15'000);
//! The same with a protocol::api request and its typed answer.
template <typename Req>
requires requires {
    Req::method;
}
protocol::api::Reply<typename Req::Result> callPatiently(TestClient &client, const Req &request,
                                                         int patienceMs = 15'000) {
    const QCborMap result = callPatiently(client, Req::method, request.toCbor(), patienceMs);
    return TestClient::typedReply<typename Req::Result>(result, client.lastError());
}

//! Waits until every request id has an answer; false when the connection closed first or the
//! time ran out.
bool waitAllAnswered(TestClient &client, const QList<qint64> &ids, int timeoutMs);

class ServerProbe {
public:
    explicit ServerProbe(ServerProcess &server) : m_server(server) {}

    //! Creates the watcher and the prober accounts. Call once after the server started.
    bool setUp();
    //! How the probe's fresh connection authenticates. A password costs an Argon2id hash
    //! (~0.1 s) and sign-ups are rate-limited per address, so most rounds resume a token.
    enum class Auth { Resume, LogIn, SignUp };
    //! The whole round: a fresh connection authenticates as the prober (or a new account),
    //! opens its chat with the watcher and sends; the watcher receives it live. Empty when it
    //! worked, otherwise what failed.
    QString serves(Auth auth = Auth::Resume);
    //! A client resumed as the watcher (a fresh connection; no password hashing).
    std::unique_ptr<TestClient> watcher();
    qint64 watcherId() const { return m_watcherId; }
    const QString &watcherToken() const { return m_watcherToken; }
    qint64 rss() const { return residentBytes(m_server.pid()); }

private:
    ServerProcess &m_server;
    QString m_watcherToken;
    QString m_proberToken;
    qint64 m_watcherId = 0;
    int m_round = 0;
    int m_signUps = 0;
};

} // namespace msgr::test::hostile
