// bench_channel_post: the real msgr-server posting to a channel with many subscribers, some of
// them connected (issue 10, item 8; docs/protocol.md §15).
//
//   bench_channel_post [--subscribers 100000] [--online 1000] [--posts 50]
//                      [--server-bin PATH] [--work-dir DIR] [--per-source 200] [--supergroup]
//
// --supergroup (docs/protocol.md §23): `--subscribers` users are seeded in no chat; the owner
// creates a supergroup and adds them all through the RUNNING server (channels.addSubscribers,
// 100 a call), with the server's RSS before and after; then `--online` members connect and a
// plain member sends with messages.send, timed to the last online member as posts are below.
//
// 1. Builds the database directly through the server's store and domain (seed_store.*): the
//    owner, `--subscribers` users subscribed to one public channel, and session tokens for the
//    owner and the first `--online` subscribers.
// 2. Starts msgr-server on it, connects the owner and the `--online` subscribers (hello,
//    auth.resume; connections spread over loopback source addresses, `--per-source` each,
//    under the server's per-address cap), and waits until all are logged in and settled.
// 3. Posts `--posts` times, one after another: each post is sent, then the bench waits until
//    every connected subscriber has received its channelUpdate (matched by the post's text in
//    the frame's bytes, no CBOR decoding on the hot path), and records the time from the send
//    to the LAST subscriber's receipt.
//
// Figures: rows written per post (the server's own counter, /metrics
// msgr_channel_post_rows_total, and the rows added to server.db counted in the file), p50/p99 of
// the time to the last online subscriber, server CPU per post (/proc/<pid>/stat over the post
// phase, divided by the posts). The last line is machine-readable (RESULT ...).
#include "bench/channel_post/seed_store.h"
#include "bench/server_load/proc_stats.h"
#include "bench/server_load/server_handle.h"
#include "bench/server_load/ws_socket.h"
#include "protocol/api/api.h"
#include "protocol/frame.h"
#include "server/store/sqlite_connection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <memory>
#include <sys/epoll.h>
#include <unistd.h>
#include <vector>

using namespace msgr;
using namespace msgr::bench;

namespace {

QTextStream &out() {
    static QTextStream stream(stdout);
    return stream;
}

constexpr std::string_view kMarker = "bench-post-";

//! One connection: hello, auth.resume, then it only counts the posts it receives.
class Reader final : public WsSocket::Listener {
public:
    Reader(int epollFd, QString token, int index)
        : m_socket(*this, epollFd), m_token(std::move(token)), m_index(index) {}

    bool open(const sockaddr_in &server, in_addr source) {
        return m_socket.open(server, source, QByteArrayLiteral("127.0.0.1"));
    }
    WsSocket &socket() { return m_socket; }
    bool loggedIn() const { return m_loggedIn; }
    bool failed() const { return m_failed; }
    //! The highest post number seen, and when (monotonic µs).
    int lastPost() const { return m_lastPost; }
    qint64 lastPostAtUs() const { return m_lastPostAtUs; }
    //! Answers to requests this connection sent (the owner's posts).
    std::vector<protocol::Frame> takeAnswers() { return std::exchange(m_answers, {}); }
    void send(const protocol::Frame &frame) { m_socket.sendBinary(protocol::encodeFrame(frame)); }

