#include "bench/server_load/client_loop.h"

#include "bench/server_load/proc_stats.h"

#include <QHash>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <cstdio>
#include <limits>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace msgr::bench {
namespace {
constexpr int kMaxEventsPerWait = 512;
//! Longest sleep when nothing is scheduled: posted tasks wake the loop anyway.
constexpr int kIdleWaitMs = 100;
//! While a rate phase runs the loop wakes at least this often to send what is due.
constexpr int kRateTickMs = 1;
//! Saturation with every user's bucket empty: how soon to look again.
constexpr qint64 kBucketRetryUs = 2'000;
//! Warnings of one kind printed before they are only counted.
constexpr int kWarningsPerKind = 5;
//! The first source address when connections are spread: 127.0.0.1, then .2, .3, ...
constexpr quint32 kFirstSourceAddress = 0x7f000001;

std::mutex g_warnMutex;
QHash<QString, int> g_warnCounts;
} // namespace

ClientLoop::ClientLoop(LoopConfig config)
    : m_config(std::move(config)), m_randomState(QRandomGenerator::global()->generate64() | 1) {
    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epollFd < 0 || m_wakeFd < 0)
        qFatal("bench_server_load: cannot create epoll or eventfd");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = nullptr; // the wake-up descriptor
    if (epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_wakeFd, &event) != 0)
        qFatal("bench_server_load: epoll_ctl on the eventfd failed");
    m_thread = std::thread([this] { run(); });
}

ClientLoop::~ClientLoop() {
    post([this] {
        closeAll();
        m_stop = true;
    });
    m_thread.join();
    ::close(m_wakeFd);
    ::close(m_epollFd);
}

void ClientLoop::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_postMutex);
        m_posted.push_back(std::move(task));
    }
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wakeFd, &one, sizeof one);
}

void ClientLoop::warnLimited(const char *kind, const QString &text) {
    std::lock_guard lock(g_warnMutex);
    const int seen = ++g_warnCounts[QString::fromLatin1(kind)];
    if (seen <= kWarningsPerKind)
        std::fprintf(stderr, "warning: %s\n", qPrintable(text));
    else if (seen == kWarningsPerKind + 1)
        std::fprintf(stderr, "warning: more '%s' warnings are not printed\n", kind);
}

void ClientLoop::run() {
    epoll_event events[kMaxEventsPerWait];
    while (!m_stop) {
        const int n =
            epoll_wait(m_epollFd, events, kMaxEventsPerWait, waitTimeoutMs(monotonicUs()));
        for (int i = 0; i < n; ++i) {
            if (events[i].data.ptr == nullptr) {
                quint64 value = 0;
                [[maybe_unused]] const ssize_t r = ::read(m_wakeFd, &value, sizeof value);
                continue;
            }
            static_cast<WsSocket *>(events[i].data.ptr)->handleEvents(events[i].events);
        }
        runPosted();
        const qint64 now = monotonicUs();
        runTimers(now);
        pumpRate(now);
    }
}

int ClientLoop::waitTimeoutMs(qint64 nowUs) const {
    qint64 waitMs = kIdleWaitMs;
    if (m_phase.phase == Phase::Rate && nowUs < m_phase.endUs)
        waitMs = kRateTickMs;
    if (!m_timers.empty())
        waitMs = qMin(waitMs, qMax<qint64>(0, (m_timers.top().dueUs - nowUs + 999) / 1000));
    return int(waitMs);
}

void ClientLoop::runPosted() {
    std::deque<std::function<void()>> tasks;
    {
        std::lock_guard lock(m_postMutex);
        tasks.swap(m_posted);
    }
    for (auto &task : tasks)
        task();
}

void ClientLoop::runTimers(qint64 nowUs) {
    while (!m_timers.empty() && m_timers.top().dueUs <= nowUs) {
        std::function<void()> task = m_timers.top().task;
        m_timers.pop();
        task();
    }
}

void ClientLoop::after(qint64 delayUs, std::function<void()> task) {
    m_timers.push({monotonicUs() + delayUs, ++m_timerSequence, std::move(task)});
}

in_addr ClientLoop::sourceFor(int globalIndex) const {
    in_addr address{};
    if (m_config.connectionsPerSource <= 0) {
        address.s_addr = htonl(INADDR_ANY);
        return address;
    }
    address.s_addr =
        htonl(kFirstSourceAddress + quint32(globalIndex / m_config.connectionsPerSource));
    return address;
}

qint64 ClientLoop::nextRandomId() {
    // xorshift64; the protocol wants a non-zero 63-bit random id per message.
    m_randomState ^= m_randomState << 13;
    m_randomState ^= m_randomState >> 7;
    m_randomState ^= m_randomState << 17;
    const qint64 id = qint64(m_randomState & std::numeric_limits<qint64>::max());
    return id == 0 ? 1 : id;
}

void ClientLoop::authenticate(const std::vector<UserSpec> &users, BenchUser::AuthMode mode,
                              int concurrency) {
    m_closing = false;
    m_authConcurrency = qMax(1, concurrency);
    for (const UserSpec &spec : users) {
        m_users.push_back(
            std::make_unique<BenchUser>(*this, spec.globalIndex, mode, spec.credential));
        m_authQueue.push_back(m_users.back().get());
    }
    startMoreAuth();
}

