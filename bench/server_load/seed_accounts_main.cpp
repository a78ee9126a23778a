// bench_seed_accounts: creates the bench's accounts straight in a server's database, through
// the server's own store and domain layer (Accounts::createAccount, Accounts::createDevice),
// without auth.signUp.
//
//   bench_seed_accounts WORK_DIR USERS
//
// Sign-up through the server costs one Argon2id hash (64 MiB, 2 passes) per account: about 24
// per second on an idle 2-core machine and 0.2-1.7 per second under load, so 10,000 accounts
// took hours. Here the bench password is hashed once and every account stores that hash (each
// can still sign in with the password, as a signed-up one); each gets one device whose token
// goes to WORK_DIR/accounts.tsv, and the bench logs in by token (auth.resume: one BLAKE2b
// hash, no Argon2id). The server must not run on WORK_DIR/data meanwhile; the database is
// created or migrated like the server does. Only for benchmarks: it writes a database file and
// never talks to a server.
#include "bench/server_load/account_file.h"
#include "bench/server_load/bench_password.h"
#include "crypto/password_hash.h"
#include "crypto/session_token.h"
#include "server/domain/accounts.h"
#include "server/store/sqlite_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QStringList>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

namespace {

//! Writes queued at once (below the store's default queue bound of 10,000).
constexpr int kSeedChunk = 1000;
constexpr int kSeedMaxUsers = 1'000'000;

//! Counts the store's answers (they arrive on its writer thread) until a chunk is complete.
class SeedLatch {
public:
    void expect(int n) {
        std::lock_guard lock(m_mutex);
        m_pending += n;
    }
    void done(bool ok) {
        std::lock_guard lock(m_mutex);
        --m_pending;
        m_failed += ok ? 0 : 1;
        m_changed.notify_all();
    }
    //! Waits for every expected answer; false when one of them failed.
    bool wait() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_pending == 0; });
        return m_failed == 0;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_pending = 0;
    int m_failed = 0;
};

int seedFail(const QString &message) {
    std::fprintf(stderr, "bench_seed_accounts: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char **argv) {
    namespace server = msgr::server;
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    bool ok = false;
    const int users = args.size() == 3 ? args.at(2).toInt(&ok) : 0;
    if (!ok || users < 1 || users > kSeedMaxUsers)
        return seedFail(
            QStringLiteral("usage: bench_seed_accounts WORK_DIR USERS (1-%1)").arg(kSeedMaxUsers));
    const QDir work(args.at(1));
    msgr::bench::AccountFile accountFile(work.filePath(QStringLiteral("accounts.tsv")));
    QString error;
    if (!accountFile.load(&error))
        return seedFail(error);
    if (!accountFile.accounts().empty())
        return seedFail(QStringLiteral("%1 already lists accounts").arg(accountFile.path()));

    std::unique_ptr<server::SqliteStore> store = server::SqliteStore::open(
        work.filePath(QStringLiteral("data")), server::SqliteStoreOptions{}, &error);
    if (!store)
        return seedFail(error);
    server::domain::Accounts accounts(*store);
    const std::optional<QByteArray> passwordHash =
        msgr::crypto::hashPassword(QByteArray(msgr::bench::kBenchPassword));
    if (!passwordHash)
        return seedFail(QStringLiteral("Argon2id: out of memory"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch(); // a fresh last-seen keeps tokens live

    // Seed names, as seed_accounts.py wrote them: seed00001...
    std::vector<qint64> userIds(size_t(users), 0);
    for (int first = 0; first < users; first += kSeedChunk) {
        const int last = std::min(users, first + kSeedChunk);
        SeedLatch latch;
        latch.expect(last - first);
        for (int i = first; i < last; ++i) {
            const QString name = QStringLiteral("seed%1").arg(i + 1, 5, 10, QLatin1Char('0'));
            accounts.createAccount(
                name, name, *passwordHash, now,
                [&latch, &userIds, i](server::StoreResult<msgr::protocol::User> r) {
                    const auto *user = std::get_if<msgr::protocol::User>(&r);
                    if (user)
                        userIds[size_t(i)] = user->id;
                    latch.done(user != nullptr);
                });
        }
        if (!latch.wait())
            return seedFail(QStringLiteral("creating accounts failed (names taken? the "
                                           "database must have no seed accounts yet)"));
    }
    std::vector<QString> tokens(static_cast<size_t>(users));
    for (int first = 0; first < users; first += kSeedChunk) {
        const int last = std::min(users, first + kSeedChunk);
        SeedLatch latch;
        latch.expect(last - first);
        for (int i = first; i < last; ++i) {
            tokens[size_t(i)] = msgr::crypto::newSessionToken();
            accounts.createDevice(userIds[size_t(i)], QStringLiteral("bench"),
                                  msgr::crypto::sessionTokenHash(tokens[size_t(i)]), now,
                                  [&latch](server::StoreResult<server::NewDevice> r) {
                                      latch.done(server::storeError(r) == nullptr);
                                  });
        }
        if (!latch.wait())
            return seedFail(QStringLiteral("creating devices failed"));
    }
    store.reset(); // every write is committed; the WAL is folded back into server.db
    for (int i = 0; i < users; ++i) {
        const QString name = QStringLiteral("seed%1").arg(i + 1, 5, 10, QLatin1Char('0'));
        if (!accountFile.append({name, userIds[size_t(i)], tokens[size_t(i)]}))
            return seedFail(QStringLiteral("cannot write %1").arg(accountFile.path()));
    }
    std::printf("bench_seed_accounts: %d accounts in %s\n", users, qPrintable(work.path()));
    return 0;
}
