#pragma once
//! A thread's share of the load generator's connections. Every slot runs on the worker's own
//! thread (call them through queued invocations); counters are shared atomics.
#include <QList>
#include <QObject>
#include <QUrl>
#include <atomic>

class QTimer;

namespace msgr::bench {

class BenchConnection;

struct LoadCounters {
    std::atomic<qint64> authenticated{0};
    std::atomic<qint64> authFailed{0};
    std::atomic<qint64> chatsOpened{0};
    std::atomic<qint64> sent{0}; // acknowledged messages.send
    std::atomic<qint64> floodWaits{0};
    std::atomic<qint64> errors{0};   // any other err
    std::atomic<qint64> received{0}; // newMessage from another user
    std::atomic<qint64> closed{0};
};

class LoadWorker : public QObject {
    Q_OBJECT
public:
    explicit LoadWorker(LoadCounters &counters);

public slots:
    void signUpUsers(const QUrl &url, const QStringList &usernames);
    void openChats(const QList<qint64> &allUserIds, int chatsPerUser);
    void sendMessages(int perConnection, int window);
    //! Stops the pacing timer: idle phases must not wake every thread every few ms.
    void stopSending();
    //! Opens `count` more connections, each sending hello then auth.resume with one of tokens,
    //! at most `concurrency` handshakes at a time.
    void openIdle(const QUrl &url, const QStringList &tokens, int count, int concurrency);

public:
    // Thread-safe only through Qt::BlockingQueuedConnection, i.e. on the worker's thread.
    QList<qint64> userIds() const;
    QStringList tokens() const;
    QList<qint64> takeLatenciesUs();

private:
    void tick();
    void openMoreIdle();

    LoadCounters &m_counters;
    QList<BenchConnection *> m_users;
    QList<BenchConnection *> m_idle;
    QTimer *m_timer = nullptr;
    QUrl m_idleUrl;
    QStringList m_idleTokens;
    int m_idleToOpen = 0;
    int m_idleConcurrency = 0;
    int m_idleInProgress = 0; // handshakes started and not yet finished either way
};

} // namespace msgr::bench
