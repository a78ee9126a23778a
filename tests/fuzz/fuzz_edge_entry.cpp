// libFuzzer target: the server's network entry, end to end over loopback TCP. One input is the
// byte stream one peer sends on one connection (HTTP request, WebSocket upgrade, frames...);
// the real EdgeServer (Beast's HTTP parser and WebSocket framing, HttpSession, WsSession,
// ClientSession, handlers, a real store in a temporary folder) answers it. The input is sent,
// the client's side is shut down for writing, and the answer is read to the end. Checked beyond
// "no crash, no sanitizer report":
//  - the server closes the connection on its own, within its (shortened) deadlines;
//  - it never sends more than a bound for one input;
//  - it keeps accepting connections (every input opens a new one).
// Slow per input (a TCP connection each), so it complements fuzz_server_request, which drives
// the protocol logic without sockets at thousands of inputs per second.
#include "fuzz_support.h"
#include "server/auth_service.h"
#include "server/bundle_fetch_limiter.h"
#include "server/domain/domain.h"
#include "server/edge/edge_server.h"
#include "server/local_fanout_bus.h"
#include "server/media/local_blob_store.h"
#include "server/media/upload_service.h"
#include "server/metrics.h"
#include "server/read_pool.h"
#include "server/store/sqlite_store.h"

#include <QLoggingCategory>
#include <QTemporaryDir>
#include <chrono>

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace msgr;
using namespace msgr::server;

namespace {

// The server must have closed within this time after the peer's EOF (its close and upgrade
// deadlines below are far shorter).
constexpr int kCloseDeadlineMs = 5000;
// More than the answers one input can provoke (error frames, a page of history, HTTP answers).
constexpr size_t kMaxAnswerBytes = 8 * 1024 * 1024;

struct Edge {
    QTemporaryDir dir;
    Metrics metrics;
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<domain::Domain> domain;
    std::unique_ptr<ReadPool> reads = std::make_unique<ReadPool>(2, 10'000);
    std::unique_ptr<LocalFanoutBus> bus;
    ServerContext context;
    std::unique_ptr<AuthService> auth;
    BundleFetchLimiter bundleFetches;
    std::unique_ptr<media::UploadService> uploads; // the tus routes are fuzzed too
    std::unique_ptr<EdgeServer> edge;
    quint16 port = 0;

    Edge() {
        QString error;
        store = SqliteStore::open(dir.path(), SqliteStoreOptions{}, &error);
        FUZZ_CHECK(store != nullptr);
        domain = std::make_unique<domain::Domain>(*store);
        bus = std::make_unique<LocalFanoutBus>(&metrics);
        context = ServerContext{store.get(), domain.get(), bus.get(), &metrics, nullptr};
        context.reads = reads.get();
        auth = std::make_unique<AuthService>(context);
        context.auth = auth.get();
        context.bundleFetches = &bundleFetches;
        auto blobs = media::LocalBlobStore::open(dir.path() + QStringLiteral("/media"), &error);
        FUZZ_CHECK(blobs != nullptr);
        uploads = std::make_unique<media::UploadService>(
            *store, domain->accounts, *reads, std::move(blobs), AuthLimits{}.sessionIdleMs);
        context.uploads = uploads.get();
        EdgeSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = 0;
        settings.threads = 1;
        settings.maxConnections = 64;
        settings.limits.upgradeTimeoutMs = 500;
        settings.limits.helloTimeoutMs = 500;
        settings.limits.loginTimeoutMs = 1000;
        settings.limits.closeTimeoutMs = 300;
        settings.metricsFrom = *parseAddressRanges(QStringLiteral("127.0.0.1"));
        edge = std::make_unique<EdgeServer>(context, settings);
        FUZZ_CHECK(edge->start(&error));
        bool ok = false;
        port = quint16(edge->boundAddress().section(u':', -1).toUInt(&ok));
        FUZZ_CHECK(ok && port != 0);
    }
};

Edge &edge() {
    static Edge *instance = [] {
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false\n"
                                                        "*.warning=false"));
        return new Edge; // never destroyed: the process ends with libFuzzer's exit
    }();
    return *instance;
}

int connectTo(quint16 port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    FUZZ_CHECK(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int connected = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    if (connected != 0 && errno == EINTR) {
        // libFuzzer's timeout alarm (SIGALRM) interrupted it, and the connection goes on in the
        // background (a repeated connect() would answer EALREADY): wait for it to be made.
        pollfd p{fd, POLLOUT, 0};
        while (::poll(&p, 1, kCloseDeadlineMs) < 0 && errno == EINTR) {
        }
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
            error = errno;
        errno = error;
        connected = error == 0 ? 0 : -1;
    }
    if (connected != 0)
        std::fprintf(stderr, "connect to the edge on loopback failed: %s\n", std::strerror(errno));
    FUZZ_CHECK(connected == 0);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

//! Reads until the server closes; false if it did not within the deadline.
bool drainUntilClosed(int fd, size_t *received) {
    char buffer[16384];
    int remainingMs = kCloseDeadlineMs;
    while (remainingMs > 0) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 50);
        if (ready < 0 && errno == EINTR)
            continue; // libFuzzer's timeout alarm (SIGALRM) interrupts waits
        if (ready < 0)
            return false;
        if (ready == 0) {
            remainingMs -= 50;
            continue;
        }
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return true; // EOF or reset: closed
        *received += size_t(n);
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Edge &server = edge();
    const int fd = connectTo(server.port);
    size_t sent = 0;
    while (sent < size) {
        const ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // the server closed early (it refused what it read): fine
        sent += size_t(n);
    }
    ::shutdown(fd, SHUT_WR);
    size_t received = 0;
    const auto started = std::chrono::steady_clock::now();
    if (!drainUntilClosed(fd, &received)) {
        std::fprintf(stderr,
                     "fuzz_edge_entry: not closed after %lld ms; %zu of %zu bytes sent, "
                     "%zu received, %d connections open\n",
                     qint64(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count()),
                     sent, size, received, int(server.metrics.connections()));
        FUZZ_CHECK(!"the server closes the connection on its own");
    }
    FUZZ_CHECK(received <= kMaxAnswerBytes);
    ::close(fd);
    return 0;
}
