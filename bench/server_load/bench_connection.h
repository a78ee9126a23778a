#pragma once
//! One asynchronous protocol connection of the load generator: hello, one auth call, then
//! paced messages.send with a window, recording send-to-receive latency of what it receives.
//! Lives on (and must only be used from) the thread of its LoadWorker.
#include <QCborMap>
#include <QHash>
#include <QList>
#include <QObject>
#include <QWebSocket>
#include <functional>

namespace msgr::bench {

//! Shared counters, written from every worker thread.
struct LoadCounters;

class BenchConnection : public QObject {
    Q_OBJECT
public:
    enum class Auth { SignUp, Resume };

    BenchConnection(LoadCounters &counters, QObject *parent);

    //! Opens the socket; after welcome sends auth.signUp(username) or auth.resume(token).
    void start(const QUrl &url, Auth auth, const QString &usernameOrToken);
    //! Sends chats.openPrivate for each peer (counted in LoadCounters::chatsOpened).
    void openChats(const QList<qint64> &peerUserIds);
    //! Sends `count` messages to random chats of this connection, at most `window` in flight,
    //! paced by the limits the server advertised.
    void sendMessages(int count, int window);
    //! Called by the worker's timer: refills the request bucket and sends what it may.
    void pump(qint64 nowMs);

    qint64 userId() const { return m_userId; }
    QString token() const { return m_token; }
    bool isReady() const { return m_userId != 0; }
    QList<qint64> takeLatenciesUs() { return std::exchange(m_latenciesUs, {}); }

signals:
    void authenticated();
    void failed();

private:
    void onBinary(const QByteArray &bytes);
    qint64 request(QLatin1StringView method, const QCborMap &args,
                   std::function<void(const QCborMap &)> onResult);
    void sendOne(qint64 randomId, const QString &text, qint64 chatId);

    LoadCounters &m_counters;
    QWebSocket m_socket;
    Auth m_auth = Auth::SignUp;
    QString m_credential;
    qint64 m_userId = 0;
    QString m_token;
    QList<qint64> m_chatIds;
    qint64 m_nextId = 0;
    QHash<qint64, std::function<void(const QCborMap &)>> m_pending;
    QHash<qint64, QCborMap> m_sendArgs; // request id -> args, to retry after FLOOD_WAIT
    QList<QCborMap> m_retry;
    QList<qint64> m_latenciesUs;
    // Client-side pacing by the advertised limits, so the run measures the server rather than
    // the rate limiter's rejections.
    double m_tokens = 0;
    double m_refillPerMs = 0.05;
    double m_burst = 100;
    qint64 m_lastRefillMs = 0;
    int m_toSend = 0;
    int m_window = 8;
    int m_inFlight = 0;
};

} // namespace msgr::bench