    void wsOpened() override {
        send(protocol::Hello{{protocol::kProtocolVersion}, QStringLiteral("bench_channel_post")});
    }
    void wsMessage(const char *data, std::size_t size) override {
        if (m_loggedIn && m_index >= 0) { // the owner (-1) decodes: its answers carry the text
            // The hot path: a channelUpdate carries the post's text; find its number.
            const std::string_view bytes(data, size);
            const std::size_t at = bytes.find(kMarker);
            if (at != std::string_view::npos) {
                int number = 0;
                for (std::size_t i = at + kMarker.size();
                     i < size && data[i] >= '0' && data[i] <= '9'; ++i)
                    number = number * 10 + (data[i] - '0');
                if (number > m_lastPost) {
                    m_lastPost = number;
                    m_lastPostAtUs = monotonicUs();
                }
                return;
            }
        }
        const auto decoded = protocol::decodeFrame(QByteArray::fromRawData(data, qsizetype(size)));
        const auto *frame = std::get_if<protocol::Frame>(&decoded);
        if (!frame)
            return;
        if (std::holds_alternative<protocol::Welcome>(*frame)) {
            send(protocol::Request{1, QString(protocol::method::Resume),
                                   protocol::api::Resume{m_token}.toCbor()});
        } else if (const auto *result = std::get_if<protocol::Result>(frame);
                   result && result->id == 1) {
            m_loggedIn = true;
        } else if (const auto *err = std::get_if<protocol::Error>(frame); err && err->id == 1) {
            m_failed = true;
        } else if (std::holds_alternative<protocol::Result>(*frame) ||
                   std::holds_alternative<protocol::Error>(*frame)) {
            m_answers.push_back(*frame);
        }
    }
    void wsClosed(int closeCode, const char *why) override {
        if (!m_loggedIn || closeCode != 1000)
            out() << "connection " << m_index << " closed: " << closeCode << " " << why << Qt::endl;
        m_failed = true;
    }

private:
    WsSocket m_socket;
    QString m_token;
    int m_index;
    bool m_loggedIn = false;
    bool m_failed = false;
    int m_lastPost = 0;
    qint64 m_lastPostAtUs = 0;
    std::vector<protocol::Frame> m_answers;
};

//! One turn of the epoll loop, at most `timeoutMs`.
void poll(int epollFd, int timeoutMs) {
    epoll_event events[256];
    const int n = epoll_wait(epollFd, events, 256, timeoutMs);
    for (int i = 0; i < n; ++i)
        static_cast<WsSocket *>(events[i].data.ptr)->handleEvents(events[i].events);
}

//! GET /metrics over a blocking socket: the value of one counter, or -1.
qint64 metric(quint16 port, const char *name) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QByteArray answer;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
        const char request[] =
            "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (::write(fd, request, sizeof request - 1) == ssize_t(sizeof request - 1)) {
            char buffer[65536];
            for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;)
                answer.append(buffer, got);
        }
    }
    ::close(fd);
    const QRegularExpression line(QStringLiteral("^%1 (\\d+)$").arg(QLatin1String(name)),
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(answer));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

//! Every row of every table of server.db, read through a connection of its own (WAL: the
//! server keeps writing meanwhile).
qint64 rowsInDatabase(const QString &dataDir) {
    QString error;
    auto db = server::sqlite::Connection::open(QDir(dataDir).filePath(QStringLiteral("server.db")),
                                               server::sqlite::Connection::Mode::ReadOnly, &error);
    if (!db)
        return -1;
    QStringList tables;
    server::sqlite::Statement names = db->prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (names.step())
        tables.append(names.text(0));
    qint64 rows = 0;
    for (const QString &table : tables) {
        const QByteArray sql = "SELECT count(*) FROM \"" + table.toUtf8() + "\"";
        server::sqlite::Statement count = db->prepare(sql.constData());
        if (count.step())
            rows += count.int64(0);
    }
    return rows;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto index = std::size_t(
        std::clamp(p * double(values.size() - 1) + 0.5, 0.0, double(values.size() - 1)));
    return values[index];
}

//! Args for a supergroup run: the owner adds 200,000 members at full speed through the server.
const QStringList kFastWriterArgs{QStringLiteral("--user-write-burst"), QStringLiteral("1000000"),
                                  QStringLiteral("--user-writes-per-second"),
                                  QStringLiteral("1000000")};

