#include "bench/channel_post/seed_store.h"

#include "crypto/session_token.h"
#include "server/domain/domain.h"
#include "server/store/sqlite_store.h"

#include <QDateTime>
#include <future>

namespace msgr::bench {

namespace {
using namespace msgr::server;

//! Runs one write unit and waits for its commit.
bool writeAndWait(Store &store, const std::function<bool(RecordWriter &)> &unit) {
    std::promise<bool> committed;
    const Store::Admission admission =
        store.write(unit, [&committed](bool ok) { committed.set_value(ok); });
    if (admission != Store::Admission::Queued)
        return false;
    return committed.get_future().get();
}

//! A user with an update log (as Accounts::createAccount makes one, minus the Argon2id hash,
//! which nobody will ever check: these users log in by token).
qint64 insertUser(RecordWriter &records, const QString &name, qint64 now) {
    const qint64 id = records.insertUser(name, name, QByteArrayLiteral("bench-no-password"), now);
    records.createLog(id);
    return id;
}
} // namespace

SeededChannel seedChannel(const QString &dataDir, int subscribers, int online, QString *error) {
    SeededChannel seeded;
    std::unique_ptr<SqliteStore> store = SqliteStore::open(dataDir, SqliteStoreOptions{}, error);
    if (!store)
        return seeded;
    domain::Domain domain(*store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    qint64 ownerId = 0;
    seeded.ownerToken = crypto::newSessionToken();
    if (!writeAndWait(*store, [&](RecordWriter &records) {
            ownerId = insertUser(records, QStringLiteral("owner"), now);
            records.insertDevice(ownerId, QStringLiteral("bench"),
                                 crypto::sessionTokenHash(seeded.ownerToken), now);
            return true;
        })) {
        *error = QStringLiteral("could not create the owner");
        return seeded;
    }
    std::promise<StoreResult<domain::ChannelChange>> created;
    domain.channels.create(
        ownerId, 1, QStringLiteral("Bench channel"), QStringLiteral("100k subscribers"),
        QStringLiteral("bench"), now,
        [&created](StoreResult<domain::ChannelChange> r) { created.set_value(std::move(r)); });
    const StoreResult<domain::ChannelChange> channel = created.get_future().get();
    if (channel.index() != 0 || std::get<0>(channel).refused) {
        *error = QStringLiteral("could not create the channel");
        return seeded;
    }
    seeded.channelId = std::get<0>(channel).channel.id;

    // 10,000 subscribers per unit: one transaction each, not 100,000.
    constexpr int kPerUnit = 10'000;
    for (int first = 0; first < subscribers; first += kPerUnit) {
        const int last = std::min(subscribers, first + kPerUnit);
        QStringList tokens;
        const bool ok = writeAndWait(*store, [&](RecordWriter &records) {
            tokens.clear();
            for (int i = first; i < last; ++i) {
                const qint64 id = insertUser(records, QStringLiteral("s%1").arg(i), now);
                records.insertChannelMember(seeded.channelId, id, MemberRole::Member, now);
                if (i < online) {
                    tokens.append(crypto::newSessionToken());
                    records.insertDevice(id, QStringLiteral("bench"),
                                         crypto::sessionTokenHash(tokens.last()), now);
                }
            }
            return true;
        });
        if (!ok) {
            *error = QStringLiteral("could not add subscribers %1..%2").arg(first).arg(last);
            return seeded;
        }
        seeded.subscriberTokens += tokens;
    }
    return seeded;
}

SeededUsers seedUsers(const QString &dataDir, int users, int withTokens, QString *error) {
    SeededUsers seeded;
    std::unique_ptr<SqliteStore> store = SqliteStore::open(dataDir, SqliteStoreOptions{}, error);
    if (!store)
        return seeded;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    seeded.ownerToken = crypto::newSessionToken();
    if (!writeAndWait(*store, [&](RecordWriter &records) {
            const qint64 ownerId = insertUser(records, QStringLiteral("owner"), now);
            records.insertDevice(ownerId, QStringLiteral("bench"),
                                 crypto::sessionTokenHash(seeded.ownerToken), now);
            return true;
        })) {
        *error = QStringLiteral("could not create the owner");
        return seeded;
    }
    constexpr int kPerUnit = 10'000;
    for (int first = 0; first < users; first += kPerUnit) {
        const int last = std::min(users, first + kPerUnit);
        QStringList tokens;
        QList<qint64> ids;
        const bool ok = writeAndWait(*store, [&](RecordWriter &records) {
            tokens.clear();
            ids.clear();
            for (int i = first; i < last; ++i) {
                ids.append(insertUser(records, QStringLiteral("m%1").arg(i), now));
                if (i < withTokens) {
                    tokens.append(crypto::newSessionToken());
                    records.insertDevice(ids.last(), QStringLiteral("bench"),
                                         crypto::sessionTokenHash(tokens.last()), now);
                }
            }
            return true;
        });
        if (!ok) {
            *error = QStringLiteral("could not add users %1..%2").arg(first).arg(last);
            return seeded;
        }
        seeded.userIds += ids;
        seeded.tokens += tokens;
    }
    return seeded;
}

} // namespace msgr::bench
