#include "tests/integration/supergroup_seed.h"

#include "crypto/session_token.h"
#include "server/domain/domain.h"
#include "server/store/sqlite_store.h"

#include <QDateTime>
#include <future>

namespace msgr::test {

namespace {
using namespace msgr::server;

bool writeAndWait(Store &store, const std::function<bool(RecordWriter &)> &unit) {
    std::promise<bool> committed;
    if (store.write(unit, [&committed](bool ok) { committed.set_value(ok); }) !=
        Store::Admission::Queued)
        return false;
    return committed.get_future().get();
}

//! A user with an update log and one device holding `token`; no password anyone could use.
qint64 insertUser(RecordWriter &records, const QString &name, const QString &token, qint64 now) {
    const qint64 id = records.insertUser(name, name, QByteArrayLiteral("seed-no-password"), now);
    records.createLog(id);
    if (!token.isEmpty())
        records.insertDevice(id, QStringLiteral("seed"), crypto::sessionTokenHash(token), now);
    return id;
}
} // namespace

SeededSupergroup seedSupergroup(const QString &dataDir, const QString &title, int members,
                                QString *error) {
    SeededSupergroup seeded;
    std::unique_ptr<SqliteStore> store = SqliteStore::open(dataDir, SqliteStoreOptions{}, error);
    if (!store)
        return seeded;
    domain::Domain domain(*store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    seeded.ownerToken = crypto::newSessionToken();
    seeded.memberToken = crypto::newSessionToken();
    qint64 ownerId = 0;
    if (!writeAndWait(*store, [&](RecordWriter &records) {
            ownerId = insertUser(records, title + QStringLiteral("_owner"), seeded.ownerToken, now);
            return true;
        })) {
        *error = QStringLiteral("could not create the owner");
        return seeded;
    }
    // The supergroup itself as the server makes one (supergroups.create).
    std::promise<StoreResult<domain::ChannelChange>> created;
    domain.supergroups.create(
        ownerId, 1, title, {}, QString(), now,
        [&created](StoreResult<domain::ChannelChange> r) { created.set_value(std::move(r)); });
    const StoreResult<domain::ChannelChange> made = created.get_future().get();
    if (made.index() != 0 || std::get<0>(made).refused) {
        *error = QStringLiteral("could not create the supergroup");
        return seeded;
    }
    seeded.chatId = std::get<0>(made).channel.id;
    // Members as rows, in one unit (what channels.addSubscribers writes, minus each member's
    // own-log entry, which no test here reads).
    if (!writeAndWait(*store, [&](RecordWriter &records) {
            for (int i = 0; i < members; ++i) {
                const qint64 id = insertUser(records, title + QStringLiteral("_m%1").arg(i),
                                             i == 0 ? seeded.memberToken : QString(), now);
                records.insertChannelMember(seeded.chatId, id, MemberRole::Member, now);
            }
            return true;
        })) {
        *error = QStringLiteral("could not add the members");
        return seeded;
    }
    return seeded;
}

} // namespace msgr::test
