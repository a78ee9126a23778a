// Frame-level and CBOR-level hostile input: what the first message may be (docs/protocol.md
// §2.1), and broken CBOR, wrong frame shapes and wrong request fields after hello (§2.2).
#include "tests/integration/hostile_cases.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QTest>

namespace msgr::test::hostile {
namespace {
using L = QLatin1StringView;

constexpr int kHandshakeClose = 4000;
constexpr int kVersionClose = 4002;
// The request id the bad-frame rows use when the id itself is fine.
constexpr qint64 kId = 77;
// Nesting depths: within the 16 KiB pre-login cap, and within 1 MiB after log-in.
constexpr int kDeepBeforeLogIn = 16'000;
constexpr int kDeepAfterLogIn = 1'000'000;

QByteArray cbor(const QCborValue &value) {
    return value.toCbor();
}

QByteArray helloWith(const QCborMap &fields) {
    QCborMap map{{L("t"), L("hello")}};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        map.insert(it.key(), it.value());
    return cbor(map);
}

QByteArray req(const QCborMap &fields) {
    QCborMap map{{L("t"), L("req")}};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        map.insert(it.key(), it.value());
    return cbor(map);
}

QByteArray versions(std::initializer_list<qint64> list) {
    QCborArray array;
    for (qint64 v : list)
        array.append(v);
    return helloWith({{L("versions"), array}});
}

//! `depth` nested one-element arrays: 0x81 0x81 ... 0x00.
QByteArray nestedArrays(int depth) {
    return QByteArray(depth, '\x81') + QByteArray(1, '\0');
}

void handshake(const char *name, const QByteArray &bytes, const char *code, int close) {
    QTest::newRow(name) << bytes << QString::fromLatin1(code) << close;
}

void badFrame(const char *name, const QByteArray &bytes, const char *code, qint64 id,
              bool loggedIn = false) {
    QTest::newRow(name) << bytes << loggedIn << QString::fromLatin1(code) << id;
}
} // namespace

void addHandshakeCases() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("close");

    handshake("first: a1 a1", QByteArray::fromHex("a1a1"), "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: empty message", QByteArray(), "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: CBOR integer", cbor(42), "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: a request", req({{L("id"), 1}, {L("m"), L("ping")}}), "HELLO_REQUIRED",
              kHandshakeClose);
    handshake("first: welcome from the client",
              cbor(QCborMap{{L("t"), L("welcome")}, {L("version"), 1}}), "HELLO_REQUIRED",
              kHandshakeClose);
    handshake("first: t HELLO in capitals",
              cbor(QCborMap{{L("t"), L("HELLO")}, {L("versions"), QCborArray{1}}}),
              "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: hello without versions", helloWith({}), "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: hello with versions as text", helloWith({{L("versions"), L("1")}}),
              "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: hello with a float version", helloWith({{L("versions"), QCborArray{1.0}}}),
              "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: hello with 17 versions",
              versions({2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}),
              "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: hello with a 300-character client name",
              helloWith({{L("versions"), QCborArray{1}}, {L("client"), QString(300, u'c')}}),
              "HELLO_REQUIRED", kHandshakeClose);
    handshake("first: 16,000 nested arrays", nestedArrays(kDeepBeforeLogIn), "HELLO_REQUIRED",
              kHandshakeClose);
    handshake("first: hello with version 2 only", versions({2}), "UNSUPPORTED_VERSION",
              kVersionClose);
    handshake("first: hello with versions 0, -1, max",
              versions({0, -1, std::numeric_limits<qint64>::max()}), "UNSUPPORTED_VERSION",
              kVersionClose);
}

