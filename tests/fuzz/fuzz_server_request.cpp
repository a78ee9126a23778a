// libFuzzer target: the server's request path end to end, without sockets. One input is one
// connection: a flags byte, then the WebSocket messages the peer sends, separated by
// kSeparator. They go to a server::ClientSession (hello, rate limit, decode, dispatch) over the
// real handlers, AuthService and a real SqliteStore in a temporary folder, exactly as the edge
// hands them over; a FrameSink collects what the server sends back. Checked beyond "no crash,
// no sanitizer report":
//  - every frame the server sends decodes as a server frame and fits the 1 MiB cap;
//  - nothing but an error precedes `welcome`;
//  - every request the session accepted is answered (inFlight() returns to 0);
//  - server::peekRequestId never invents an id.
// The store, the bus and the auth service live for the whole run (opening a store per input
// would cost more than the input): state carries over between inputs, as it does between
// connections. Two users (alice, bob) with a private chat and messages exist from the start;
// flag bit 1 binds the connection to alice's device as a successful log-in would. The high four
// bits pick the peer's address among 16, so the per-address log-in and sign-up limits a run
// exhausts for one address do not close those paths for the whole run.
#include "crypto/password_hash.h"
#include "crypto/session_token.h"
#include "fuzz_support.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "server/auth_service.h"
#include "server/bundle_fetch_limiter.h"
#include "server/client_session.h"
#include "server/domain/domain.h"
#include "server/frame_sink.h"
#include "server/local_fanout_bus.h"
#include "server/metrics.h"
#include "server/read_pool.h"
#include "server/request_id_peek.h"
#include "server/store/sqlite_store.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>

using namespace msgr;
using namespace msgr::server;

