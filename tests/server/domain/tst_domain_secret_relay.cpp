// The secret chats' key directory and relay of server/domain/secret_relay.* over the real SQLite
// store: a bundle is checked before it is kept, a one-time pre-key is handed out once even to
// two fetchers at the same moment, the pool and the queues are bounded, an acknowledgement
// deletes, envelopes expire, and a signed-out device takes its keys and queue with it.
#include "crypto/secret/pre_key_bundle.h"
#include "protocol/api/secret.h"
#include "tests/server/domain/domain_fixture.h"

#include <atomic>

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::ErrorCode;
using server::domain::Refusable;
using server::domain::SecretRelay;
using server::domain::SecretRelayLimits;
namespace secret = crypto::secret;

namespace {

//! A device's keys as its client would make them (crypto/secret/).
struct Keys {
    secret::DeviceIdentity identity = secret::DeviceIdentity::generate();
    secret::SignedPreKey signedPreKey;
    secret::OneTimePreKeyPool pool;

    explicit Keys(qint64 createdAt)
        : signedPreKey(secret::SignedPreKey::create(identity, 1, createdAt)) {}
    QByteArray bundle() const {
        return secret::encodePreKeyBundle(
            {identity.publicIdentity(), signedPreKey.publicKey(), std::nullopt});
    }
    QList<protocol::api::SecretPreKey> preKeys(int count) {
        QList<protocol::api::SecretPreKey> keys;
        for (const auto &k : pool.generate(count))
            keys.append({k.id, k.publicKey});
        return keys;
    }
};

template <typename T> bool refusedWith(const StoreResult<Refusable<T>> &r, ErrorCode code) {
    return r.index() == 0 && std::get<0>(r).refused && std::get<0>(r).refused->code == code;
}
template <typename T> bool accepted(const StoreResult<Refusable<T>> &r) {
    return r.index() == 0 && !std::get<0>(r).refused;
}
template <typename T> T acceptedValue(const StoreResult<Refusable<T>> &r) {
    return accepted(r) ? std::get<0>(r).value : T{};
}

//! The one-time pre-key id in a fetched bundle, or -1 when it has none (or is not a bundle).
qint64 oneTimeKeyId(const StoreResult<QByteArray> &fetched) {
    if (fetched.index() != 0)
        return -2;
    const auto bundle = secret::decodePreKeyBundle(std::get<0>(fetched));
    if (!bundle.ok())
        return -2;
    return bundle->oneTimePreKey ? qint64(bundle->oneTimePreKey->id) : -1;
}

} // namespace

class TestDomainSecretRelay : public QObject {
    Q_OBJECT

    struct Relay {
        explicit Relay(SecretRelayLimits limits = {}) {
            if (f.store)
                relay = std::make_unique<SecretRelay>(*f.store, limits);
        }
        Fixture f;
        std::unique_ptr<SecretRelay> relay;

