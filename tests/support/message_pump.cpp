#include "tests/support/message_pump.h"

#include "protocol/api/api.h"

#include <QRandomGenerator>
#include <QTest>
#include <QTimer>
#include <limits>

namespace msgr::test {
namespace {
namespace proto = msgr::protocol;
} // namespace

qint64 newRandomId() {
    return QRandomGenerator::global()->bounded(qint64(1), std::numeric_limits<qint64>::max());
}

MessagePump::MessagePump(TestClient &client, qint64 chatId, QString textPrefix, int window)
    : m_client(&client), m_chatId(chatId), m_prefix(std::move(textPrefix)), m_window(window) {
    connect(&client, &TestClient::answerReceived, this, &MessagePump::onAnswer);
}

void MessagePump::start(int total) {
    m_total = total;
    m_running = true;
    fill();
}

void MessagePump::stop() {
    m_running = false;
}

bool MessagePump::waitFinished(int timeoutMs) {
    return QTest::qWaitFor(
               [&] {
                   return m_failures > 0 || !m_client || !m_client->isConnected() ||
                          (m_acknowledged == m_sent.size() &&
                           (!m_running || m_acknowledged == m_total));
               },
               timeoutMs) &&
           m_failures == 0 && m_acknowledged == m_sent.size();
}

void MessagePump::fill() {
    while (m_running && m_inFlight < m_window && (m_total < 0 || m_sent.size() < m_total)) {
        m_sent.append(Sent{newRandomId(), m_prefix + QString::number(m_sent.size()), 0, false});
        issue(int(m_sent.size() - 1));
    }
}

void MessagePump::issue(int index) {
    if (!m_client || !m_client->isConnected())
        return;
    const Sent &s = m_sent.at(index);
    const qint64 id = m_client->sendRequest(proto::api::SendMessage{m_chatId, s.randomId, s.text});
    m_requestToIndex.insert(id, index);
    ++m_inFlight;
}

void MessagePump::onAnswer(qint64 requestId) {
    const auto it = m_requestToIndex.constFind(requestId);
    if (it == m_requestToIndex.constEnd() || !m_client)
        return;
    const int index = it.value();
    m_requestToIndex.erase(it);
    --m_inFlight;
    const auto reply = m_client->takeResultAs<proto::api::SendResult>(requestId);
    if (const proto::Error *error = reply.ok() ? nullptr : &reply.error) {
        if (error->code == proto::ErrorCode::FloodWait) {
            // Keep the slot: the same randomId goes again once the server allows it.
            ++m_floodWaits;
            ++m_inFlight;
            QTimer::singleShot(int(qMax<qint64>(1, error->retryAfterMs)), this, [this, index] {
                --m_inFlight;
                issue(index);
            });
            return;
        }
        ++m_failures;
        qWarning("message pump: send %d failed: %s %s", index,
                 qPrintable(proto::errorCodeName(error->code)), qPrintable(error->message));
        return;
    }
    Sent &s = m_sent[index];
    s.messageId = reply.value->message.id;
    s.duplicate = reply.value->duplicate;
    ++m_acknowledged;
    emit acknowledgedChanged(m_acknowledged);
    fill();
}

} // namespace msgr::test
