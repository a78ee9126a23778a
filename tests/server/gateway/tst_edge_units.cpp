// The pure parts of the network edge: CIDR ranges, the client address behind a trusted proxy,
// the connection caps, the request-id peek used to answer refused or broken requests, and
// the frame-boundary tracker that tells when an idle connection may hibernate, the frames a
// connection builds itself to write several in one go, and the arena that gives back what
// hibernation frees, and the shared timer of the hibernated connections.
#include "server/edge/address_range.h"
#include "server/edge/connection_caps.h"
#include "server/edge/frame_boundary_stream.h"
#include "server/edge/transient_arena.h"
#include "server/edge/ws_frames.h"
#include "server/edge/ws_sleepers.h"
#include "server/request_id_peek.h"

#include <QCborMap>
#include <QCborValue>
#include <QTest>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstring>
#include <vector>

using namespace msgr::server;
namespace ip = boost::asio::ip;

namespace {
ip::address addr(const char *text) {
    return ip::make_address(text);
}

//! A hibernated connection's stand-in: records when its deadline arrived.
class RecordingSleeper final : public WsSleeper {
public:
    RecordingSleeper(int id, std::vector<int> &calls) : m_id(id), m_calls(calls) {}
    ~RecordingSleeper() override = default;
    void sleeperDue() override { m_calls.push_back(m_id); }
    using WsSleeper::sleeping;

private:
    int m_id;
    std::vector<int> &m_calls;
};

//! An RFC 6455 frame header (+ payload of `length` zero bytes) in the given length form.
QByteArray edgeUnitsFrame(quint8 opcode, quint64 length, int lengthForm, bool masked) {
    QByteArray f;
    f.append(char(0x80 | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    if (lengthForm == 7) {
        f.append(char(maskBit | char(length)));
    } else if (lengthForm == 16) {
        f.append(char(maskBit | 126));
        f.append(char(length >> 8));
        f.append(char(length & 0xff));
    } else {
        f.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((length >> shift) & 0xff));
    }
    if (masked)
        f.append("\x12\x34\x56\x78", 4);
    f.append(QByteArray(qsizetype(length), '\0'));
    return f;
}
} // namespace

class TstEdgeUnits : public QObject {
    Q_OBJECT
private slots:
    void frameBoundariesAreFoundHoweverTheBytesArrive() {
        // Every length form, masked and not, empty and control frames, back to back.
        const QList<QByteArray> frames = {
            edgeUnitsFrame(0x2, 5, 7, true),      edgeUnitsFrame(0x9, 0, 7, true),
            edgeUnitsFrame(0x2, 125, 7, false),   edgeUnitsFrame(0x1, 126, 16, true),
            edgeUnitsFrame(0x2, 65535, 16, true), edgeUnitsFrame(0x2, 65536, 64, true),
            edgeUnitsFrame(0x0, 0, 7, true),      edgeUnitsFrame(0xA, 3, 7, true),
        };
        QByteArray stream;
        QList<qsizetype> ends;
        for (const QByteArray &f : frames) {
            stream += f;
            ends.append(stream.size());
        }
        const auto *bytes = reinterpret_cast<const std::uint8_t *>(stream.constData());
        // One byte at a time: a boundary exactly at each frame's end.
        FrameBoundaryTracker oneByOne;
        QVERIFY(oneByOne.atBoundary());
        for (qsizetype i = 0; i < stream.size(); ++i) {
            oneByOne.consume(bytes + i, 1);
            QCOMPARE(oneByOne.atBoundary(), ends.contains(i + 1));
        }
        // In pieces of every size from 1 to 20 bytes: the same answer at each piece's end.
        for (qsizetype piece = 2; piece <= 20; ++piece) {
            FrameBoundaryTracker tracker;
            for (qsizetype at = 0; at < stream.size(); at += piece) {
                const qsizetype n = std::min(piece, stream.size() - at);
                tracker.consume(bytes + at, std::size_t(n));
                QCOMPARE(tracker.atBoundary(), ends.contains(at + n));
            }
        }
        // All at once.
        FrameBoundaryTracker whole;
        whole.consume(bytes, std::size_t(stream.size()));
        QVERIFY(whole.atBoundary());
        whole.consume(bytes, 1); // half a header
        QVERIFY(!whole.atBoundary());
    }

