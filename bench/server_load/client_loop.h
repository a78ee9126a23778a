#pragma once
//! One client thread of the load generator: an epoll loop that owns a share of the simulated
//! users, their timers and the pacing of their messages. The main thread drives it with
//! post(); everything else runs on the loop's own thread.
#include "bench/server_load/bench_user.h"
#include "bench/server_load/load_counters.h"

#include <QByteArray>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <queue>
#include <thread>
#include <vector>

namespace msgr::bench {

struct LoopConfig {
    sockaddr_in server{};
    QByteArray hostHeader; // "127.0.0.1:port"
    //! Connections per loopback source address (the server caps connections per address);
    //! 0: the system picks the source (127.0.0.1).
    int connectionsPerSource = 0;
    //! Called on the loop's thread for every account created; must be thread-safe.
    std::function<void(const QString &username, qint64 userId, const QString &token)> onSignedUp;
};

struct UserSpec {
    int globalIndex = 0;
    QString credential; // username (sign-up) or token (resume)
};

struct PhaseConfig {
    Phase phase = Phase::None;
    double ratePerSecond = 0; // this loop's share of the offered rate; 0: saturation
    int inFlight = 1;         // saturation, ping: this loop's requests in flight at once
    int textBytes = 100;
    qint64 startUs = 0; // monotonicUs()
    qint64 endUs = 0;   // no new message after this
};

class ClientLoop {
public:
    explicit ClientLoop(LoopConfig config);
    ~ClientLoop(); // stops and joins the thread
    ClientLoop(const ClientLoop &) = delete;
    ClientLoop &operator=(const ClientLoop &) = delete;

    const LoopCounters &counters() const { return m_counters; }

    //! Runs `task` on the loop's thread. Thread-safe.
    void post(std::function<void()> task);
    //! Runs `task` on the loop's thread and waits for its result. Not from the loop's thread.
    template <typename T> T call(std::function<T()> task) {
        std::promise<T> promise;
        std::future<T> result = promise.get_future();
        post([&] { promise.set_value(task()); });
        return result.get();
    }

    // --- Commands: run them on the loop's thread (post / call). ---
    //! Creates users and authenticates them, at most `concurrency` handshakes at a time.
    void authenticate(const std::vector<UserSpec> &users, BenchUser::AuthMode mode,
                      int concurrency);
    //! Each user opens private chats with the next `chatsPerUser` users (by global index).
    void openChats(const std::vector<qint64> &userIdByGlobalIndex, int chatsPerUser);
    void startPhase(const PhaseConfig &config);
    //! Closes and destroys every user (pending timers die with them).
    void closeAll();
    std::vector<qint64> takeLatenciesUs(Phase phase);
    //! Users authenticated so far: (global index, user id).
    std::vector<std::pair<int, qint64>> userIds() const;

    // --- For BenchUser (the loop's thread). ---
    int epollFd() const { return m_epollFd; }
    LoopCounters &mutableCounters() { return m_counters; }
    const sockaddr_in &serverAddress() const { return m_config.server; }
    const QByteArray &hostHeader() const { return m_config.hostHeader; }
    in_addr sourceFor(int globalIndex) const;
    void after(qint64 delayUs, std::function<void()> task);
    void onAuthFinished(BenchUser &user);
    void onSendAnswered();
    //! Sends that will never be answered (their connection closed).
    void onSendsLost(int count);
    void onDelivered(Phase phase, qint64 latencyUs, qint64 nowUs);
    qint64 nextRandomId();
    bool closing() const { return m_closing; }
    //! Prints the first few messages of each kind, then counts the rest.
    static void warnLimited(const char *kind, const QString &text);

private:
    struct Timer {
        qint64 dueUs;
        quint64 sequence;
        std::function<void()> task;
        bool operator>(const Timer &other) const {
            return dueUs != other.dueUs ? dueUs > other.dueUs : sequence > other.sequence;
        }
    };

    void run();
    void runPosted();
    void runTimers(qint64 nowUs);
    void pumpRate(qint64 nowUs);
    //! Saturation and Ping keep a number of requests in flight (sent as others are answered).
    bool closedLoop() const {
        return m_phase.phase == Phase::Saturation || m_phase.phase == Phase::Ping;
    }
    void pumpSaturation();
    BenchUser *nextSender(qint64 nowUs);
    void startMoreAuth();
    int waitTimeoutMs(qint64 nowUs) const;

    LoopConfig m_config;
    LoopCounters m_counters;
    int m_epollFd = -1;
    int m_wakeFd = -1; // eventfd: post() wakes epoll_wait
    std::mutex m_postMutex;
    std::deque<std::function<void()>> m_posted;
    bool m_stop = false; // set by a posted task
    std::thread m_thread;

    std::vector<std::unique_ptr<BenchUser>> m_users;
    std::deque<BenchUser *> m_authQueue;
    int m_authInProgress = 0;
    int m_authConcurrency = 1;
    bool m_closing = false;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    quint64 m_timerSequence = 0;
    PhaseConfig m_phase;
    qint64 m_rateScheduled = 0; // messages the rate phase has sent so far
    int m_outstanding = 0;      // messages of the phase sent and not yet answered (or retrying)
    bool m_saturationRetryPending = false;
    std::size_t m_cursor = 0; // round robin over m_users
    std::array<std::vector<qint64>, kPhaseCount> m_latenciesUs;
    quint64 m_randomState;
};

} // namespace msgr::bench