void ClientLoop::startMoreAuth() {
    while (m_authInProgress < m_authConcurrency && !m_authQueue.empty()) {
        BenchUser *user = m_authQueue.front();
        m_authQueue.pop_front();
        ++m_authInProgress;
        user->start();
    }
}

void ClientLoop::onAuthFinished(BenchUser &user) {
    --m_authInProgress;
    if (user.authState() == BenchUser::AuthState::Done && !user.newToken().isEmpty() &&
        m_config.onSignedUp)
        m_config.onSignedUp(user.username(), user.userId(), user.newToken());
    startMoreAuth();
}

void ClientLoop::openChats(const std::vector<qint64> &userIdByGlobalIndex, int chatsPerUser) {
    const int total = int(userIdByGlobalIndex.size());
    for (auto &user : m_users) {
        if (user->authState() != BenchUser::AuthState::Done)
            continue;
        QList<qint64> peers;
        for (int k = 1; k <= chatsPerUser && k < total; ++k)
            peers.append(userIdByGlobalIndex.at(std::size_t((user->globalIndex() + k) % total)));
        user->openChats(peers);
    }
}

void ClientLoop::startPhase(const PhaseConfig &config) {
    m_phase = config;
    m_rateScheduled = 0;
    m_outstanding = 0;
    m_latenciesUs[int(config.phase)].clear();
    if (closedLoop())
        after(qMax<qint64>(0, config.startUs - monotonicUs()), [this] { pumpSaturation(); });
}

BenchUser *ClientLoop::nextSender(qint64 nowUs) {
    // Round robin over the users; one whose bucket is empty is skipped this time.
    for (std::size_t tries = 0; tries < m_users.size(); ++tries) {
        BenchUser *candidate = m_users[m_cursor].get();
        m_cursor = (m_cursor + 1) % m_users.size();
        if (candidate->canSend() && candidate->takeRequestToken(nowUs))
            return candidate;
    }
    return nullptr;
}

void ClientLoop::pumpRate(qint64 nowUs) {
    // Nothing after the end, not even a shortfall: the offered rate is what was sent.
    if (m_phase.phase != Phase::Rate || nowUs < m_phase.startUs || nowUs >= m_phase.endUs ||
        m_users.empty())
        return;
    const auto due = qint64(double(nowUs - m_phase.startUs) * m_phase.ratePerSecond / 1e6);
    while (m_rateScheduled < due) {
        BenchUser *sender = nextSender(nowUs);
        if (!sender)
            return; // every bucket is empty: the shortfall is sent when they refill
        sender->sendMessage(Phase::Rate, m_phase.textBytes, nowUs);
        ++m_outstanding;
        ++m_rateScheduled;
    }
}

void ClientLoop::pumpSaturation() {
    const qint64 nowUs = monotonicUs();
    if (!closedLoop() || nowUs >= m_phase.endUs || m_users.empty())
        return;
    while (m_outstanding < m_phase.inFlight) {
        BenchUser *sender = nextSender(nowUs);
        if (!sender) {
            // Every bucket is empty (few users, many in flight): try again shortly.
            if (!m_saturationRetryPending) {
                m_saturationRetryPending = true;
                after(kBucketRetryUs, [this] {
                    m_saturationRetryPending = false;
                    pumpSaturation();
                });
            }
            return;
        }
        if (m_phase.phase == Phase::Ping)
            sender->sendPing(Phase::Ping, nowUs);
        else
            sender->sendMessage(Phase::Saturation, m_phase.textBytes, nowUs);
        ++m_outstanding;
    }
}

void ClientLoop::onSendsLost(int count) {
    m_outstanding -= count;
    if (closedLoop())
        pumpSaturation();
}

void ClientLoop::onSendAnswered() {
    --m_outstanding;
    if (closedLoop())
        pumpSaturation();
}

void ClientLoop::onDelivered(Phase phase, qint64 latencyUs, qint64 nowUs) {
    PhaseCounters &counters = m_counters.phase[int(phase)];
    counters.delivered.fetch_add(1, std::memory_order_relaxed);
    counters.lastDeliveryUs.store(nowUs, std::memory_order_relaxed);
    m_latenciesUs[int(phase)].push_back(latencyUs);
}

std::vector<qint64> ClientLoop::takeLatenciesUs(Phase phase) {
    return std::exchange(m_latenciesUs[int(phase)], {});
}

std::vector<std::pair<int, qint64>> ClientLoop::userIds() const {
    std::vector<std::pair<int, qint64>> out;
    for (const auto &user : m_users)
        if (user->authState() == BenchUser::AuthState::Done)
            out.emplace_back(user->globalIndex(), user->userId());
    return out;
}

void ClientLoop::closeAll() {
    m_closing = true;
    m_phase = {};
    m_authQueue.clear();
    m_authInProgress = 0;
    m_timers = {}; // every timer belongs to a user
    for (auto &user : m_users)
        user->close();
    m_users.clear();
}

} // namespace msgr::bench
