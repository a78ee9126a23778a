// LocalFanoutBus: a frame published to a user reaches every connection of that user, to a
// device only that device's, to a topic only its subscribers (until they unsubscribe or go
// away); updates keep their order. Real ClientSessions, with their posted calls run here.
#include "protocol/frame.h"
#include "server/client_session.h"
#include "server/local_fanout_bus.h"
#include "server/metrics.h"

#include <QTest>

#include <deque>
#include <list>
#include <stdexcept>
#include <thread>

using namespace msgr;
using namespace msgr::server;

namespace {

class RecordingSink final : public FrameSink {
public:
    void sendFrame(const QByteArray &frame) override { frames.append(frame); }
    void closeWith(quint16 code, const QString &) override {
        closedWith = code;
        framesAtClose = frames.size();
    }
    void sessionStateChanged() override {}

    QList<QByteArray> frames;
    quint16 closedWith = 0;
    qsizetype framesAtClose = -1;
};

//! The connection thread of every session here: posted calls wait until run().
struct Posted {
    std::deque<std::function<void()>> calls;
    void run() {
        while (!calls.empty()) {
            auto call = std::move(calls.front());
            calls.pop_front();
            call();
        }
    }
};

struct Connection {
    RecordingSink sink;
    std::shared_ptr<ClientSession> session;
};

struct Fixture {
    Metrics metrics;
    LocalFanoutBus bus{&metrics};
    ServerContext context{nullptr, nullptr, &bus, &metrics, nullptr};
    Posted posted;
    // One connection thread: every session shares its mailbox, as on a real one.
    std::shared_ptr<LinkMailbox> mailbox = std::make_shared<LinkMailbox>(
        [this](std::function<void()> fn) { posted.calls.push_back(std::move(fn)); });
    std::list<Connection> connections;

    Connection &connect(qint64 userId, qint64 deviceId) {
        Connection &c = connections.emplace_back();
        c.session = ClientSession::create(context, c.sink, QStringLiteral("192.0.2.1"), mailbox);
        c.session->authenticate(userId, deviceId);
        return c;
    }
};

QByteArray frame(const char *text) {
    return protocol::encodeFrame(protocol::UpdateFrame{
        1, protocol::updateToCbor(protocol::UnknownUpdate{QString::fromLatin1(text)})});
}

} // namespace

class TestFanoutBus : public QObject {
    Q_OBJECT

private slots:
    void userAndDeviceAddressesReachTheirConnectionsOnly() {
        Fixture f;
        Connection &phone = f.connect(1, 10);
        Connection &laptop = f.connect(1, 11);
        Connection &other = f.connect(2, 20);
        QCOMPARE(f.bus.connectionCount(1), 2);

        f.bus.publish(FanoutAddress::user(1), frame("to the user"));
        f.bus.publish(FanoutAddress::device(1, 11), frame("to the laptop"));
        f.bus.publish(FanoutAddress::device(2, 10), frame("a device id of another user"));
        f.posted.run();
        QCOMPARE(phone.sink.frames, QList<QByteArray>{frame("to the user")});
        QCOMPARE(laptop.sink.frames,
                 (QList<QByteArray>{frame("to the user"), frame("to the laptop")}));
        QVERIFY(other.sink.frames.isEmpty());
        QCOMPARE(f.metrics.prometheusText().contains("msgr_updates_pushed_total 3"), true);
    }

