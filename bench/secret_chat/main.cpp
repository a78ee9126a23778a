// bench_secret_chat: what secret chats cost against plain chats, in one run (issue 9 item 8).
//  1. In process: the Double Ratchet (crypto/secret/) per message (encrypt + decrypt, each
//     direction change a DH ratchet step), the same with the state decoded and encoded around
//     each step as the client does (its state is a row), and a 100-message burst (one side
//     encrypts 100, the other decrypts them).
//  2. Through the REAL msgr-server on loopback: N messages sent one after the other with
//     messages.send (plain), against N messages ratchet-encrypted and sent with secret.send,
//     fetched back with secret.getQueue, decrypted and acknowledged (secret): wall and CPU
//     seconds of this process (the server is another process).
//  3. Media: a plain tus upload of a file (4 MiB parts) against the secret path of the same
//     file: seal into a temporary file, upload the ciphertext, download it with its proof,
//     open and verify it into a file (docs/protocol.md §12.8); wall and CPU seconds per step.
// FLOOD_WAIT answers (the server's request limit) are waited out and counted.
// The last line is `BENCH {json}`.
// Usage: bench_secret_chat [--messages 100] [--sizes-mib 10,100] [--server-bin path]
#include "core/secret/secret_attachment_file.h"
#include "crypto/secret/file_stream_seal.h"
#include "crypto/secret/pre_key_bundle.h"
#include "crypto/secret/ratchet_state_codec.h"
#include "crypto/secret/session_start.h"
#include "crypto/sodium.h"
#include "protocol/api/api.h"
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>
#include <ctime>

using namespace msgr;
namespace api = protocol::api;
namespace cs = crypto::secret;

namespace {

constexpr qint64 kNowMs = 1'764'547'200'000;
constexpr qint64 kPartBytes = 4 * 1024 * 1024;

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

double cpuSeconds() {
    return double(std::clock()) / CLOCKS_PER_SEC;
}

//! Wall and CPU seconds of what runs between start() and stop().
struct Meter {
    QElapsedTimer wall;
    double cpu0 = 0;
    double wallS = 0, cpuS = 0;
    void start() {
        cpu0 = cpuSeconds();
        wall.start();
    }
    void stop() {
        wallS = double(wall.nsecsElapsed()) / 1e9;
        cpuS = cpuSeconds() - cpu0;
    }
    QJsonObject json() const { return {{"wallS", wallS}, {"cpuS", cpuS}}; }
};

struct Device {
    explicit Device(qint64 nowMs = kNowMs)
        : signedPreKeys{cs::SignedPreKey::create(identity, 1, nowMs)} {}
    cs::DeviceIdentity identity = cs::DeviceIdentity::generate();
    std::vector<cs::SignedPreKey> signedPreKeys;
    cs::OneTimePreKeyPool pool;
};

struct Pair {
    cs::RatchetSession alice;
    cs::RatchetSession bob;
};

Pair startPair(Device &alice, Device &bob, qint64 nowMs) {
    const cs::PreKeyBundle bundle{
        bob.identity.publicIdentity(), bob.signedPreKeys.front().publicKey(), {}};
    cs::Result<cs::StartedSession> started =
        cs::startSession(alice.identity, bundle, nowMs, "hello");
    cs::Result<cs::AcceptedSession> accepted =
        cs::acceptSession(bob.identity, bob.signedPreKeys, bob.pool, started->preKeyMessage);
    return Pair{std::move(started).value().session, std::move(accepted).value().session};
}

//! One step as the client stores it: state decoded from its row, the step, state encoded.
QByteArray storedEncrypt(cs::RatchetSession &s, const QByteArray &plain) {
    cs::RatchetSession loaded = cs::RatchetSession::fromState(
        cs::decodeRatchetState(cs::encodeRatchetState(s.state()).view()).value());
    QByteArray out = loaded.encrypt(plain).value();
    s = std::move(loaded);
    return out;
}

QJsonObject ratchetInProcess(int messages) {
    const QByteArray text(200, 'x'); // a typical short message and its kind byte
    Device a, b;
    Pair p = startPair(a, b, kNowMs);
    // Warm up (and let Bob answer once, so both can send).
    (void)p.bob.decrypt(p.alice.encrypt(text).value());
    (void)p.alice.decrypt(p.bob.encrypt(text).value());
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < messages; ++i) {
        cs::RatchetSession &from = i % 2 ? p.bob : p.alice;
        cs::RatchetSession &to = i % 2 ? p.alice : p.bob;
        if (!to.decrypt(from.encrypt(text).value()).ok())
            qFatal("ratchet round trip failed");
    }
    const double alternatingUs = double(t.nsecsElapsed()) / 1e3 / messages;
    t.restart();
    for (int i = 0; i < messages; ++i)
        if (!p.bob.decrypt(p.alice.encrypt(text).value()).ok())
            qFatal("ratchet round trip failed");
    const double sameChainUs = double(t.nsecsElapsed()) / 1e3 / messages;
    t.restart();
    for (int i = 0; i < messages; ++i) {
        cs::RatchetSession &from = i % 2 ? p.bob : p.alice;
        cs::RatchetSession &to = i % 2 ? p.alice : p.bob;
        const QByteArray sealed = storedEncrypt(from, text);
        cs::RatchetSession loaded = cs::RatchetSession::fromState(
            cs::decodeRatchetState(cs::encodeRatchetState(to.state()).view()).value());
        if (!loaded.decrypt(sealed).ok())
            qFatal("stored round trip failed");
        (void)cs::encodeRatchetState(loaded.state());
        to = std::move(loaded);
    }
    const double storedUs = double(t.nsecsElapsed()) / 1e3 / messages;
    QList<QByteArray> burst;
    t.restart();
    for (int i = 0; i < 100; ++i)
        burst.append(p.alice.encrypt(text).value());
    const double burstEncryptMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    for (const QByteArray &m : std::as_const(burst))
        if (!p.bob.decrypt(m).ok())
            qFatal("burst decrypt failed");
    const double burstDecryptMs = double(t.nsecsElapsed()) / 1e6;
    say(QStringLiteral("ratchet: %1 us per message (direction changes: DH step), %2 us on one "
                       "chain, %3 us with the state decoded/encoded around each step; burst of "
                       "100: %4 ms encrypt, %5 ms decrypt")
            .arg(alternatingUs, 0, 'f', 1)
            .arg(sameChainUs, 0, 'f', 1)
            .arg(storedUs, 0, 'f', 1)
            .arg(burstEncryptMs, 0, 'f', 2)
            .arg(burstDecryptMs, 0, 'f', 2));
    return {{"alternatingUsPerMessage", alternatingUs},
            {"sameChainUsPerMessage", sameChainUs},
            {"storedStateUsPerMessage", storedUs},
            {"burst100EncryptMs", burstEncryptMs},
            {"burst100DecryptMs", burstDecryptMs}};
}

