// bench_mqtt_compare: the figures of bench_server_load, measured against an MQTT broker
// (mosquitto) on the same machine in the same minutes, for reference: the field's cost per
// message and per idle connection, with no durability at all. Not a project dependency: it
// only talks MQTT 3.1.1 over TCP to a broker someone started.
//
//   mosquitto -c <conf with "listener 18830 127.0.0.1" and "max_connections -1"> &
//   bench_mqtt_compare --connect 127.0.0.1:18830 --broker-pid PID [--users 1000]
//                      [--qos 0] [--text-bytes 100] [--rate 20000] [--inflight 1000]
//                      [--duration 10] [--settle-ms 3000]
//
// Each user is one connection subscribed to its own topic u/<i>; a message from user i goes to
// the topic of user i+1 or i+2. Idle: broker VmRSS with N connected and subscribed clients
// minus VmRSS before, / N. Rate phase: --rate publishes/s (open loop). Saturation: --inflight
// messages sent and not yet delivered (closed loop). Latency: publish -> delivery to the
// subscriber. Broker CPU from /proc/<pid>/stat. One client thread. Last line: BENCH {...}.
#include "bench/server_load/proc_stats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace msgr::bench;

namespace {

constexpr int kMaxEvents = 512;
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kConnectConcurrency = 128;
constexpr int kConnectTimeoutMs = 300'000;
constexpr int kDrainStallMs = 30'000;
constexpr int kChatsPerUser = 2;
// MQTT 3.1.1 packet types (high nibble of the first byte).
constexpr int kConnect = 1;
constexpr int kConnack = 2;
constexpr int kPublish = 3;
constexpr int kPuback = 4;
constexpr int kSubscribe = 8;
constexpr int kSuback = 9;

enum class Phase { None = 0, Rate = 1, Saturation = 2 };

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

void appendRemainingLength(std::string &out, std::size_t length) {
    do {
        auto byte = char(length % 128);
        length /= 128;
        if (length > 0)
            byte = char(byte | 0x80);
        out.push_back(byte);
    } while (length > 0);
}

void appendString(std::string &out, const std::string &s) {
    out.push_back(char(s.size() >> 8));
    out.push_back(char(s.size() & 0xff));
    out += s;
}

std::string packet(int type, int flags, const std::string &body) {
    std::string out(1, char((type << 4) | flags));
    appendRemainingLength(out, body.size());
    return out + body;
}

struct Client;

struct Stats {
    qint64 connected = 0;
    qint64 subscribed = 0;
    qint64 failed = 0;
    std::array<qint64, 3> sent{};
    std::array<qint64, 3> delivered{};
    std::array<qint64, 3> lastDeliveryUs{};
    std::array<std::vector<qint64>, 3> latencyUs;
    int outstanding = 0;
};

struct Client {
    int index = 0;
    int fd = -1;
    bool subscribed = false;
    bool wantWrite = false;
    std::string in;
    std::string out;
    quint16 nextPacketId = 0;
};

class Bench {
public:
    Bench(sockaddr_in broker, int qos) : m_broker(broker), m_qos(qos) {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
    }
    ~Bench() {
        for (auto &c : m_clients)
            if (c->fd >= 0)
                ::close(c->fd);
        ::close(m_epoll);
    }

    Stats stats;

    void connectUsers(int from, int to) {
        for (int i = from; i < to; ++i) {
            auto client = std::make_unique<Client>();
            client->index = i;
            m_clients.push_back(std::move(client));
        }
        m_nextToConnect = from;
        m_connectTarget = to;
        openMore();
    }

    void run(qint64 untilUs, Phase phase, double rate, int inFlight, int textBytes,
             qint64 startUs) {
        m_phase = phase;
        m_rate = rate;
        m_inFlight = inFlight;
        m_textBytes = textBytes;
        m_startUs = startUs;
        m_endUs = untilUs;
        m_scheduled = 0;
        stats.outstanding = 0; // a message of the last phase still on its way is not waited for
        poll(untilUs);
    }

    //! Runs the loop until pred() or timeout.
    template <typename Pred> bool pollUntil(Pred pred, qint64 timeoutMs) {
        const qint64 deadline = monotonicUs() + timeoutMs * 1000;
        while (!pred() && monotonicUs() < deadline)
            pollOnce(5);
        return pred();
    }