    void batchedFramesAreTheBytesBeastWrites() {
        // Every length form and its edges; the server's stream options of ws_session.cpp.
        const QList<qsizetype> sizes = {0, 1, 125, 126, 65535, 65536, 70000};
        QList<QByteArray> payloads;
        for (const qsizetype size : sizes) {
            QByteArray p(size, '\0');
            for (qsizetype i = 0; i < size; ++i)
                p[i] = char(i * 7 + size);
            payloads.append(p);
        }
        namespace websocket = boost::beast::websocket;
        boost::asio::io_context ioc;
        websocket::stream<boost::beast::test::stream> server(ioc);
        websocket::stream<boost::beast::test::stream> client(ioc);
        server.next_layer().connect(client.next_layer());
        bool accepted = false, handshaken = false;
        server.async_accept([&](boost::system::error_code ec) { accepted = !ec; });
        client.async_handshake("localhost", "/",
                               [&](boost::system::error_code ec) { handshaken = !ec; });
        ioc.run();
        QVERIFY(accepted && handshaken);
        server.auto_fragment(false);
        server.binary(true);
        QByteArray fromBeast;
        for (const QByteArray &p : payloads) {
            const std::size_t before = client.next_layer().buffer().size();
            server.write(boost::asio::buffer(p.constData(), std::size_t(p.size())));
            QVERIFY(client.next_layer().buffer().size() > before);
        }
        const auto received = client.next_layer().buffer().data(); // one contiguous buffer
        fromBeast.append(static_cast<const char *>(received.data()), qsizetype(received.size()));

        WsFrameBatch batch;
        batch.build(payloads, payloads.size());
        QByteArray ours;
        for (const boost::asio::const_buffer &piece : batch.buffers)
            ours.append(static_cast<const char *>(piece.data()), qsizetype(piece.size()));
        QCOMPARE(ours.size(), fromBeast.size());
        QVERIFY(ours == fromBeast);
    }

    void rangesMatchTheirPrefixOnly() {
        const auto ranges = parseAddressRanges(QStringLiteral("10.0.0.0/8, 192.168.1.7,::1"));
        QVERIFY(ranges);
        QCOMPARE(ranges->size(), 3);
        QVERIFY(containsAddress(*ranges, addr("10.200.3.4")));
        QVERIFY(!containsAddress(*ranges, addr("11.0.0.1")));
        QVERIFY(containsAddress(*ranges, addr("192.168.1.7")));
        QVERIFY(!containsAddress(*ranges, addr("192.168.1.8")));
        QVERIFY(containsAddress(*ranges, addr("::1")));
        // An IPv4 client seen through a dual-stack socket is still that IPv4 client.
        QVERIFY(containsAddress(*ranges, addr("::ffff:10.1.2.3")));
        const auto odd = AddressRange::parse(QStringLiteral("172.16.0.0/12"));
        QVERIFY(odd);
        QVERIFY(odd->contains(addr("172.31.255.255")));
        QVERIFY(!odd->contains(addr("172.32.0.0")));
    }

    void invalidRangesAreRefusedByName() {
        QString bad;
        QVERIFY(!parseAddressRanges(QStringLiteral("10.0.0.0/8,example.org"), &bad));
        QCOMPARE(bad, QStringLiteral("example.org"));
        QVERIFY(!parseAddressRanges(QStringLiteral("10.0.0.0/33"), &bad));
        QVERIFY(!parseAddressRanges(QStringLiteral("::1/129"), &bad));
        QVERIFY(!parseAddressRanges(QStringLiteral("1.2.3.4/x"), &bad));
    }

    void forwardedForIsTrustedOnlyFromATrustedProxy() {
        const AddressRanges proxies = *parseAddressRanges(QStringLiteral("10.0.0.0/8"));
        // A direct client cannot claim another address.
        QCOMPARE(clientAddress(addr("203.0.113.5"), "1.2.3.4", proxies), addr("203.0.113.5"));
        // Through our proxy: the rightmost address that is not one of our proxies.
        QCOMPARE(clientAddress(addr("10.0.0.2"), "6.6.6.6, 198.51.100.7", proxies),
                 addr("198.51.100.7"));
        QCOMPARE(clientAddress(addr("10.0.0.2"), "198.51.100.7, 10.0.0.9", proxies),
                 addr("198.51.100.7"));
        // A malformed header is not half-trusted: the proxy's own address is used.
        QCOMPARE(clientAddress(addr("10.0.0.2"), "198.51.100.7, not-an-ip", proxies),
                 addr("10.0.0.2"));
        QCOMPARE(clientAddress(addr("10.0.0.2"), "", proxies), addr("10.0.0.2"));
        // Without trusted proxies the header means nothing.
        QCOMPARE(clientAddress(addr("10.0.0.2"), "198.51.100.7", AddressRanges{}),
                 addr("10.0.0.2"));
    }