        qint64 device(qint64 userId) {
            auto r = await<NewDevice>([&](auto done) {
                f.domain->accounts.createDevice(
                    userId, "phone", QByteArray::number(++f.nextRandomId), ++f.clock, done);
            });
            return r.index() == 0 ? std::get<0>(r).deviceId : 0;
        }
        StoreResult<Refusable<qint64>> publish(qint64 user, qint64 device,
                                               const QByteArray &bundle) {
            return await<Refusable<qint64>>(
                [&](auto done) { relay->publishKeys(user, device, bundle, f.clock, done); });
        }
        StoreResult<Refusable<qint64>> upload(qint64 device,
                                              const QList<protocol::api::SecretPreKey> &keys) {
            return await<Refusable<qint64>>(
                [&](auto done) { relay->uploadPreKeys(device, keys, done); });
        }
        StoreResult<QByteArray> take(qint64 user, qint64 device) {
            return await<QByteArray>([&](auto done) { relay->takeBundle(user, device, done); });
        }
        StoreResult<Refusable<SecretEnvelopeRecord>> send(qint64 fromUser, qint64 fromDevice,
                                                          qint64 user, qint64 device,
                                                          const QByteArray &body, qint64 now) {
            return await<Refusable<SecretEnvelopeRecord>>([&](auto done) {
                relay->send(fromUser, fromDevice, user, device, body, now, done);
            });
        }
        QList<qint64> queuedIds(qint64 device, qint64 now) {
            QList<qint64> ids;
            for (const auto &e : valueOr(relay->queue(device, 0, 100, now)))
                ids.append(e.id);
            return ids;
        }
        StoreResult<qint64> ack(qint64 device, qint64 maxId) {
            return await<qint64>([&](auto done) { relay->ack(device, maxId, done); });
        }
    };

private slots:
    void aBundleIsCheckedBeforeItIsKept() {
        Relay r;
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice");
        const qint64 phone = r.device(alice);
        Keys keys(r.f.clock);

        QVERIFY(refusedWith(r.publish(alice, phone, "not cbor"), ErrorCode::BadRequest));

        secret::PreKeyBundle withOneTime{keys.identity.publicIdentity(),
                                         keys.signedPreKey.publicKey(),
                                         secret::PublicOneTimePreKey{1, QByteArray(32, 'k')}};
        QVERIFY(refusedWith(r.publish(alice, phone, secret::encodePreKeyBundle(withOneTime)),
                            ErrorCode::BadRequest));

        secret::PreKeyBundle forged{keys.identity.publicIdentity(), keys.signedPreKey.publicKey(),
                                    std::nullopt};
        forged.signedPreKey.signature[5] = char(forged.signedPreKey.signature[5] ^ 1);
        QVERIFY(refusedWith(r.publish(alice, phone, secret::encodePreKeyBundle(forged)),
                            ErrorCode::KeyInvalid));

        Keys stale(r.f.clock - secret::kMaxSignedPreKeyAgeMs - 1);
        QVERIFY(refusedWith(r.publish(alice, phone, stale.bundle()), ErrorCode::KeyInvalid));

        // Nothing refused was kept: the device is listed only once a good bundle is published.
        QVERIFY(valueOr(r.relay->devices(alice)).isEmpty());
        QCOMPARE(acceptedValue(r.publish(alice, phone, keys.bundle())), qint64(0));
        const auto listed = valueOr(r.relay->devices(alice));
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().deviceId, phone);
        QVERIFY(failedWith(r.relay->devices(9999), StoreError::NotFound));

