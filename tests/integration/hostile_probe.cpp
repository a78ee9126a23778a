#include "tests/integration/hostile_probe.h"

#include "protocol/api/api.h"
#include "tests/integration/hostile_peer.h"
#include "tests/support/message_pump.h"
#include "tests/support/update_helpers.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <algorithm>

namespace msgr::test::hostile {
namespace {
namespace api = msgr::protocol::api;

const QString kProbePassword = QStringLiteral("probe password 1");
const QString kProber = QStringLiteral("prober");
constexpr int kAnswerMs = 15'000;
constexpr int kKiB = 1024;

//! The last error's code and message. The code alone misleads: TestClient answers a call that
//! got no answer in time (or whose connection closed) as INTERNAL too, which reads like the
//! server's own store failure; the message tells which it was.
QString probeFailure(const TestClient &client) {
    const std::optional<protocol::Error> error = client.lastError();
    return error ? client.lastErrorName() + QStringLiteral(" (") + error->message + u')'
                 : QStringLiteral("no error recorded");
}
} // namespace

qint64 residentBytes(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (pid <= 0 || !status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (!line.startsWith("VmRSS:"))
            continue;
        // "VmRSS:	   12345 kB"
        bool ok = false;
        const qint64 kib = line.mid(6).trimmed().split(' ').first().toLongLong(&ok);
        return ok ? kib * kKiB : -1;
    }
    return -1;
}

qint64 metricValue(quint16 port, const QByteArray &sample, const QHostAddress &from) {
    RawPeer peer;
    RawPeer::Options options;
    options.bindAddress = from;
    if (!peer.connectTo(port, options))
        return -1;
    peer.send(httpGet("/metrics", "Connection: close\r\n"));
    const std::optional<HttpAnswer> answer = peer.readHttp(kAnswerMs);
    if (!answer || answer->status != 200)
        return -1;
    for (const QByteArray &line : answer->body.split('\n')) {
        if (line.startsWith(sample + ' ')) {
            bool ok = false;
            const qint64 value = line.mid(sample.size() + 1).trimmed().toLongLong(&ok);
            return ok ? value : -1;
        }
    }
    return -1;
}

std::unique_ptr<TestClient> signedUpClient(const ServerProcess &server, const QString &user,
                                           const QString &password, QString *why, int patienceMs) {
    QElapsedTimer patience;
    patience.start();
    for (;;) {
        auto client = std::make_unique<TestClient>();
        if (!client->connectTo(server.wsUrl())) {
            *why = QStringLiteral("no welcome for a new connection");
            return nullptr;
        }
        if (!client->signUp(user, password).isEmpty())
            return client;
        const auto error = client->lastError();
        if (!error || error->code != protocol::ErrorCode::FloodWait ||
            patience.elapsed() + error->retryAfterMs > patienceMs) {
            *why = QStringLiteral("sign-up of %1 failed: %2").arg(user, probeFailure(*client));
            return nullptr;
        }
        qInfo("sign-up of %s: FLOOD_WAIT, retrying after %lld ms", qPrintable(user),
              error->retryAfterMs);
        QTest::qWait(int(qMax<qint64>(error->retryAfterMs, 1)));
    }
}

std::optional<TwoUsersInAChat> twoUsersInAChat(const ServerProcess &server, const QString &first,
                                               const QString &second, const QString &password,
                                               QString *why) {
    TwoUsersInAChat users;
    users.first = signedUpClient(server, first, password, why);
    users.second = users.first ? signedUpClient(server, second, password, why) : nullptr;
    if (!users.second)
        return std::nullopt;
    const auto opened = users.first->call(protocol::api::OpenPrivateChat{users.second->userId()});
    if (!opened.ok()) {
        *why = QStringLiteral("chats.openPrivate failed: %1").arg(opened.error.message);
        return std::nullopt;
    }
    users.chatId = opened.value->chat.id;
    return users;
}

QCborMap callPatiently(TestClient &client, QLatin1StringView method, const QCborMap &args,
                       int patienceMs) {
    QElapsedTimer patience;
    patience.start();
    for (;;) {
        const QCborMap result = client.call(method, args, kAnswerMs);
        const auto error = client.lastError();
        if (!error || error->code != protocol::ErrorCode::FloodWait ||
            patience.elapsed() + error->retryAfterMs > patienceMs)
            return result;
        QTest::qWait(int(qMax<qint64>(error->retryAfterMs, 1)));
    }
}

bool waitAllAnswered(TestClient &client, const QList<qint64> &ids, int timeoutMs) {
    return QTest::qWaitFor(
        [&] {
            return std::all_of(ids.cbegin(), ids.cend(),
                               [&](qint64 id) { return client.hasAnswer(id); }) ||
                   !client.isConnected();
        },
        timeoutMs);
}

bool ServerProbe::setUp() {
    QString why;
    auto watcher = signedUpClient(m_server, QStringLiteral("watcher"), kProbePassword, &why);
    auto prober = watcher ? signedUpClient(m_server, kProber, kProbePassword, &why) : nullptr;
    if (!prober) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    m_proberToken = prober->token();
    m_watcherToken = watcher->token();
    m_watcherId = watcher->userId();
    return true;
}

std::unique_ptr<TestClient> ServerProbe::watcher() {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()) || !client->resume(m_watcherToken))
        return nullptr;
    return client;
}

QString ServerProbe::serves(Auth auth) {
    if (!m_server.isRunning())
        return QStringLiteral("the server process is gone");
    ++m_round;
    QString why;
    std::unique_ptr<TestClient> sender;
    if (auth == Auth::SignUp) {
        sender = signedUpClient(m_server, QStringLiteral("probe%1").arg(++m_signUps),
                                kProbePassword, &why);
        if (!sender)
            return why;
    } else {
        sender = std::make_unique<TestClient>();
        if (!sender->connectTo(m_server.wsUrl()))
            return QStringLiteral("no welcome for a new connection");
        const bool ok =
            auth == Auth::Resume
                ? sender->resume(m_proberToken)
                : !sender->logIn(kProber, kProbePassword, QStringLiteral("probe %1").arg(m_round))
                       .isEmpty();
        if (!ok)
            return QStringLiteral("%1 failed: %2")
                .arg(auth == Auth::Resume ? QStringLiteral("auth.resume")
                                          : QStringLiteral("auth.logIn"),
                     probeFailure(*sender));
    }
    std::unique_ptr<TestClient> watcher = this->watcher();
    if (!watcher)
        return QStringLiteral("the watcher cannot resume its session");
    const auto chat = sender->call(api::OpenPrivateChat{m_watcherId});
    const qint64 chatId = chat.ok() ? chat.value->chat.id : 0;
    if (chatId <= 0)
        return QStringLiteral("chats.openPrivate failed: %1").arg(probeFailure(*sender));
    const QString text = QStringLiteral("probe %1 after a hostile case").arg(m_round);
    if (!sender->call(api::SendMessage{chatId, newRandomId(), text}, kAnswerMs).ok())
        return QStringLiteral("messages.send failed: %1").arg(probeFailure(*sender));
    const bool received = QTest::qWaitFor(
        [&] {
            for (const protocol::Message &message : newMessages(watcher->takeUpdates())) {
                if (message.text == text)
                    return true;
            }
            return false;
        },
        kAnswerMs);
    if (!received)
        return QStringLiteral("the watcher did not receive the probe's message live");
    return {};
}

} // namespace msgr::test::hostile