    void topicReachesItsSubscribersUntilTheyLeave() {
        Fixture f;
        Connection &reader = f.connect(1, 10);
        Connection &second = f.connect(2, 20);
        Connection &outsider = f.connect(3, 30);
        f.bus.subscribe(77, reader.session->link());
        f.bus.subscribe(77, second.session->link());
        f.bus.subscribe(77, second.session->link()); // twice is once
        f.bus.subscribe(78, outsider.session->link());
        QCOMPARE(f.bus.subscriberCount(77), 2);

        f.bus.publish(FanoutAddress::topic(77), frame("post 1"));
        f.posted.run();
        QCOMPARE(reader.sink.frames, QList<QByteArray>{frame("post 1")});
        QCOMPARE(second.sink.frames, QList<QByteArray>{frame("post 1")});
        QVERIFY(outsider.sink.frames.isEmpty());
        // A topic is not a user: user 77 has no connection, and the subscribers' own user
        // addresses are unaffected.
        f.bus.publish(FanoutAddress::user(77), frame("to user 77"));
        f.posted.run();
        QCOMPARE(reader.sink.frames.size(), 1);

        f.bus.unsubscribe(77, second.session->link().get());
        f.bus.publish(FanoutAddress::topic(77), frame("post 2"));
        f.posted.run();
        QCOMPARE(reader.sink.frames, (QList<QByteArray>{frame("post 1"), frame("post 2")}));
        QCOMPARE(second.sink.frames, QList<QByteArray>{frame("post 1")});

        // A connection that goes away leaves its topics.
        reader.session.reset();
        QCOMPARE(f.bus.subscriberCount(77), 0);
        QCOMPARE(f.bus.connectionCount(1), 0);
        f.bus.publish(FanoutAddress::topic(77), frame("post 3"));
        f.posted.run();
        QCOMPARE(f.bus.subscriberCount(78), 1);
    }

    void userUpdatesArriveInOrderAsUpdFrames() {
        Fixture f;
        Connection &alice = f.connect(1, 10);
        Connection &bob = f.connect(2, 20);
        QList<UserUpdate> updates;
        for (qint64 pts = 1; pts <= 5; ++pts) {
            updates.append(UserUpdate{1, {pts, protocol::DeliveredUpdate{9, pts}}, {}});
            updates.append(UserUpdate{3, {pts, protocol::DeliveredUpdate{9, pts}}, {}}); // offline
        }
        f.bus.publish(updates);
        f.posted.run();
        QCOMPARE(alice.sink.frames.size(), 5);
        QVERIFY(bob.sink.frames.isEmpty());
        for (qint64 pts = 1; pts <= 5; ++pts) {
            const auto decoded = protocol::decodeFrame(alice.sink.frames.at(pts - 1));
            const auto *update =
                std::get_if<protocol::UpdateFrame>(&std::get<protocol::Frame>(decoded));
            QVERIFY(update);
            QCOMPARE(update->pts, pts);
        }

        f.bus.closeDevice(1, 10, 4001, QStringLiteral("session revoked"));
        f.posted.run();
        QCOMPARE(alice.sink.closedWith, 4001);
        QCOMPARE(bob.sink.closedWith, 0);
    }

    void callsFromAnotherThreadArriveInTheirOrderInOneDelivery() {
        // The store's writer publishes a whole commit's updates, then maybe a close: the
        // connection thread sees them in that order, the close after every frame before it,
        // and all of them in one posted delivery, not one posted call per frame.
        Fixture f;
        Connection &alice = f.connect(1, 10);
        constexpr int kFrames = 2000;
        std::thread writer([&f] {
            for (int i = 0; i < kFrames; ++i)
                f.bus.publish(FanoutAddress::user(1), frame(QByteArray::number(i).constData()));
            f.bus.closeDevice(1, 10, 4001, QStringLiteral("session revoked"));
        });
        writer.join();
        QCOMPARE(f.posted.calls.size(), size_t(1));
        f.posted.run();
        QCOMPARE(alice.sink.frames.size(), kFrames);
        for (int i = 0; i < kFrames; ++i)
            QCOMPARE(alice.sink.frames.at(i), frame(QByteArray::number(i).constData()));
        QCOMPARE(alice.sink.closedWith, 4001);
        QCOMPARE(alice.sink.framesAtClose, kFrames);
    }

    void aCallThatThrowsLosesOnlyItself() {
        // A bug in one call (IoPool logs what escapes and runs on) must not lose the frames
        // delivered with it to this thread's other sessions.
        Fixture f;
        Connection &alice = f.connect(1, 10);
        Connection &bob = f.connect(2, 20);
        alice.session->link()->post([](ClientSession &) { throw std::runtime_error("a bug"); });
        f.bus.publish(FanoutAddress::user(2), frame("after the bug"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, f.posted.run());
        QCOMPARE(bob.sink.frames, QList<QByteArray>{frame("after the bug")});
        f.bus.publish(FanoutAddress::user(1), frame("next delivery"));
        f.posted.run();
        QCOMPARE(alice.sink.frames, QList<QByteArray>{frame("next delivery")});
        QCOMPARE(bob.sink.frames.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFanoutBus)
#include "tst_fanout_bus.moc"