int g_floodWaits = 0;

//! Calls until the answer is not FLOOD_WAIT (waited out, counted).
template <typename Req> auto callPatiently(test::TestClient &client, const Req &request) {
    for (;;) {
        auto reply = client.call(request);
        const auto error = client.lastError();
        if (reply.ok() || !error || error->code != protocol::ErrorCode::FloodWait)
            return reply;
        ++g_floodWaits;
        QThread::msleep(quint64(qMax<qint64>(error->retryAfterMs, 10)));
    }
}

QJsonObject messagesThroughServer(test::ServerProcess &server, int messages) {
    test::TestClient alice, bob;
    if (!alice.connectTo(server.wsUrl()) || !bob.connectTo(server.wsUrl()) ||
        alice.signUp(QStringLiteral("alice"), QStringLiteral("alice's password")).isEmpty() ||
        bob.signUp(QStringLiteral("bob"), QStringLiteral("bob's password")).isEmpty())
        qFatal("sign-up failed");
    const auto chat = alice.call(api::OpenPrivateChat{bob.userId()});
    if (!chat.ok())
        qFatal("no chat");
    const QString text = QString(200, u'x');
    Meter plain;
    plain.start();
    for (int i = 0; i < messages; ++i)
        if (!callPatiently(alice, api::SendMessage{chat.value->chat.id, 1000 + i, text}).ok())
            qFatal("messages.send failed");
    plain.stop();

    // Bob's device publishes its keys; Alice's session starts from them.
    // The server checks the signed pre-key's age against its own clock.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Device aliceKeys(now), bobKeys(now);
    const cs::PreKeyBundle bundle{
        bobKeys.identity.publicIdentity(), bobKeys.signedPreKeys.front().publicKey(), {}};
    if (!bob.call(api::PublishSecretKeys{cs::encodePreKeyBundle(bundle)}).ok())
        qFatal("publishKeys failed");
    Pair p = startPair(aliceKeys, bobKeys, now);
    (void)p.alice.decrypt(p.bob.encrypt("ready").value()); // both sides can send
    const QByteArray plaintext = QByteArray(1, '\x01') + text.toUtf8();
    Meter secret;
    secret.start();
    for (int i = 0; i < messages; ++i) {
        const QByteArray envelope = storedEncrypt(p.alice, plaintext);
        if (!callPatiently(alice, api::SendSecretEnvelope{bob.userId(), bob.deviceId(), envelope})
                 .ok())
            qFatal("secret.send failed");
    }
    secret.stop();
    Meter receive;
    receive.start();
    int received = 0;
    qint64 after = 0;
    while (received < messages) {
        const auto page = callPatiently(bob, api::GetSecretQueue{after});
        if (!page.ok())
            qFatal("getQueue failed");
        for (const api::SecretEnvelope &e : page.value->envelopes) {
            cs::RatchetSession loaded = cs::RatchetSession::fromState(
                cs::decodeRatchetState(cs::encodeRatchetState(p.bob.state()).view()).value());
            if (!loaded.decrypt(e.envelope).ok())
                qFatal("decrypt failed");
            p.bob = std::move(loaded);
            after = e.id;
            ++received;
        }
        if (!callPatiently(bob, api::AckSecretQueue{after}).ok())
            qFatal("ack failed");
    }
    receive.stop();
    say(QStringLiteral("%1 messages through the server: plain send %2 s (%3 ms each, CPU %4 s); "
                       "secret send %5 s (%6 ms each, CPU %7 s), ratio %8; secret fetch+decrypt+"
                       "ack %9 s")
            .arg(messages)
            .arg(plain.wallS, 0, 'f', 3)
            .arg(plain.wallS * 1e3 / messages, 0, 'f', 2)
            .arg(plain.cpuS, 0, 'f', 3)
            .arg(secret.wallS, 0, 'f', 3)
            .arg(secret.wallS * 1e3 / messages, 0, 'f', 2)
            .arg(secret.cpuS, 0, 'f', 3)
            .arg(secret.wallS / plain.wallS, 0, 'f', 2)
            .arg(receive.wallS, 0, 'f', 3));
    return {{"messages", messages},
            {"plainSend", plain.json()},
            {"secretSend", secret.json()},
            {"secretFetchDecryptAck", receive.json()},
            {"wallRatio", secret.wallS / plain.wallS}};
}