    void poll(qint64 untilUs) {
        while (monotonicUs() < untilUs)
            pollOnce(1);
    }

private:
    void openMore() {
        while (m_nextToConnect < m_connectTarget && m_connecting < kConnectConcurrency) {
            Client &c = *m_clients[std::size_t(m_nextToConnect++)];
            c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            const int one = 1;
            setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (c.fd < 0 ||
                (::connect(c.fd, reinterpret_cast<sockaddr *>(&m_broker), sizeof m_broker) != 0 &&
                 errno != EINPROGRESS)) {
                ++stats.failed;
                continue;
            }
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.ptr = &c;
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev);
            c.wantWrite = true;
            // CONNECT: "MQTT", level 4, clean session, keep-alive 0 (off: idle means idle).
            std::string body;
            appendString(body, "MQTT");
            body.push_back(4);
            body.push_back(0x02);
            body.push_back(0);
            body.push_back(0);
            appendString(body, "bench" + std::to_string(c.index));
            c.out += packet(kConnect, 0, body);
            ++m_connecting;
        }
    }

    void pollOnce(int timeoutMs) {
        epoll_event events[kMaxEvents];
        const int n = epoll_wait(m_epoll, events, kMaxEvents, timeoutMs);
        for (int i = 0; i < n; ++i) {
            Client &c = *static_cast<Client *>(events[i].data.ptr);
            if (c.fd < 0)
                continue;
            if (events[i].events & EPOLLOUT)
                flush(c);
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                readFrom(c);
        }
        pump();
    }

    void pump() {
        const qint64 now = monotonicUs();
        if (m_phase == Phase::Rate && now >= m_startUs && now < m_endUs) {
            const auto due = qint64(double(now - m_startUs) * m_rate / 1e6);
            while (m_scheduled < due) {
                publishFromNext(now);
                ++m_scheduled;
            }
        } else if (m_phase == Phase::Saturation && now >= m_startUs && now < m_endUs) {
            while (stats.outstanding < m_inFlight)
                publishFromNext(now);
        }
    }

    void publishFromNext(qint64 now) {
        Client *next = nullptr;
        for (std::size_t tries = 0; tries < m_clients.size() && !next; ++tries) {
            Client *candidate = m_clients[m_cursor].get();
            m_cursor = (m_cursor + 1) % m_clients.size();
            if (candidate->fd >= 0 && candidate->subscribed)
                next = candidate;
        }
        if (!next)
            return;
        Client &c = *next;
        const int peer = (c.index + 1 + int(m_cursor % kChatsPerUser)) % int(m_clients.size());
        std::string payload = std::to_string(int(m_phase)) + '|' + std::to_string(now) + '|';
        if (payload.size() < std::size_t(m_textBytes))
            payload.append(std::size_t(m_textBytes) - payload.size(), 'x');
        std::string body;
        appendString(body, "u/" + std::to_string(peer));
        if (m_qos > 0) {
            c.nextPacketId = quint16(c.nextPacketId % 65535 + 1);
            body.push_back(char(c.nextPacketId >> 8));
            body.push_back(char(c.nextPacketId & 0xff));
        }
        body += payload;
        c.out += packet(kPublish, m_qos << 1, body);
        ++stats.sent[int(m_phase)];
        ++stats.outstanding;
        flush(c);
    }