void addBadFrameCases() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("loggedIn");
    QTest::addColumn<QString>("code");
    QTest::addColumn<qint64>("id");

    // Not CBOR, or not one map.
    badFrame("cbor: a1 a1 (the crash of issue 6)", QByteArray::fromHex("a1a1"), "BAD_FRAME", 0);
    badFrame("cbor: a1 a1 after log-in", QByteArray::fromHex("a1a1"), "BAD_FRAME", 0, true);
    badFrame("cbor: a lone a1", QByteArray::fromHex("a1"), "BAD_FRAME", 0);
    badFrame("cbor: break byte ff", QByteArray::fromHex("ff"), "BAD_FRAME", 0);
    badFrame("cbor: empty message", QByteArray(), "BAD_FRAME", 0);
    badFrame("cbor: reserved additional info 1c", QByteArray::fromHex("1c"), "BAD_FRAME", 0);
    badFrame("cbor: an integer", cbor(0), "BAD_FRAME", 0);
    badFrame("cbor: an array", cbor(QCborArray{1, 2}), "BAD_FRAME", 0);
    badFrame("cbor: a byte string of 1 MiB - 16 after log-in",
             cbor(QByteArray(1024 * 1024 - 16, 'b')), "BAD_FRAME", 0, true);
    badFrame("cbor: trailing bytes after the map",
             req({{L("id"), kId}, {L("m"), L("ping")}}) + QByteArray::fromHex("00"), "BAD_FRAME",
             kId);
    badFrame("cbor: two maps in one message",
             req({{L("id"), kId}, {L("m"), L("ping")}}) +
                 req({{L("id"), kId + 1}, {L("m"), L("ping")}}),
             "BAD_FRAME", kId);
    badFrame("cbor: indefinite map without break", QByteArray::fromHex("bf617463726571"),
             "BAD_FRAME", 0);
    badFrame("cbor: map announcing 65535 pairs", QByteArray::fromHex("b9ffff6174637265710102"),
             "BAD_FRAME", 0);
    badFrame("cbor: text announcing 2^64-1 bytes", QByteArray::fromHex("a161747bffffffffffffffff"),
             "BAD_FRAME", 0);
    badFrame("cbor: array announcing 2^32 items", QByteArray::fromHex("9b0000000100000000"),
             "BAD_FRAME", 0);
    badFrame("cbor: text key not UTF-8", QByteArray::fromHex("a162fffe63726571"), "BAD_FRAME", 0);
    badFrame("cbor: 16,000 nested arrays", nestedArrays(kDeepBeforeLogIn), "BAD_FRAME", 0);
    badFrame("cbor: 1,000,000 nested arrays after log-in", nestedArrays(kDeepAfterLogIn),
             "BAD_FRAME", 0, true);
    badFrame("cbor: self-described tag around the request",
             QByteArray::fromHex("d9d9f7") + req({{L("id"), kId}, {L("m"), L("ping")}}),
             "BAD_FRAME", 0);

    // Not a frame this side accepts.
    badFrame("frame: empty map", cbor(QCborMap{}), "BAD_FRAME", 0);
    badFrame("frame: t is an integer", cbor(QCborMap{{L("t"), 42}}), "BAD_FRAME", 0);
    badFrame("frame: t unknown", cbor(QCborMap{{L("t"), L("bogus")}}), "BAD_FRAME", 0);
    badFrame("frame: second hello", versions({1}), "BAD_FRAME", 0);
    badFrame("frame: res from the client",
             cbor(QCborMap{{L("t"), L("res")}, {L("id"), kId}, {L("r"), QCborMap{}}}), "BAD_FRAME",
             0);
    badFrame("frame: err from the client",
             cbor(QCborMap{{L("t"), L("err")}, {L("code"), L("INTERNAL")}}), "BAD_FRAME", 0);
    badFrame("frame: upd from the client", cbor(QCborMap{{L("t"), L("upd")}, {L("u"), QCborMap{}}}),
             "BAD_FRAME", 0);

    // req fields of the wrong type or out of range.
    badFrame("req: no id", req({{L("m"), L("ping")}}), "BAD_REQUEST", 0);
    badFrame("req: id 0", req({{L("id"), 0}, {L("m"), L("ping")}}), "BAD_REQUEST", 0);
    badFrame("req: negative id", req({{L("id"), -5}, {L("m"), L("ping")}}), "BAD_REQUEST", 0);
    badFrame("req: id as text", req({{L("id"), L("77")}, {L("m"), L("ping")}}), "BAD_REQUEST", 0);
    badFrame("req: id as float", req({{L("id"), 7.5}, {L("m"), L("ping")}}), "BAD_REQUEST", 0);
    badFrame("req: id as bignum",
             QByteArray::fromHex("a3617463726571626964c249010000000000000000616d6470696e67"),
             "BAD_REQUEST", 0);
    badFrame("req: id undefined", QByteArray::fromHex("a3617463726571626964f7616d6470696e67"),
             "BAD_REQUEST", 0);
    badFrame("req: no method", req({{L("id"), kId}}), "BAD_REQUEST", kId);
    badFrame("req: method as integer", req({{L("id"), kId}, {L("m"), 5}}), "BAD_REQUEST", kId);
    badFrame("req: empty method", req({{L("id"), kId}, {L("m"), L("")}}), "BAD_REQUEST", kId);
    badFrame("req: 65-character method", req({{L("id"), kId}, {L("m"), QString(65, u'm')}}),
             "TOO_LARGE", kId);
    badFrame("req: arguments as array",
             req({{L("id"), kId}, {L("m"), L("ping")}, {L("a"), QCborArray{1}}}), "BAD_REQUEST",
             kId);
    badFrame("req: arguments as text", req({{L("id"), kId}, {L("m"), L("ping")}, {L("a"), L("x")}}),
             "BAD_REQUEST", kId);
    badFrame("req: arguments null",
             req({{L("id"), kId}, {L("m"), L("ping")}, {L("a"), QCborValue(nullptr)}}),
             "BAD_REQUEST", kId);
    badFrame("req: unknown method", req({{L("id"), kId}, {L("m"), L("messages.teleport")}}),
             "UNKNOWN_METHOD", kId);
    badFrame("req: method in other case", req({{L("id"), kId}, {L("m"), L("PING")}}),
             "UNKNOWN_METHOD", kId);
    badFrame("req: method with a NUL",
             req({{L("id"), kId}, {L("m"), QString::fromLatin1("ping\0x", 6)}}), "UNKNOWN_METHOD",
             kId);
    badFrame("req: method __proto__", req({{L("id"), kId}, {L("m"), L("__proto__")}}),
             "UNKNOWN_METHOD", kId);
}

} // namespace msgr::test::hostile