//! The supergroup run (docs/protocol.md §23): users seeded, then the supergroup created and
//! filled through the RUNNING server (supergroups.create, channels.addSubscribers by 100, 8 in
//! flight) with the server's RSS before and after; then `online` members connected and a member
//! sending with messages.send, timed to the last online member.
int runSupergroup(const QString &serverBin, const QString &dataDir, const QString &logDir,
                  int members, int online, int posts, int perSource) {
    QString error;
    qint64 started = monotonicUs();
    // Token 0 is the sender's; 1..online the readers'. The owner is a member too: `members`
    // in all, the bound of docs/protocol.md §23 when it is 200,000.
    const SeededUsers seeded = seedUsers(dataDir, members - 1, online + 1, &error);
    if (!error.isEmpty()) {
        out() << "seed failed: " << error << Qt::endl;
        return 1;
    }
    out() << "seeded " << members << " users in " << double(monotonicUs() - started) / 1e6 << " s"
          << Qt::endl;
    auto server = ServerHandle::spawn(serverBin, dataDir, logDir, kFastWriterArgs, &error);
    if (!server) {
        out() << "server failed: " << error << Qt::endl;
        return 1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server->port());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    const int epollFd = epoll_create1(EPOLL_CLOEXEC);
    auto sourceFor = [perSource](int index) {
        in_addr source{};
        source.s_addr = htonl(0x7f000002u + quint32(index / perSource));
        return source;
    };
    Reader owner(epollFd, seeded.ownerToken, -1);
    owner.open(address, sourceFor(0));
    while (!owner.loggedIn() && !owner.failed())
        poll(epollFd, 10);
    for (qint64 until = monotonicUs() + 1'000'000; monotonicUs() < until;)
        poll(epollFd, 50);
    const qint64 rssBefore = processRssBytes(server->pid());

    // Create it, then add everyone, 100 per call, a few calls in flight.
    qint64 nextId = 100;
    const qint64 createId = nextId++;
    owner.send(protocol::Request{
        createId, QString(protocol::method::SupergroupsCreate),
        protocol::api::CreateSupergroup{1, QStringLiteral("Bench supergroup"), {}}.toCbor()});
    qint64 chatId = 0;
    for (const qint64 deadline = monotonicUs() + 30'000'000; !chatId && monotonicUs() < deadline;) {
        poll(epollFd, 5);
        for (const protocol::Frame &frame : owner.takeAnswers()) {
            if (const auto *r = std::get_if<protocol::Result>(&frame); r && r->id == createId) {
                if (const auto c = protocol::api::ChannelResult::fromCbor(r->result))
                    chatId = c->channel.id;
            }
        }
    }
    if (!chatId) {
        out() << "create failed" << Qt::endl;
        return 1;
    }
    // The owner's devices: the server takes 50 requests a second per connection
    // (protocol::kRequestsPerSecond), so the calls go round-robin over a few, one per
    // connection at a time and at most one every 25 ms each.
    constexpr int kOwnerConnections = 8;
    constexpr qint64 kGapUs = 25'000;
    std::vector<std::unique_ptr<Reader>> owners;
    for (int i = 0; i < kOwnerConnections; ++i) {
        owners.push_back(std::make_unique<Reader>(epollFd, seeded.ownerToken, -1));
        owners.back()->open(address, sourceFor(0));
    }
    while (!std::all_of(owners.begin(), owners.end(),
                        [](const auto &o) { return o->loggedIn() || o->failed(); }))
        poll(epollFd, 10);
    started = monotonicUs();
    constexpr int kBatch = protocol::api::kMaxChannelAddSubscribers;
    std::vector<qint64> lastSentUs(kOwnerConnections, 0);
    std::vector<bool> busy(kOwnerConnections, false);
    int sentBatches = 0;
    int answered = 0;
    int failures = 0;
    const int batches = int((seeded.userIds.size() + kBatch - 1) / kBatch);
    while (answered < batches) {
        for (int c = 0; c < kOwnerConnections && sentBatches < batches; ++c) {
            if (busy[c] || monotonicUs() - lastSentUs[c] < kGapUs)
                continue;
            const QList<qint64> ids = seeded.userIds.mid(qsizetype(sentBatches) * kBatch, kBatch);
            owners[c]->send(
                protocol::Request{nextId++, QString(protocol::method::ChannelsAddSubscribers),
                                  protocol::api::AddChannelSubscribers{chatId, ids}.toCbor()});
            busy[c] = true;
            lastSentUs[c] = monotonicUs();
            ++sentBatches;
        }
        poll(epollFd, 2);
        for (int c = 0; c < kOwnerConnections; ++c) {
            for (const protocol::Frame &frame : owners[c]->takeAnswers()) {
                ++answered;
                busy[c] = false;
                if (const auto *e = std::get_if<protocol::Error>(&frame)) {
                    if (++failures <= 3)
                        out() << "add failed: " << protocol::errorCodeName(e->code) << " "
                              << e->message << Qt::endl;
                }
            }
        }
    }
    const double fillSeconds = double(monotonicUs() - started) / 1e6;
    for (qint64 until = monotonicUs() + 2'000'000; monotonicUs() < until;)
        poll(epollFd, 50);
    const qint64 rssAfter = processRssBytes(server->pid());
    out() << "supergroup " << chatId << ": " << members << " members added in " << fillSeconds
          << " s (" << failures << " failed calls); server RSS " << rssBefore / 1024 << " KiB -> "
          << rssAfter / 1024 << " KiB, " << double(rssAfter - rssBefore) / members
          << " bytes per member" << Qt::endl;

    // Connect the sender and the online members.
    Reader sender(epollFd, seeded.tokens.at(0), -1);
    sender.open(address, sourceFor(0));
    std::vector<std::unique_ptr<Reader>> readers;
    started = monotonicUs();
    for (int i = 0; i < online; ++i) {
        readers.push_back(std::make_unique<Reader>(epollFd, seeded.tokens.at(i + 1), i));
        readers.back()->open(address, sourceFor(i + 1));
        if (i % 100 == 99)
            poll(epollFd, 0);
    }
    for (int waited = 0;; ++waited) {
        const auto loggedIn = std::count_if(readers.begin(), readers.end(),
                                            [](const auto &r) { return r->loggedIn(); });
        const auto failed = std::count_if(readers.begin(), readers.end(),
                                          [](const auto &r) { return r->failed(); });
        if ((loggedIn + failed == online && sender.loggedIn()) || waited > 600'000) {
            out() << "logged in: " << loggedIn << " of " << online << " (failed " << failed
                  << ") in " << double(monotonicUs() - started) / 1e6 << " s" << Qt::endl;
            break;
        }
        poll(epollFd, 10);
    }
    for (qint64 until = monotonicUs() + 2'000'000; monotonicUs() < until;)
        poll(epollFd, 50);
    const qint64 rssOnline = processRssBytes(server->pid());
    const auto connected = std::count_if(readers.begin(), readers.end(), [](const auto &r) {
        return r->loggedIn() && !r->failed();
    });

    const qint64 rowsCounter0 = metric(server->port(), "msgr_channel_post_rows_total");
    const qint64 postsCounter0 = metric(server->port(), "msgr_channel_posts_total");
    const qint64 fileRows0 = rowsInDatabase(dataDir);
    const double cpu0 = processCpuSeconds(server->pid());
    std::vector<double> toLastMs, toAnswerMs;
    int incomplete = 0;
    for (int k = 1; k <= posts; ++k) {
        const qint64 sentAt = monotonicUs();
        const qint64 id = nextId++;
        sender.send(protocol::Request{
            id, QString(protocol::method::MessagesSend),
            protocol::api::SendMessage{chatId, 5000 + k,
                                       QString::fromLatin1(kMarker.data(), kMarker.size()) +
                                           QString::number(k)}
                .toCbor()});
        qint64 answeredAt = 0;
        const qint64 deadline = sentAt + 30'000'000;
        while (monotonicUs() < deadline) {
            poll(epollFd, 5);
            if (answeredAt == 0 && !sender.takeAnswers().empty())
                answeredAt = monotonicUs();
            const bool all = std::all_of(readers.begin(), readers.end(), [k](const auto &r) {
                return !r->loggedIn() || r->failed() || r->lastPost() >= k;
            });
            if (all && answeredAt != 0)
                break;
        }
        qint64 last = 0;
        bool complete = true;
        for (const auto &r : readers) {
            if (!r->loggedIn() || r->failed())
                continue;
            complete = complete && r->lastPost() >= k;
            last = std::max(last, r->lastPostAtUs());
        }
        incomplete += complete ? 0 : 1;
        toLastMs.push_back(double(last - sentAt) / 1000.0);
        toAnswerMs.push_back(double(answeredAt - sentAt) / 1000.0);
    }
    const double cpuPerPostMs = (processCpuSeconds(server->pid()) - cpu0) * 1000.0 / posts;
    const qint64 stored = metric(server->port(), "msgr_channel_posts_total") - postsCounter0;
    const qint64 rows = metric(server->port(), "msgr_channel_post_rows_total") - rowsCounter0;
    const qint64 fileRowsAdded = rowsInDatabase(dataDir) - fileRows0;
    const double rowsPerMessage = stored > 0 ? double(rows) / double(stored) : -1;
    out() << "messages stored: " << stored << ", incomplete deliveries: " << incomplete << Qt::endl;
    out() << "rows written per message (server counter): " << rowsPerMessage << Qt::endl;
    out() << "rows added to server.db per message: " << double(fileRowsAdded) / posts << Qt::endl;
    out() << "send -> answer ms: p50 " << percentile(toAnswerMs, 0.5) << ", p99 "
          << percentile(toAnswerMs, 0.99) << Qt::endl;
    out() << "send -> last online member ms: p50 " << percentile(toLastMs, 0.5) << ", p99 "
          << percentile(toLastMs, 0.99) << ", max " << percentile(toLastMs, 1.0) << Qt::endl;
    out() << "server CPU per message ms: " << cpuPerPostMs << "; server RSS with " << connected
          << " online: " << rssOnline / 1024 << " KiB" << Qt::endl;
    out() << "load after: " << loadAverage() << Qt::endl;
    out() << "RESULT supergroup members=" << members << " online=" << connected
          << " messages=" << posts << " rows_per_message=" << rowsPerMessage
          << " rows_added_per_message=" << double(fileRowsAdded) / posts
          << " last_p50_ms=" << percentile(toLastMs, 0.5)
          << " last_p99_ms=" << percentile(toLastMs, 0.99)
          << " answer_p50_ms=" << percentile(toAnswerMs, 0.5)
          << " rss_before_kib=" << rssBefore / 1024 << " rss_after_kib=" << rssAfter / 1024
          << " rss_bytes_per_member=" << double(rssAfter - rssBefore) / members
          << " fill_s=" << fillSeconds << " incomplete=" << incomplete << Qt::endl;
    owner.socket().close();
    for (auto &o : owners)
        o->socket().close();
    sender.socket().close();
    for (auto &r : readers)
        r->socket().close();
    server->stop();
    ::close(epollFd);
    return incomplete == 0 && failures == 0 ? 0 : 2;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("msgr-server: a post to a big channel"));
    parser.addHelpOption();
    const QCommandLineOption subscribersOption(QStringLiteral("subscribers"), QStringLiteral("N"),
                                               QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption onlineOption(QStringLiteral("online"), QStringLiteral("N connected"),
                                          QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption postsOption(QStringLiteral("posts"), QStringLiteral("posts"),
                                         QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption perSourceOption(QStringLiteral("per-source"),
                                             QStringLiteral("connections per source address"),
                                             QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption serverOption(QStringLiteral("server-bin"),
                                          QStringLiteral("msgr-server"), QStringLiteral("PATH"),
                                          QStringLiteral(MSGR_DEFAULT_SERVER_BIN));
    const QCommandLineOption workOption(QStringLiteral("work-dir"),
                                        QStringLiteral("where the database goes (a temporary "
                                                       "folder by default)"),
                                        QStringLiteral("DIR"));
    const QCommandLineOption supergroupOption(
        QStringLiteral("supergroup"),
        QStringLiteral("a supergroup of --subscribers members, made through the server; a member "
                       "sends (docs/protocol.md §23)"));
    parser.addOptions({subscribersOption, onlineOption, postsOption, perSourceOption, serverOption,
                       workOption, supergroupOption});
    parser.process(app);
    const int subscribers = parser.value(subscribersOption).toInt();
    const int online = std::min(subscribers, parser.value(onlineOption).toInt());
    const int posts = parser.value(postsOption).toInt();
    const int perSource = std::max(1, parser.value(perSourceOption).toInt());

    QTemporaryDir temporary;
    const QString workDir = parser.isSet(workOption) ? parser.value(workOption) : temporary.path();
    const QString dataDir = QDir(workDir).filePath(QStringLiteral("data"));
    QDir().mkpath(dataDir);
    QDir().mkpath(QDir(workDir).filePath(QStringLiteral("logs")));
    raiseOpenFileLimit();
    out() << "load before: " << loadAverage() << Qt::endl;

    if (parser.isSet(supergroupOption))
        return runSupergroup(parser.value(serverOption), dataDir,
                             QDir(workDir).filePath(QStringLiteral("logs")), subscribers, online,
                             posts, perSource);

    QString error;
    qint64 started = monotonicUs();
    const SeededChannel seeded = seedChannel(dataDir, subscribers, online, &error);
    if (!error.isEmpty()) {
        out() << "seed failed: " << error << Qt::endl;
        return 1;
    }
    out() << "seeded " << subscribers << " subscribers in " << double(monotonicUs() - started) / 1e6
          << " s" << Qt::endl;

    auto server = ServerHandle::spawn(parser.value(serverOption), dataDir,
                                      QDir(workDir).filePath(QStringLiteral("logs")), {}, &error);
    if (!server) {
        out() << "server failed: " << error << Qt::endl;
        return 1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server->port());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);

    const int epollFd = epoll_create1(EPOLL_CLOEXEC);
    auto sourceFor = [perSource](int index) {
        in_addr source{};
        source.s_addr = htonl(0x7f000002u + quint32(index / perSource)); // 127.0.0.2, .3, ...
        return source;
    };
    Reader owner(epollFd, seeded.ownerToken, -1);
    owner.open(address, sourceFor(0));
    std::vector<std::unique_ptr<Reader>> readers;
    started = monotonicUs();
    for (int i = 0; i < online; ++i) {
        readers.push_back(std::make_unique<Reader>(epollFd, seeded.subscriberTokens.at(i), i));
        readers.back()->open(address, sourceFor(i + 1));
        if (i % 100 == 99)
            poll(epollFd, 0); // keep handshakes moving while connecting
    }
    for (int waited = 0;; ++waited) {
        const auto loggedIn = std::count_if(readers.begin(), readers.end(),
                                            [](const auto &r) { return r->loggedIn(); });
        const auto failed = std::count_if(readers.begin(), readers.end(),
                                          [](const auto &r) { return r->failed(); });
        if ((loggedIn + failed == online && owner.loggedIn()) || waited > 600'000) {
            out() << "logged in: " << loggedIn << " of " << online << " (failed " << failed
                  << ") in " << double(monotonicUs() - started) / 1e6 << " s" << Qt::endl;
            break;
        }
        poll(epollFd, 10);
    }
    // Let the log-ins' topic subscriptions (write units) settle.
    for (qint64 until = monotonicUs() + 2'000'000; monotonicUs() < until;)
        poll(epollFd, 50);
    const auto connected = std::count_if(readers.begin(), readers.end(), [](const auto &r) {
        return r->loggedIn() && !r->failed();
    });

    const qint64 rowsCounter0 = metric(server->port(), "msgr_channel_post_rows_total");
    const qint64 postsCounter0 = metric(server->port(), "msgr_channel_posts_total");
    const qint64 fileRows0 = rowsInDatabase(dataDir);
    const double cpu0 = processCpuSeconds(server->pid());
    const double selfCpu0 = selfCpuSeconds();
    std::vector<double> toLastMs, toAnswerMs;
    int incomplete = 0;
    for (int k = 1; k <= posts; ++k) {
        const qint64 sentAt = monotonicUs();
        owner.send(protocol::Request{
            qint64(k) + 1, QString(protocol::method::ChannelsPost),
            protocol::api::PostToChannel{seeded.channelId, 1000 + k, // 1 created the channel
                                         QString::fromLatin1(kMarker.data(), kMarker.size()) +
                                             QString::number(k)}
                .toCbor()});
        qint64 answeredAt = 0;
        const qint64 deadline = sentAt + 30'000'000;
        while (monotonicUs() < deadline) {
            poll(epollFd, 5);
            if (answeredAt == 0 && !owner.takeAnswers().empty())
                answeredAt = monotonicUs();
            const bool all = std::all_of(readers.begin(), readers.end(), [k](const auto &r) {
                return !r->loggedIn() || r->failed() || r->lastPost() >= k;
            });
            if (all && answeredAt != 0)
                break;
        }
        qint64 last = 0;
        bool complete = true;
        for (const auto &r : readers) {
            if (!r->loggedIn() || r->failed())
                continue;
            if (r->lastPost() < k)
                complete = false;
            last = std::max(last, r->lastPostAtUs());
        }
        if (!complete)
            ++incomplete;
        toLastMs.push_back(double(last - sentAt) / 1000.0);
        toAnswerMs.push_back(double(answeredAt - sentAt) / 1000.0);
    }
    const double cpuPerPostMs = (processCpuSeconds(server->pid()) - cpu0) * 1000.0 / posts;
    const double benchCpuS = selfCpuSeconds() - selfCpu0;
    const qint64 postsStored = metric(server->port(), "msgr_channel_posts_total") - postsCounter0;
    const qint64 rowsWritten =
        metric(server->port(), "msgr_channel_post_rows_total") - rowsCounter0;
    const qint64 fileRowsAdded = rowsInDatabase(dataDir) - fileRows0;
    const qint64 rssKiB = processRssBytes(server->pid()) / 1024;

    out() << "posts stored: " << postsStored << ", incomplete deliveries: " << incomplete
          << Qt::endl;
    out() << "rows written per post (server counter): "
          << (postsStored > 0 ? double(rowsWritten) / double(postsStored) : -1) << Qt::endl;
    out() << "rows added to server.db per post: " << double(fileRowsAdded) / posts << Qt::endl;
    out() << "post -> answer ms: p50 " << percentile(toAnswerMs, 0.5) << ", p99 "
          << percentile(toAnswerMs, 0.99) << Qt::endl;
    out() << "post -> last online subscriber ms: p50 " << percentile(toLastMs, 0.5) << ", p99 "
          << percentile(toLastMs, 0.99) << ", max " << percentile(toLastMs, 1.0) << Qt::endl;
    out() << "server CPU per post ms: " << cpuPerPostMs << " (bench client CPU " << benchCpuS
          << " s), server RSS " << rssKiB << " KiB" << Qt::endl;
    out() << "load after: " << loadAverage() << Qt::endl;
    out() << "RESULT subscribers=" << subscribers << " online=" << connected << " posts=" << posts
          << " rows_per_post=" << (postsStored > 0 ? double(rowsWritten) / double(postsStored) : -1)
          << " rows_added_per_post=" << double(fileRowsAdded) / posts
          << " last_p50_ms=" << percentile(toLastMs, 0.5)
          << " last_p99_ms=" << percentile(toLastMs, 0.99)
          << " answer_p50_ms=" << percentile(toAnswerMs, 0.5) << " cpu_ms_per_post=" << cpuPerPostMs
          << " incomplete=" << incomplete << Qt::endl;
    owner.socket().close();
    for (auto &r : readers)
        r->socket().close();
    server->stop();
    ::close(epollFd);
    return incomplete == 0 ? 0 : 2;
}