//! A tus upload of `path` in kPartBytes parts: its file id (empty on failure).
QString upload(quint16 port, const QString &token, const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const test::RawHeaders auth = {{"Tus-Resumable", "1.0.0"},
                                   {"Authorization", "Bearer " + token.toLatin1()}};
    const test::RawHttpReply created =
        test::rawHttp(port, "POST", "/files",
                      auth + test::RawHeaders{{"Upload-Length", QByteArray::number(file.size())}});
    if (created.status != 201)
        return {};
    const QByteArray location = created.header("Location");
    qint64 offset = 0;
    while (offset < file.size()) {
        const QByteArray part = file.read(kPartBytes);
        const test::RawHttpReply patched = test::rawHttp(
            port, "PATCH", location,
            auth + test::RawHeaders{{"Upload-Offset", QByteArray::number(offset)},
                                    {"Content-Type", "application/offset+octet-stream"}},
            part, 120'000);
        if (patched.status != 204)
            return {};
        offset += part.size();
    }
    return QString::fromLatin1(location.mid(7));
}

QJsonObject mediaThroughServer(test::ServerProcess &server, qint64 mib, const QString &dir) {
    test::TestClient alice, bob;
    if (!alice.connectTo(server.wsUrl()) || !bob.connectTo(server.wsUrl()) ||
        alice.signUp(QStringLiteral("m%1a").arg(mib), QStringLiteral("alice's password"))
            .isEmpty() ||
        bob.signUp(QStringLiteral("m%1b").arg(mib), QStringLiteral("bob's password")).isEmpty())
        qFatal("sign-up failed");
    const quint16 port = quint16(server.httpUrl().port());
    const QString source = dir + QStringLiteral("/plain-%1").arg(mib);
    {
        QFile f(source);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write the test file");
        const QByteArray block = crypto::randomBytes(1024 * 1024);
        for (qint64 i = 0; i < mib; ++i)
            f.write(block);
    }
    Meter plainUpload;
    plainUpload.start();
    if (upload(port, alice.token(), source).isEmpty())
        qFatal("plain upload failed");
    plainUpload.stop();

    Meter seal;
    seal.start();
    QString error;
    const auto sealed =
        core::secret::sealFileForUpload(source, dir + QStringLiteral("/secret-uploads"), &error);
    if (!sealed)
        qFatal("seal failed");
    seal.stop();
    Meter cipherUpload;
    cipherUpload.start();
    const QString fileId = upload(port, alice.token(), sealed->tempPath);
    if (fileId.isEmpty())
        qFatal("secret upload failed");
    cipherUpload.stop();
    QFile::remove(sealed->tempPath);
    Meter download;
    download.start();
    const test::RawHttpReply got =
        test::rawHttp(port, "GET", "/files/" + fileId.toLatin1(),
                      {{"Authorization", "Bearer " + bob.token().toLatin1()},
                       {"Msgr-Content-Sha256", sealed->digest.cipherSha256.toHex()}},
                      {}, 300'000);
    if (got.status != 200 || got.body.size() != sealed->digest.cipherSize)
        qFatal("secret download failed");
    download.stop();
    Meter open;
    open.start();
    cs::SecretFileOpener opener(sealed->key, sealed->header, sealed->digest.plainSize,
                                QByteArrayView()); // kinds 7 and 8: no plaintext hash
    QFile out(dir + QStringLiteral("/opened-%1").arg(mib));
    if (!out.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    QByteArray plain;
    for (qsizetype at = 0; at < got.body.size(); at += 1024 * 1024) {
        plain.clear();
        if (opener.feed(QByteArrayView(got.body).sliced(
                            at, qMin<qsizetype>(1024 * 1024, got.body.size() - at)),
                        &plain) != cs::SecretFileError::None)
            qFatal("open failed");
        out.write(plain);
    }
    plain.clear();
    if (opener.finish(&plain) != cs::SecretFileError::None)
        qFatal("verify failed");
    out.write(plain);
    out.close();
    open.stop();
    const double secretWall = seal.wallS + cipherUpload.wallS;
    const double secretCpu = seal.cpuS + cipherUpload.cpuS;
    say(QStringLiteral("%1 MiB: plain upload %2 s (CPU %3 s); secret: seal %4 s (CPU %5 s) + "
                       "upload %6 s (CPU %7 s) = %8 s, ratio %9; receiver: download %10 s, open+"
                       "verify %11 s (CPU %12 s)")
            .arg(mib)
            .arg(plainUpload.wallS, 0, 'f', 3)
            .arg(plainUpload.cpuS, 0, 'f', 3)
            .arg(seal.wallS, 0, 'f', 3)
            .arg(seal.cpuS, 0, 'f', 3)
            .arg(cipherUpload.wallS, 0, 'f', 3)
            .arg(cipherUpload.cpuS, 0, 'f', 3)
            .arg(secretWall, 0, 'f', 3)
            .arg(secretWall / plainUpload.wallS, 0, 'f', 2)
            .arg(download.wallS, 0, 'f', 3)
            .arg(open.wallS, 0, 'f', 3)
            .arg(open.cpuS, 0, 'f', 3));
    QFile::remove(source);
    QFile::remove(out.fileName());
    return {{"mib", mib},
            {"plainUpload", plainUpload.json()},
            {"seal", seal.json()},
            {"cipherUpload", cipherUpload.json()},
            {"download", download.json()},
            {"openVerify", open.json()},
            {"sendWallRatio", secretWall / plainUpload.wallS},
            {"sendCpuRatio", plainUpload.cpuS > 0 ? secretCpu / plainUpload.cpuS : 0.0}};
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption messages(QStringLiteral("messages"), {}, QStringLiteral("N"),
                                      QStringLiteral("100"));
    const QCommandLineOption sizes(QStringLiteral("sizes-mib"), {}, QStringLiteral("LIST"),
                                   QStringLiteral("10,100"));
    const QCommandLineOption serverBin(QStringLiteral("server-bin"), {}, QStringLiteral("PATH"));
    parser.addOptions({messages, sizes, serverBin});
    parser.process(app);
    if (parser.isSet(serverBin))
        qputenv("MSGR_SERVER_BIN", parser.value(serverBin).toLocal8Bit());
    else if (qEnvironmentVariableIsEmpty("MSGR_SERVER_BIN"))
        qputenv("MSGR_SERVER_BIN", MSGR_DEFAULT_SERVER_BIN);
    const int n = qBound(1, parser.value(messages).toInt(), 10'000);

    QJsonObject result;
    result.insert(QStringLiteral("ratchet"), ratchetInProcess(n));
    test::ServerProcess server;
    if (!server.start())
        qFatal("the server did not start");
    result.insert(QStringLiteral("messages"), messagesThroughServer(server, n));
    QTemporaryDir dir;
    QJsonArray media;
    for (const QString &size : parser.value(sizes).split(u',', Qt::SkipEmptyParts))
        media.append(mediaThroughServer(server, qBound(1, size.toInt(), 1024), dir.path()));
    result.insert(QStringLiteral("media"), media);
    result.insert(QStringLiteral("floodWaits"), g_floodWaits);
    server.stop();
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
    return 0;
}