    void capsCountPerAddressAndInAll() {
        ConnectionCaps caps(3, 2);
        auto a1 = caps.tryAcquire(QStringLiteral("a"));
        auto a2 = caps.tryAcquire(QStringLiteral("a"));
        QVERIFY(a1 && a2);
        QVERIFY(!caps.tryAcquire(QStringLiteral("a"))); // per-address cap
        auto b1 = caps.tryAcquire(QStringLiteral("b"));
        QVERIFY(b1);
        QVERIFY(!caps.tryAcquire(QStringLiteral("c"))); // total cap
        QCOMPARE(caps.open(), 3);
        a1.reset(); // a connection ends: its slot is free again
        QCOMPARE(caps.open(), 2);
        QVERIFY(caps.tryAcquire(QStringLiteral("c"))); // a temporary: released at once
        QVERIFY(caps.tryAcquire(QStringLiteral("a")));
        QCOMPARE(caps.open(), 2);
    }

    void rebindMovesASlotToTheForwardedClient() {
        ConnectionCaps caps(10, 1);
        auto proxied1 = caps.tryAcquire(QStringLiteral("proxy"));
        QVERIFY(proxied1);
        QVERIFY(proxied1->rebind(QStringLiteral("client-1")));
        // The proxy's own count is free again, so a second client behind it gets in...
        auto proxied2 = caps.tryAcquire(QStringLiteral("proxy"));
        QVERIFY(proxied2);
        // ...but not as a client that is already at its cap.
        QVERIFY(!proxied2->rebind(QStringLiteral("client-1")));
        QCOMPARE(proxied2->address(), QStringLiteral("proxy"));
        QVERIFY(proxied2->rebind(QStringLiteral("client-2")));
    }

    void unlimitedPerAddressWhenZero() {
        ConnectionCaps caps(1000, 0);
        std::vector<ConnectionSlot> held;
        for (int i = 0; i < 500; ++i) {
            auto slot = caps.tryAcquire(QStringLiteral("nat"));
            QVERIFY(slot);
            held.push_back(std::move(*slot));
        }
        QCOMPARE(caps.open(), 500);
    }

    void peekFindsTheIdOfARequestOnly() {
        const QByteArray request = QCborValue(QCborMap{{QStringLiteral("t"), QStringLiteral("req")},
                                                       {QStringLiteral("id"), 42},
                                                       {QStringLiteral("m"), QStringLiteral("x")}})
                                       .toCbor();
        QCOMPARE(peekRequestId(request), 42);
        // id before t, and an argument map in between: still found.
        const QByteArray reordered =
            QCborValue(QCborMap{{QStringLiteral("id"), 7},
                                {QStringLiteral("a"), QCborMap{{QStringLiteral("k"), 1}}},
                                {QStringLiteral("t"), QStringLiteral("req")}})
                .toCbor();
        QCOMPARE(peekRequestId(reordered), 7);
        // Not a request, no t, a negative id, broken CBOR: no id.
        QCOMPARE(peekRequestId(QCborValue(QCborMap{{QStringLiteral("id"), 1}}).toCbor()), 0);
        QCOMPARE(peekRequestId(QCborValue(QCborMap{{QStringLiteral("t"), QStringLiteral("res")},
                                                   {QStringLiteral("id"), 3}})
                                   .toCbor()),
                 0);
        QCOMPARE(peekRequestId(QCborValue(QCborMap{{QStringLiteral("t"), QStringLiteral("req")},
                                                   {QStringLiteral("id"), -3}})
                                   .toCbor()),
                 0);
        QCOMPARE(peekRequestId(QByteArray::fromHex("a1a1")),
                 0); // the bytes that crashed the server
        // A frame cut short: either the id read before the cut, or none; never a wrong one.
        const qint64 truncated = peekRequestId(request.left(request.size() - 3));
        QVERIFY(truncated == 0 || truncated == 42);
        QCOMPARE(peekRequestId(QByteArray()), 0);
    }

