#include "bench/server_load/load_worker.h"

#include "bench/server_load/bench_connection.h"

#include <QDateTime>
#include <QTimer>

namespace msgr::bench {
namespace {
constexpr int kTickMs = 2;
} // namespace

LoadWorker::LoadWorker(LoadCounters &counters) : m_counters(counters) {}

void LoadWorker::signUpUsers(const QUrl &url, const QStringList &usernames) {
    for (const QString &name : usernames) {
        auto *c = new BenchConnection(m_counters, this);
        m_users.append(c);
        c->start(url, BenchConnection::Auth::SignUp, name);
    }
}

void LoadWorker::openChats(const QList<qint64> &allUserIds, int chatsPerUser) {
    for (BenchConnection *c : m_users) {
        const qsizetype self = allUserIds.indexOf(c->userId());
        QList<qint64> peers;
        for (int k = 1; k <= chatsPerUser && k < allUserIds.size(); ++k)
            peers.append(allUserIds.at((self + k) % allUserIds.size()));
        c->openChats(peers);
    }
}

void LoadWorker::sendMessages(int perConnection, int window) {
    for (BenchConnection *c : m_users)
        c->sendMessages(perConnection, window);
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        connect(m_timer, &QTimer::timeout, this, &LoadWorker::tick);
        m_timer->start(kTickMs);
    }
}

void LoadWorker::stopSending() {
    delete m_timer;
    m_timer = nullptr;
}

void LoadWorker::tick() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (BenchConnection *c : m_users)
        c->pump(now);
}

void LoadWorker::openIdle(const QUrl &url, const QStringList &tokens, int count, int concurrency) {
    m_idleUrl = url;
    m_idleTokens = tokens;
    m_idleToOpen += count;
    m_idleConcurrency = concurrency;
    openMoreIdle();
}

void LoadWorker::openMoreIdle() {
    while (m_idleToOpen > 0 && m_idleInProgress < m_idleConcurrency) {
        auto *c = new BenchConnection(m_counters, this);
        auto finished = [this] {
            --m_idleInProgress;
            openMoreIdle();
        };
        connect(c, &BenchConnection::authenticated, this, finished);
        connect(c, &BenchConnection::failed, this, finished);
        m_idle.append(c);
        c->start(m_idleUrl, BenchConnection::Auth::Resume,
                 m_idleTokens.at(int(m_idle.size() % m_idleTokens.size())));
        --m_idleToOpen;
        ++m_idleInProgress;
    }
}

QList<qint64> LoadWorker::userIds() const {
    QList<qint64> ids;
    for (BenchConnection *c : m_users)
        ids.append(c->userId());
    return ids;
}

QStringList LoadWorker::tokens() const {
    QStringList out;
    for (BenchConnection *c : m_users)
        out.append(c->token());
    return out;
}

QList<qint64> LoadWorker::takeLatenciesUs() {
    QList<qint64> all;
    for (BenchConnection *c : m_users)
        all += c->takeLatenciesUs();
    return all;
}

} // namespace msgr::bench
