#include "core/secret/key_publisher.h"

#include "core/secret/secret_logging.h"
#include "core/secret/secret_writes.h"
#include "crypto/secret/pre_keys.h"
#include "protocol/api/secret.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

#include <QDateTime>
#include <QTimer>

namespace msgr::core {

namespace api = protocol::api;

KeyPublisher::KeyPublisher(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store), m_timer(new QTimer(this)) {
    m_timer->setInterval(kCheckIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &KeyPublisher::publish);
    connect(m_channel, &RequestChannel::authorized, this, [this] {
        m_published = false;
        m_timer->start();
        publish();
    });
    connect(m_channel, &RequestChannel::unauthorized, this, [this] {
        m_published = false;
        m_timer->stop();
    });
}

void KeyPublisher::publish() {
    if (!m_channel || !m_channel->isAuthorized())
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_store->writeReturning(
        [now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            const std::optional<storage::AccountState> account = storage::AccountTable::load(tx);
            return secret::prepareKeys(tx, account ? account->deviceId : 0, now);
        },
        this, [this](const secret::PublishWork &work) { sendBundle(work.bundle); });
}

void KeyPublisher::sendBundle(const QByteArray &bundle) {
    if (bundle.isEmpty() || !m_channel || !m_channel->isAuthorized()) {
        m_busy = false;
        return;
    }
    m_channel->call(api::PublishSecretKeys{bundle}, this,
                    [this](const api::Reply<api::SecretKeysResult> &reply) {
                        if (!reply.ok()) {
                            if (!reply.connectionLost)
                                qCWarning(lcSecret) << "publishing the secret-chat keys failed:"
                                                    << reply.error.message;
                            m_busy = false; // the next authorization or check tries again
                            return;
                        }
                        topUp(reply.value->oneTimePreKeys);
                    });
}

void KeyPublisher::topUp(qint64 held) {
    const auto finish = [this](qint64 count) {
        m_busy = false;
        m_published = true;
        emit published(count);
        if (std::exchange(m_again, false))
            publish();
    };
    if (held >= crypto::secret::kOneTimePreKeyRefillBelow) {
        finish(held);
        return;
    }
    const int missing =
        int(qMin<qint64>(crypto::secret::kOneTimePreKeyPoolSize - held, api::kMaxPreKeysPerUpload));
    // Stored (private halves) before the public halves leave: a key the server hands out is
    // always one this device can use. An upload lost on the way leaves unused private halves,
    // which the pool's limit bounds.
    m_store->writeReturning(
        [missing](storage::WriteTransaction &tx) { return secret::addOneTimePreKeys(tx, missing); },
        this,
        [this, finish](const QList<api::SecretPreKey> &keys) {
            if (keys.isEmpty() || !m_channel || !m_channel->isAuthorized()) {
                m_busy = false;
                return;
            }
            m_channel->call(api::UploadSecretPreKeys{keys}, this,
                            [this, finish](const api::Reply<api::SecretKeysResult> &reply) {
                                if (!reply.ok()) {
                                    if (!reply.connectionLost)
                                        qCWarning(lcSecret) << "uploading one-time pre-keys failed:"
                                                            << reply.error.message;
                                    m_busy = false;
                                    return;
                                }
                                finish(reply.value->oneTimePreKeys);
                            });
        });
}

} // namespace msgr::core
