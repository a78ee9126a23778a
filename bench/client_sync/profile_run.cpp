#include "profile_run.h"

#include "storage/tables/account_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"

#include <QTest>

namespace msgr::bench {
namespace {

// A fixed raw key, as the tests use: the benchmark needs no keychain, and a raw key skips the
// passphrase KDF, so only the page encryption is measured.
QByteArray benchKey() {
    return QByteArray(32, '\x5a');
}

// Runs one asynchronous store call and waits for its answer.
template <typename T, typename Start> std::optional<T> await(Start start, int timeoutMs) {
    std::optional<T> result;
    QObject context;
    start(&context, [&result](T value) { result = std::move(value); });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs);
    return result;
}

} // namespace

ProfileRun::ProfileRun(StoreKind kind, const QString &directory, const QUrl &serverUrl)
    : m_kind(kind), m_directory(directory) {
    m_engine = new core::SyncEngine(&m_store, {serverUrl, QStringLiteral("bench")});
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &core::SyncEngine::signedIn, this,
            [this](qint64 id, const QString &) { m_userId = id; });
    connect(m_engine, &core::SyncEngine::authFailed, this,
            [this](protocol::ErrorCode, const QString &message) { m_authError = message; });
    connect(m_engine, &core::SyncEngine::synced, this, [this](qint64 pts) {
        ++m_syncs;
        m_syncedPts = pts;
    });
    m_thread.start();
}

ProfileRun::~ProfileRun() {
    m_engine->shutdown();
    m_thread.quit();
    m_thread.wait();
    // A read is answered after every write queued before it has committed.
    (void)await<std::optional<storage::AccountState>>(
        [&](QObject *ctx, auto done) {
            m_store.read(
                [](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); }, ctx,
                done);
        },
        60'000);
}

bool ProfileRun::open(int timeoutMs) {
    const auto result = await<storage::OpenResult>(
        [&](QObject *ctx, auto done) {
            if (m_kind == StoreKind::Encrypted)
                m_store.open(m_directory, benchKey(), ctx, done);
            else
                m_store.openPlaintextForBenchmark(m_directory, ctx, done);
        },
        timeoutMs);
    return result && result->ok();
}

void ProfileRun::start() {
    m_engine->start();
}

bool ProfileRun::logIn(const QString &username, const QString &password, int timeoutMs) {
    m_engine->logIn(username, password);
    return QTest::qWaitFor([&] { return (m_userId > 0 && m_syncs > 0) || !m_authError.isEmpty(); },
                           timeoutMs) &&
           m_authError.isEmpty();
}

bool ProfileRun::waitSynced(qint64 pts, int timeoutMs) {
    return QTest::qWaitFor([&] { return m_syncs > 0 && m_syncedPts >= pts; }, timeoutMs);
}

std::optional<int> ProfileRun::unreadCount(qint64 chatId, int timeoutMs) {
    const auto chat = await<std::optional<storage::ChatRecord>>(
        [&](QObject *ctx, auto done) {
            m_store.read(
                [chatId](storage::ReadTransaction &tx) {
                    return storage::ChatsTable::load(tx, chatId);
                },
                ctx, done);
        },
        timeoutMs);
    if (!chat || !*chat)
        return std::nullopt;
    return (*chat)->unreadCount;
}

QString ProfileRun::newestText(qint64 chatId, int timeoutMs) {
    const auto page = await<QList<storage::MessageRecord>>(
        [&](QObject *ctx, auto done) {
            m_store.read(
                [chatId](storage::ReadTransaction &tx) {
                    return storage::MessagesTable::page(tx, chatId, 0, 1);
                },
                ctx, done);
        },
        timeoutMs);
    return page && !page->isEmpty() ? page->last().text : QString();
}

} // namespace msgr::bench