    void flush(Client &c) {
        while (!c.out.empty()) {
            const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (n > 0) {
                c.out.erase(0, std::size_t(n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return setWantWrite(c, true);
            return fail(c);
        }
        setWantWrite(c, false);
    }

    void setWantWrite(Client &c, bool want) {
        if (c.wantWrite == want)
            return;
        epoll_event ev{};
        ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
        ev.data.ptr = &c;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
        c.wantWrite = want;
    }

    void fail(Client &c) {
        ::close(c.fd);
        c.fd = -1;
        ++stats.failed;
    }

    void readFrom(Client &c) {
        static char chunk[kReadChunk];
        for (;;) {
            const ssize_t n = ::recv(c.fd, chunk, kReadChunk, 0);
            if (n > 0) {
                c.in.append(chunk, std::size_t(n));
                parse(c);
                if (c.fd < 0 || std::size_t(n) < kReadChunk)
                    return;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return;
            return fail(c);
        }
    }

    void parse(Client &c) {
        std::size_t pos = 0;
        for (;;) {
            const std::size_t available = c.in.size() - pos;
            if (available < 2)
                break;
            const auto *p = reinterpret_cast<const unsigned char *>(c.in.data() + pos);
            std::size_t length = 0;
            std::size_t header = 1;
            int shift = 0;
            bool complete = false;
            while (header < available && header <= 4) {
                const unsigned char byte = p[header++];
                length |= std::size_t(byte & 0x7f) << shift;
                shift += 7;
                if (!(byte & 0x80)) {
                    complete = true;
                    break;
                }
            }
            if (!complete || available < header + length)
                break;
            onPacket(c, p[0], p + header, length);
            pos += header + length;
            if (c.fd < 0)
                return;
        }
        c.in.erase(0, pos);
    }

    void onPacket(Client &c, unsigned char first, const unsigned char *body, std::size_t size) {
        switch (first >> 4) {
        case kConnack: {
            --m_connecting;
            if (size < 2 || body[1] != 0)
                return fail(c);
            ++stats.connected;
            std::string sub;
            sub.push_back(0);
            sub.push_back(1); // packet id 1
            appendString(sub, "u/" + std::to_string(c.index));
            sub.push_back(char(m_qos));
            c.out += packet(kSubscribe, 0x02, sub);
            flush(c);
            openMore();
            return;
        }
        case kSuback:
            c.subscribed = true;
            ++stats.subscribed;
            return;
        case kPuback:
            return;
        case kPublish: {
            const int qos = (first >> 1) & 3;
            if (size < 2)
                return;
            const std::size_t topicLength = (std::size_t(body[0]) << 8) | body[1];
            std::size_t at = 2 + topicLength;
            if (qos > 0) {
                if (size < at + 2)
                    return;
                const std::string ack{char(kPuback << 4), 2, char(body[at]), char(body[at + 1])};
                c.out += ack;
                flush(c);
                at += 2;
            }
            if (size < at)
                return;
            const std::string_view payload(reinterpret_cast<const char *>(body + at), size - at);
            const std::size_t firstBar = payload.find('|');
            const std::size_t second = payload.find('|', firstBar + 1);
            if (firstBar == std::string_view::npos || second == std::string_view::npos)
                return;
            const int phase = std::atoi(std::string(payload.substr(0, firstBar)).c_str());
            const qint64 sentUs = std::atoll(
                std::string(payload.substr(firstBar + 1, second - firstBar - 1)).c_str());
            if (phase <= 0 || phase > 2)
                return;
            const qint64 now = monotonicUs();
            ++stats.delivered[std::size_t(phase)];
            stats.lastDeliveryUs[std::size_t(phase)] = now;
            stats.latencyUs[std::size_t(phase)].push_back(now - sentUs);
            --stats.outstanding;
            return;
        }
        default:
            return;
        }
    }

    sockaddr_in m_broker;
    int m_qos;
    int m_epoll = -1;
    std::vector<std::unique_ptr<Client>> m_clients;
    int m_nextToConnect = 0;
    int m_connectTarget = 0;
    int m_connecting = 0;
    Phase m_phase = Phase::None;
    double m_rate = 0;
    int m_inFlight = 0;
    int m_textBytes = 100;
    qint64 m_startUs = 0;
    qint64 m_endUs = 0;
    qint64 m_scheduled = 0;
    std::size_t m_cursor = 0;
};

double percentileMs(std::vector<qint64> v, double p) {
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return double(v.at(std::size_t(p * double(v.size() - 1) + 0.5))) / 1000.0;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("bench_server_load's figures for an MQTT broker"));
    parser.addHelpOption();
    auto option = [&](const char *name, const char *help, const char *def) {
        QCommandLineOption opt(QString::fromLatin1(name), QString::fromLatin1(help),
                               QStringLiteral("value"), QString::fromLatin1(def));
        parser.addOption(opt);
        return opt;
    };
    const auto connectOpt = option("connect", "Broker HOST:PORT.", "127.0.0.1:18830");
    const auto pidOpt = option("broker-pid", "Broker process id.", "0");
    const auto usersOpt = option("users", "Connections.", "1000");
    const auto qosOpt = option("qos", "0 or 1.", "0");
    const auto textOpt = option("text-bytes", "Payload bytes.", "100");
    const auto rateOpt = option("rate", "Offered publishes/s in the rate phase.", "20000");
    const auto inFlightOpt = option("inflight", "Saturation: messages not yet delivered.", "1000");
    const auto durationOpt = option("duration", "Seconds of each phase.", "10");
    const auto settleOpt = option("settle-ms", "Wait before reading the broker's RSS.", "3000");
    parser.process(app);

    const QStringList hostPort = parser.value(connectOpt).split(QLatin1Char(':'));
    sockaddr_in broker{};
    broker.sin_family = AF_INET;
    bool okPort = false;
    broker.sin_port = htons(hostPort.value(1).toUShort(&okPort));
    const qint64 pid = parser.value(pidOpt).toLongLong();
    const int users = parser.value(usersOpt).toInt();
    const int qos = parser.value(qosOpt).toInt();
    if (hostPort.size() != 2 || !okPort ||
        inet_pton(AF_INET, qPrintable(hostPort.at(0)), &broker.sin_addr) != 1 || pid <= 0 ||
        users < 3 || (qos != 0 && qos != 1)) {
        std::fprintf(stderr, "bench_mqtt_compare: need --connect HOST:PORT, --broker-pid, "
                             "--users >= 3, --qos 0|1\n");
        return 2;
    }
    const int textBytes = parser.value(textOpt).toInt();
    const double rate = parser.value(rateOpt).toDouble();
    const int inFlight = parser.value(inFlightOpt).toInt();
    const int durationS = parser.value(durationOpt).toInt();
    const int settleMs = parser.value(settleOpt).toInt();

    raiseOpenFileLimit();
    QJsonObject out{{QStringLiteral("users"), users},
                    {QStringLiteral("qos"), qos},
                    {QStringLiteral("text_bytes"), textBytes},
                    {QStringLiteral("load_avg_start"), loadAverage()}};
    say(QStringLiteral("broker pid %1; load average %2; %3 users, QoS %4")
            .arg(pid)
            .arg(loadAverage())
            .arg(users)
            .arg(qos));
    Bench bench(broker, qos);
    const qint64 rssBefore = processRssBytes(pid);
    bench.connectUsers(0, users);
    bench.pollUntil([&] { return bench.stats.subscribed + bench.stats.failed >= users; },
                    kConnectTimeoutMs);
    bench.poll(monotonicUs() + qint64(settleMs) * 1000);
    const qint64 rss = processRssBytes(pid);
    const double kib =
        double(rss - rssBefore) / 1024 / double(qMax<qint64>(1, bench.stats.subscribed));
    say(QStringLiteral("%1 idle subscribed connections (%2 failed): broker RSS %3 -> %4 MiB, %5 "
                       "KiB per idle connection")
            .arg(bench.stats.subscribed)
            .arg(bench.stats.failed)
            .arg(double(rssBefore) / 1048576, 0, 'f', 1)
            .arg(double(rss) / 1048576, 0, 'f', 1)
            .arg(kib, 0, 'f', 2));
    out.insert(QStringLiteral("idle_kib_per_conn"), kib);

    for (Phase phase : {Phase::Rate, Phase::Saturation}) {
        const int p = int(phase);
        const qint64 startUs = monotonicUs() + 100'000;
        const qint64 endUs = startUs + qint64(durationS) * 1'000'000;
        const double cpuBefore = processCpuSeconds(pid);
        const double selfBefore = selfCpuSeconds();
        bench.run(endUs, phase, rate, inFlight, textBytes, startUs);
        qint64 last = -1;
        qint64 lastChange = monotonicUs();
        bench.pollUntil(
            [&] {
                if (bench.stats.delivered[std::size_t(p)] != last) {
                    last = bench.stats.delivered[std::size_t(p)];
                    lastChange = monotonicUs();
                }
                return bench.stats.delivered[std::size_t(p)] >= bench.stats.sent[std::size_t(p)] ||
                       monotonicUs() - lastChange > qint64(kDrainStallMs) * 1000;
            },
            600'000);
        const double cpu = processCpuSeconds(pid) - cpuBefore;
        const double selfCpu = selfCpuSeconds() - selfBefore;
        const qint64 delivered = bench.stats.delivered[std::size_t(p)];
        const double span =
            double(qMax(bench.stats.lastDeliveryUs[std::size_t(p)], endUs) - startUs) / 1e6;
        const auto &lat = bench.stats.latencyUs[std::size_t(p)];
        QJsonObject r{
            {QStringLiteral("sent"), double(bench.stats.sent[std::size_t(p)])},
            {QStringLiteral("delivered"), double(delivered)},
            {QStringLiteral("delivered_per_s"), double(delivered) / span},
            {QStringLiteral("p50_ms"), percentileMs(lat, 0.5)},
            {QStringLiteral("p99_ms"), percentileMs(lat, 0.99)},
            {QStringLiteral("broker_cpu_s"), cpu},
            {QStringLiteral("msgs_per_broker_cpu_s"), cpu > 0 ? double(delivered) / cpu : -1},
            {QStringLiteral("bench_cpu_s"), selfCpu}};
        say(QStringLiteral("%1: sent %2, delivered %3 in %4 s: %5 msgs/s; p50 %6 ms, p99 %7 ms; "
                           "broker CPU %8 s: %9 msgs per broker-CPU-s; bench CPU %10 s")
                .arg(phase == Phase::Rate
                         ? QStringLiteral("rate %1/s").arg(rate)
                         : QStringLiteral("saturation, %1 in flight").arg(inFlight))
                .arg(bench.stats.sent[std::size_t(p)])
                .arg(delivered)
                .arg(span, 0, 'f', 2)
                .arg(double(delivered) / span, 0, 'f', 0)
                .arg(percentileMs(lat, 0.5), 0, 'f', 2)
                .arg(percentileMs(lat, 0.99), 0, 'f', 2)
                .arg(cpu, 0, 'f', 2)
                .arg(cpu > 0 ? double(delivered) / cpu : -1, 0, 'f', 0)
                .arg(selfCpu, 0, 'f', 2));
        out.insert(phase == Phase::Rate ? QStringLiteral("rate") : QStringLiteral("saturation"), r);
        bench.run(0, Phase::None, 0, 0, textBytes, 0);
    }
    out.insert(QStringLiteral("load_avg_end"), loadAverage());
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)));
    return 0;
}