        // A publish for another user's device (or none) writes nothing.
        const qint64 bob = r.f.userId("bob");
        QVERIFY(failedWith(r.publish(bob, phone, keys.bundle()), StoreError::NotFound));
    }

    void aOneTimePreKeyIsHandedOutOnceEvenToConcurrentFetchers() {
        Relay r;
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice");
        const qint64 phone = r.device(alice);
        Keys keys(r.f.clock);
        QVERIFY(accepted(r.publish(alice, phone, keys.bundle())));
        QCOMPARE(acceptedValue(r.upload(phone, keys.preKeys(2))), qint64(2));

        // Both fetches are queued before either runs: the writer serialises them, and each
        // takes and deletes its key in its own unit.
        StoreResult<QByteArray> first = StoreError::Internal, second = StoreError::Internal;
        std::atomic<int> answered{0};
        r.relay->takeBundle(alice, phone, [&](StoreResult<QByteArray> b) {
            first = std::move(b);
            ++answered;
        });
        r.relay->takeBundle(alice, phone, [&](StoreResult<QByteArray> b) {
            second = std::move(b);
            ++answered;
        });
        QTRY_COMPARE_WITH_TIMEOUT(answered.load(), 2, msgr::test::kAwaitTimeoutMs);
        const qint64 a = oneTimeKeyId(first), b = oneTimeKeyId(second);
        QVERIFY(a >= 1 && b >= 1);
        QVERIFY(a != b);
        // None left: the bundle alone, still signed and usable.
        const auto third = r.take(alice, phone);
        QCOMPARE(oneTimeKeyId(third), qint64(-1));
        QCOMPARE(secret::decodePreKeyBundle(std::get<0>(third))->verify(r.f.clock),
                 secret::SecretError::None);
        // Not Bob's device, and no such device: the same NotFound.
        const qint64 bob = r.f.userId("bob");
        QVERIFY(failedWith(r.take(bob, phone), StoreError::NotFound));
        QVERIFY(failedWith(r.take(alice, phone + 100), StoreError::NotFound));
    }

    void thePoolIsBounded() {
        Relay r;
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice");
        const qint64 phone = r.device(alice);
        Keys keys(r.f.clock);
        QVERIFY(refusedWith(r.upload(phone, keys.preKeys(1)), ErrorCode::BadRequest));
        QVERIFY(accepted(r.publish(alice, phone, keys.bundle())));

        const auto hundred = keys.preKeys(protocol::api::kMaxHeldOneTimePreKeys);
        QCOMPARE(acceptedValue(r.upload(phone, hundred)), qint64(100));
        QVERIFY(refusedWith(r.upload(phone, keys.preKeys(1)), ErrorCode::LimitExceeded));
        // A retry of the same keys adds nothing and is not refused.
        QCOMPARE(acceptedValue(r.upload(phone, hundred.mid(0, 10))), qint64(100));
        // Taking one makes room for exactly one.
        QVERIFY(oneTimeKeyId(r.take(alice, phone)) >= 1);
        QCOMPARE(acceptedValue(r.upload(phone, keys.preKeys(1))), qint64(100));

        // A new identity drops the pool of the old one.
        Keys reinstalled(r.f.clock);
        QCOMPARE(acceptedValue(r.publish(alice, phone, reinstalled.bundle())), qint64(0));
        // A rotated signed pre-key of the same identity keeps it.
        QCOMPARE(acceptedValue(r.upload(phone, reinstalled.preKeys(3))), qint64(3));
        reinstalled.signedPreKey = secret::SignedPreKey::create(reinstalled.identity, 2, r.f.clock);
        QCOMPARE(acceptedValue(r.publish(alice, phone, reinstalled.bundle())), qint64(3));
    }

    void queuesAreBoundedInCountAndBytes() {
        SecretRelayLimits limits;
        limits.maxQueuedEnvelopes = 3;
        limits.maxQueuedBytes = 100;
        Relay r(limits);
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice"), bob = r.f.userId("bob");
        const qint64 phone = r.device(alice), laptop = r.device(bob);
        QVERIFY(accepted(r.publish(alice, phone, Keys(r.f.clock).bundle())));

        const qint64 now = r.f.clock;
        QVERIFY(accepted(r.send(bob, laptop, alice, phone, QByteArray(10, 'a'), now)));
        QVERIFY(accepted(r.send(bob, laptop, alice, phone, QByteArray(10, 'b'), now)));
        const auto third = r.send(bob, laptop, alice, phone, QByteArray(10, 'c'), now);
        QVERIFY(accepted(third));
        QVERIFY(refusedWith(r.send(bob, laptop, alice, phone, "d", now), ErrorCode::LimitExceeded));
        QCOMPARE(r.queuedIds(phone, now).size(), 3); // the refused one was not kept

        QCOMPARE(valueOr(r.ack(phone, acceptedValue(third).id)), qint64(3));
        QVERIFY(refusedWith(r.send(bob, laptop, alice, phone, QByteArray(101, 'e'), now),
                            ErrorCode::LimitExceeded));
        QVERIFY(accepted(r.send(bob, laptop, alice, phone, QByteArray(100, 'f'), now)));
        QVERIFY(refusedWith(r.send(bob, laptop, alice, phone, "g", now), ErrorCode::LimitExceeded));

        // Only a live device with published keys has a queue.
        QVERIFY(failedWith(r.send(alice, phone, bob, laptop, "h", now), StoreError::NotFound));
        QVERIFY(failedWith(r.send(alice, phone, bob, phone, "h", now), StoreError::NotFound));
    }

    void anAcknowledgementDeletesAndIdsAreNeverReused() {
        Relay r;
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice"), bob = r.f.userId("bob");
        const qint64 phone = r.device(alice), laptop = r.device(bob);
        QVERIFY(accepted(r.publish(alice, phone, Keys(r.f.clock).bundle())));
        const qint64 now = r.f.clock;
        QList<qint64> sent;
        for (const char *body : {"one", "two", "three"})
            sent.append(acceptedValue(r.send(bob, laptop, alice, phone, body, now)).id);
        QCOMPARE(r.queuedIds(phone, now), sent);
        const auto page = valueOr(r.relay->queue(phone, sent[0], 100, now));
        QCOMPARE(page.size(), 2);
        QCOMPARE(page[0].body, QByteArray("two"));
        QCOMPARE(page[0].senderUserId, bob);
        QCOMPARE(page[0].senderDeviceId, laptop);

        QCOMPARE(valueOr(r.ack(phone, sent[1])), qint64(2));
        QCOMPARE(r.queuedIds(phone, now), QList<qint64>{sent[2]});
        QCOMPARE(valueOr(r.ack(phone, sent[1])), qint64(0)); // again: nothing more
        QCOMPARE(valueOr(r.ack(phone, sent[2])), qint64(1));
        QVERIFY(r.queuedIds(phone, now).isEmpty());

        // The queue is empty and the newest row gone, yet the next id is a new one.
        const qint64 next = acceptedValue(r.send(bob, laptop, alice, phone, "four", now)).id;
        QVERIFY(next > sent[2]);
        // Survives a reopen of the store.
        r.relay.reset();
        r.f.reopen();
        r.relay = std::make_unique<SecretRelay>(*r.f.store);
        QCOMPARE(r.queuedIds(phone, now), QList<qint64>{next});
    }

    void envelopesExpire() {
        SecretRelayLimits limits;
        limits.envelopeMaxAgeMs = 1000;
        Relay r(limits);
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice"), bob = r.f.userId("bob");
        const qint64 phone = r.device(alice), laptop = r.device(bob);
        QVERIFY(accepted(r.publish(alice, phone, Keys(r.f.clock).bundle())));
        const qint64 t = r.f.clock;
        const qint64 old = acceptedValue(r.send(bob, laptop, alice, phone, "old", t)).id;
        QCOMPARE(r.queuedIds(phone, t + 1000), QList<qint64>{old}); // just in time
        QVERIFY(r.queuedIds(phone, t + 1001).isEmpty());            // hidden once expired

        // The next send deletes it for good: read at the old time, only the new one is left.
        const qint64 fresh = acceptedValue(r.send(bob, laptop, alice, phone, "new", t + 2000)).id;
        QCOMPARE(r.queuedIds(phone, t), QList<qint64>{fresh});
    }

    void aSignedOutDeviceLosesItsKeysAndQueue() {
        Relay r;
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice"), bob = r.f.userId("bob");
        const qint64 phone = r.device(alice), tablet = r.device(alice), laptop = r.device(bob);
        Keys keys(r.f.clock);
        QVERIFY(accepted(r.publish(alice, phone, keys.bundle())));
        QVERIFY(accepted(r.publish(alice, tablet, Keys(r.f.clock).bundle())));
        QVERIFY(accepted(r.upload(phone, keys.preKeys(5))));
        const qint64 now = r.f.clock;
        QVERIFY(accepted(r.send(bob, laptop, alice, phone, "secret", now)));
        QVERIFY(accepted(r.send(bob, laptop, alice, tablet, "secret", now)));
        QCOMPARE(valueOr(r.relay->devices(alice)).size(), 2);

        const auto revoked = await<bool>(
            [&](auto done) { r.f.domain->accounts.revokeDevice(alice, phone, ++r.f.clock, done); });
        QVERIFY(revoked.index() == 0);

        const auto left = valueOr(r.relay->devices(alice));
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().deviceId, tablet);
        QVERIFY(failedWith(r.take(alice, phone), StoreError::NotFound));
        QVERIFY(failedWith(r.send(bob, laptop, alice, phone, "more", now), StoreError::NotFound));
        QVERIFY(r.queuedIds(phone, now).isEmpty());
        QCOMPARE(r.queuedIds(tablet, now).size(), 1); // the other device keeps its own
        // Nothing of it is left in the store's rows either.
        qint64 keysLeft = -1;
        QVERIFY(r.f.store->read([&](RecordReader &records) {
            keysLeft = records.countOneTimePreKeys(phone) + (records.secretDevice(phone) ? 1 : 0) +
                       records.secretQueueUsage(phone).count;
        }));
        QCOMPARE(keysLeft, qint64(0));
    }

    void devicesAreListedMostRecentlyActiveFirst() {
        Relay r;
        QVERIFY2(r.relay, qPrintable(r.f.error));
        const qint64 alice = r.f.userId("alice");
        const qint64 phone = r.device(alice), tablet = r.device(alice);
        r.device(alice); // a third without keys is not listed
        QVERIFY(accepted(r.publish(alice, phone, Keys(r.f.clock).bundle())));
        QVERIFY(accepted(r.publish(alice, tablet, Keys(r.f.clock).bundle())));
        r.f.domain->accounts.touchDevice(phone, r.f.clock + 60'000);
        // touchDevice is written with a later batch: a write unit flushes it.
        QVERIFY(accepted(r.publish(alice, tablet, Keys(r.f.clock).bundle())));
        const auto listed = valueOr(r.relay->devices(alice));
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed[0].deviceId, phone);
        QCOMPARE(listed[0].lastSeenAt, r.f.clock + 60'000);
        QCOMPARE(listed[1].deviceId, tablet);
    }
};

QTEST_GUILESS_MAIN(TestDomainSecretRelay)
#include "tst_domain_secret_relay.moc"