namespace {

//! Between two messages of one input; also in the dictionary.
constexpr char kSeparator[] = "--msg--";
//! Messages per input past which the rest is ignored (the rate limit would refuse them anyway).
constexpr int kMaxMessages = 64;
//! How long the answers to one input may take (a log-in hashes with Argon2id, ~0.1 s).
constexpr int kAnswerDeadlineMs = 8000;

enum Flags : uint8_t {
    SendHello = 1 << 0,     // a valid hello goes first, so requests reach the handlers
    Authenticated = 1 << 1, // then the session is bound to alice's device
    FirstIsText = 1 << 2,   // the first message arrives as a text message
    AddressShift = 4,       // bits 4-7: the peer address 192.0.2.<n>
};

//! The connection thread's queue: ConnectionLink posts here from the store's writer thread and
//! the hash pool; the harness runs the posted calls on its own (the "connection") thread.
class PostedQueue {
public:
    void post(std::function<void()> fn) {
        {
            std::lock_guard lock(m_mutex);
            m_calls.push_back(std::move(fn));
        }
        m_ready.notify_one();
    }
    //! Runs what is queued; waits up to `waitMs` for a first call when there is none.
    void runPending(int waitMs) {
        std::deque<std::function<void()>> calls;
        {
            std::unique_lock lock(m_mutex);
            if (m_calls.empty() && waitMs > 0)
                m_ready.wait_for(lock, std::chrono::milliseconds(waitMs),
                                 [&] { return !m_calls.empty(); });
            calls.swap(m_calls);
        }
        for (auto &call : calls)
            call();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_calls;
};

class CheckingSink final : public FrameSink {
public:
    void sendFrame(const QByteArray &frame) override {
        FUZZ_CHECK(frame.size() <= protocol::kMaxFrameBytes);
        const protocol::DecodeResult decoded = protocol::decodeFrame(frame);
        const auto *decodedFrame = std::get_if<protocol::Frame>(&decoded);
        FUZZ_CHECK(decodedFrame != nullptr);
        const bool isWelcome = std::holds_alternative<protocol::Welcome>(*decodedFrame);
        const bool isError = std::holds_alternative<protocol::Error>(*decodedFrame);
        FUZZ_CHECK(isWelcome || isError ||
                   std::holds_alternative<protocol::Result>(*decodedFrame) ||
                   std::holds_alternative<protocol::UpdateFrame>(*decodedFrame));
        FUZZ_CHECK(m_welcomed || isWelcome || isError); // nothing else before the handshake
        FUZZ_CHECK(!(m_welcomed && isWelcome));         // one welcome per connection
        m_welcomed = m_welcomed || isWelcome;
    }
    void closeWith(quint16, const QString &reason) override { FUZZ_CHECK(!reason.isEmpty()); }
    void sessionStateChanged() override {}

private:
    bool m_welcomed = false;
};

template <typename T>
T await(const std::function<void(std::function<void(StoreResult<T>)>)> &call) {
    std::promise<StoreResult<T>> promise;
    call([&](StoreResult<T> result) { promise.set_value(std::move(result)); });
    StoreResult<T> result = promise.get_future().get();
    if (const StoreError *error = storeError(result)) {
        std::fprintf(stderr, "fuzz_server_request: setup write failed (%d)\n", int(*error));
        std::abort();
    }
    return std::get<T>(std::move(result));
}

struct Server {
    QTemporaryDir dir;
    std::unique_ptr<Metrics> metrics = std::make_unique<Metrics>();
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<domain::Domain> domain;
    std::unique_ptr<ReadPool> reads = std::make_unique<ReadPool>(2, 10'000);
    std::unique_ptr<LocalFanoutBus> bus;
    ServerContext context;
    std::unique_ptr<AuthService> auth;
    BundleFetchLimiter bundleFetches;
    qint64 alice = 0;
    qint64 aliceDevice = 0;

    Server() {
        QString error;
        store = SqliteStore::open(dir.path(), SqliteStoreOptions{}, &error);
        if (!store) {
            std::fprintf(stderr, "fuzz_server_request: %s\n", qPrintable(error));
            std::abort();
        }
        domain = std::make_unique<domain::Domain>(*store);
        bus = std::make_unique<LocalFanoutBus>(metrics.get());
        context = ServerContext{store.get(), domain.get(), bus.get(), metrics.get(), nullptr};
        context.reads = reads.get();
        auth = std::make_unique<AuthService>(context);
        context.auth = auth.get();
        context.bundleFetches = &bundleFetches;
        seed();
    }

    // The users the seed corpus talks about: alice (id 1, password "correct horse", token
    // "seedtoken…"), bob (id 2), their private chat (id 1) with a few messages.
    void seed() {
        const QByteArray hash = *crypto::hashPassword("correct horse");
        const auto user = [&](const char *name) {
            return await<protocol::User>([&](auto done) {
                domain->accounts.createAccount(QString::fromLatin1(name), QString::fromLatin1(name),
                                               hash, nowMs(), std::move(done));
            });
        };
        alice = user("alice").id;
        const qint64 bob = user("bob").id;
        const QString token(protocol::kTokenChars, QLatin1Char('s'));
        aliceDevice = await<NewDevice>([&](auto done) {
                          domain->accounts.createDevice(alice, QStringLiteral("seed"),
                                                        crypto::sessionTokenHash(token), nowMs(),
                                                        std::move(done));
                      }).deviceId;
        const qint64 chat = await<OpenedChat>([&](auto done) {
                                domain->chats.openPrivateChat(alice, bob, nowMs(), std::move(done));
                            }).chat.id;
        for (qint64 randomId = 1; randomId <= 3; ++randomId)
            await<AppendedMessage>([&](auto done) {
                domain->messages.appendMessage(alice, chat, randomId,
                                               QStringLiteral("seed message"), nowMs(),
                                               std::move(done));
            });
    }
};

Server &sharedServer() {
    static Server *instance = [] {
        // Handlers log every refusal; at fuzzing speed that is all the output would be.
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false\n"
                                                        "*.warning=false"));
        return new Server; // never destroyed: the process ends with libFuzzer's exit
    }();
    return *instance;
}

QList<QByteArrayView> splitMessages(QByteArrayView input) {
    QList<QByteArrayView> messages;
    const QByteArrayView separator(kSeparator);
    while (messages.size() < kMaxMessages) {
        const qsizetype at = input.indexOf(separator);
        if (at < 0) {
            messages.append(input);
            break;
        }
        messages.append(input.first(at));
        input = input.sliced(at + separator.size());
    }
    return messages;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    Server &s = sharedServer();
    const uint8_t flags = data[0];
    const QByteArray input = msgr::fuzz::inputBytes(data + 1, size - 1);

    // Shared with the session's link: a writer thread may still hold the link (a fan-out right
    // after the last answer) when this input is done; its post must land somewhere alive.
    const auto queue = std::make_shared<PostedQueue>();
    CheckingSink sink;
    std::shared_ptr<ClientSession> session = ClientSession::create(
        s.context, sink, QStringLiteral("192.0.2.%1").arg(flags >> AddressShift),
        std::make_shared<LinkMailbox>(
            [queue](std::function<void()> fn) { queue->post(std::move(fn)); }));
    if (flags & SendHello)
        session->onMessage(protocol::encodeFrame(protocol::Hello{{protocol::kProtocolVersion},
                                                                 QStringLiteral("fuzz")}),
                           false);
    if ((flags & Authenticated) && session->welcomed())
        session->authenticate(s.alice, s.aliceDevice);

    bool first = true;
    for (const QByteArrayView message : splitMessages(input)) {
        FUZZ_CHECK(peekRequestId(message) >= 0);
        session->onMessage(message, first && (flags & FirstIsText));
        first = false;
        queue->runPending(0);
    }
    const QDeadlineTimer deadline(kAnswerDeadlineMs);
    while (session->inFlight() > 0 && !deadline.hasExpired())
        queue->runPending(10);
    FUZZ_CHECK(session->inFlight() == 0); // every accepted request was answered

    session->detachSink();
    session.reset();
    queue->runPending(0); // late posts find no session and do nothing
    return 0;
}