    void transientArenaGivesBackEmptySlabs() {
        // 64 slabs of address space, none kept empty: a slab goes back as its last slot does.
        TransientArena arena(64 * TransientArena::kSlabBytes, 0);
        QVERIFY(arena.allocate(TransientArena::kMaxSlot + 1) == nullptr); // malloc's, not ours
        // Three stream states (2,6xx bytes) share one slab; a fourth opens another.
        std::vector<void *> streams;
        for (int i = 0; i < 4; ++i) {
            streams.push_back(arena.allocate(2600));
            QVERIFY(streams.back() != nullptr);
            QVERIFY(arena.owns(streams.back()));
            QCOMPARE(reinterpret_cast<std::uintptr_t>(streams.back()) % 16, std::uintptr_t(0));
        }
        int local = 0;
        QVERIFY(!arena.owns(&local));
        QCOMPARE(arena.stats().slabsInUse, std::uint64_t(2));
        // Slots are usable memory (a freed slab comes back zeroed, never half-reused).
        std::memset(streams.at(0), 0xAB, 2600);
        void *read = arena.allocate(800); // another size: a slab of its own
        QCOMPARE(arena.stats().slabsInUse, std::uint64_t(3));
        arena.deallocate(streams.at(3));
        QCOMPARE(arena.stats().slabsInUse, std::uint64_t(2));
        QCOMPARE(arena.stats().slabsReturned, std::uint64_t(1));
        arena.deallocate(streams.at(0));
        arena.deallocate(streams.at(1));
        QCOMPARE(arena.stats().slabsInUse, std::uint64_t(2)); // one stream still in the first
        arena.deallocate(streams.at(2));
        arena.deallocate(read);
        const TransientArenaStats empty = arena.stats();
        QCOMPARE(empty.slabsInUse, std::uint64_t(0));
        QCOMPARE(empty.bytesInUse, std::uint64_t(0));
        QCOMPARE(empty.slabsReturned, std::uint64_t(3));
        // A returned slab is taken again before fresh address space, and reads as zeroes.
        auto *again = static_cast<unsigned char *>(arena.allocate(2600));
        QVERIFY(again != nullptr);
        QCOMPARE(arena.stats().slabsReturned, std::uint64_t(2));
        QCOMPARE(int(again[0]), 0);
        arena.deallocate(again);
    }

    void transientArenaDeclinesWhenFull() {
        TransientArena arena(2 * TransientArena::kSlabBytes, 4);
        void *a = arena.allocate(4096);
        void *b = arena.allocate(4096);
        void *c = arena.allocate(4096);
        void *d = arena.allocate(4096);
        QVERIFY(a && b && c && d);
        QVERIFY(arena.allocate(16) == nullptr); // both slabs hold 4 KiB slots: malloc's turn
        QCOMPARE(arena.stats().fallbacks, std::uint64_t(1));
        for (void *p : {a, b, c, d})
            arena.deallocate(p);
        QCOMPARE(arena.stats().slabsKept, std::uint64_t(2)); // kept resident, up to 4
        QVERIFY(arena.allocate(16) != nullptr);
    }

    void sleepersAreCalledInDeadlineOrder() {
        // One timer for a thread's hibernated connections: each is called once, at its own
        // deadline, earliest first; a cancelled one never; an earlier deadline replaces a
        // later one, a later one does not.
        boost::asio::io_context io;
        auto &sleepers = boost::asio::use_service<WsSleepers>(io);
        std::vector<int> calls;
        RecordingSleeper first(1, calls), second(2, calls), third(3, calls), gone(4, calls);
        const auto now = std::chrono::steady_clock::now();
        using std::chrono::milliseconds;
        sleepers.schedule(&first, now + milliseconds(60));
        sleepers.schedule(&second, now + milliseconds(20));
        sleepers.schedule(&third, now + milliseconds(40));
        sleepers.schedule(&gone, now + milliseconds(10));
        sleepers.cancel(&gone);
        sleepers.schedule(&first, now + milliseconds(5));   // earlier: now the first due
        sleepers.schedule(&second, now + milliseconds(80)); // later: keeps 20 ms
        QVERIFY(first.sleeping() && second.sleeping() && third.sleeping());
        QVERIFY(!gone.sleeping());
        io.run(); // returns once no deadline is left
        QCOMPARE(calls, (std::vector<int>{1, 2, 3}));
        QVERIFY(!first.sleeping() && !second.sleeping() && !third.sleeping());
        QVERIFY(std::chrono::steady_clock::now() >= now + milliseconds(40));
    }
};

QTEST_GUILESS_MAIN(TstEdgeUnits)
#include "tst_edge_units.moc"
