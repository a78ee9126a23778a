#include "core/media/upload_transfer.h"

#include "core/media/media_logging.h"
#include "core/media/tus_protocol.h"
#include "storage/profile_store.h"
#include "storage/tables/uploads_table.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace msgr::core {
namespace {

//! DELETE answered 423 (a PATCH we abandoned is still being taken apart): asked again this often.
constexpr int kDeleteAttempts = 5;
constexpr int kDeleteRetryMs = 200;
//! The server lost an upload (expired, or its data dir was wiped): created again at most this
//! often in a row before the transfer gives up.
constexpr int kMaxRecreations = 2;

} // namespace

UploadTransfer::UploadTransfer(storage::UploadRecord record, const UploadEnvironment *environment,
                               QObject *parent)
    : QObject(parent), m_record(std::move(record)), m_environment(environment) {
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        setState(TransferState::Running);
        if (m_record.uploadUrl.isEmpty())
            create();
        else
            askOffset();
    });
    switch (m_record.state) {
    case storage::UploadState::Active:
        m_state = TransferState::Queued;
        break;
    case storage::UploadState::Paused:
        m_state = TransferState::Paused;
        break;
    case storage::UploadState::Done:
        m_state = TransferState::Done;
        break;
    case storage::UploadState::Failed:
        m_state = TransferState::Failed;
        m_error = m_record.error;
        break;
    }
}

UploadTransfer::~UploadTransfer() {
    abandonRequest();
}

TransferProgress UploadTransfer::progress() const {
    TransferProgress p;
    p.id = m_record.id;
    p.localPath = m_record.localPath;
    p.fileName = m_record.fileName;
    if (m_state == TransferState::Done)
        p.fileId = tus::fileIdOf(m_record.uploadUrl);
    p.bytesTotal = m_record.size;
    p.bytesConfirmed = m_record.confirmedOffset;
    p.bytesDone = qMin(m_record.size, m_record.confirmedOffset + (m_reply ? m_partSent : 0));
    if (m_state == TransferState::Running) {
        p.bytesPerSecond = m_rate.bytesPerSecond();
        p.secondsLeft = m_rate.secondsLeft(m_record.size - p.bytesDone);
    } else if (m_state == TransferState::Done) {
        p.secondsLeft = 0;
    }
    p.state = m_state;
    p.error = m_error;
    return p;
}

void UploadTransfer::start() {
    if (m_state != TransferState::Queued || m_cancelled)
        return;
    m_checksumRefusals = 0;
    m_recreations = 0;
    setState(TransferState::Running);
    if (m_record.uploadUrl.isEmpty())
        create();
    else
        askOffset(); // after a restart or a pause: the server's offset is the truth
}

void UploadTransfer::pause() {
    if (m_cancelled || m_state == TransferState::Done || m_state == TransferState::Paused ||
        m_state == TransferState::Failed)
        return;
    abandonRequest();
    m_retryTimer.stop();
    persist([](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setState(tx, id, storage::UploadState::Paused);
    });
    setState(TransferState::Paused);
}

void UploadTransfer::resume() {
    if (m_cancelled || (m_state != TransferState::Paused && m_state != TransferState::Failed))
        return;
    persist([](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setState(tx, id, storage::UploadState::Active);
    });
    m_backoff.reset();
    setState(TransferState::Queued);
}

void UploadTransfer::cancel() {
    if (m_cancelled)
        return;
    m_cancelled = true;
    abandonRequest();
    m_retryTimer.stop();
    const bool unfinishedOnServer = !m_record.uploadUrl.isEmpty() && m_state != TransferState::Done;
    if (unfinishedOnServer && !m_environment->token.isEmpty()) {
        sendDelete(1);
        return;
    }
    persist(
        [](storage::WriteTransaction &tx, qint64 id) { storage::UploadsTable::remove(tx, id); });
    emit removed();
}

void UploadTransfer::sendDelete(int attempt) {
    const QNetworkRequest request = tus::request(QUrl(m_record.uploadUrl), m_environment->token,
                                                 m_environment->settings.stallTimeoutMs);
    watch(m_environment->network->deleteResource(request), [this, attempt](QNetworkReply &reply) {
        const int status = tus::status(reply);
        if (status == 423 && attempt < kDeleteAttempts) {
            QTimer::singleShot(kDeleteRetryMs, this, [this, attempt] { sendDelete(attempt + 1); });
            return;
        }
        if (status != 204 && status != 404)
            qCWarning(lcMedia) << "upload" << m_record.id << "could not be deleted on the server"
                               << status << reply.errorString() << "(it expires there by itself)";
        persist([](storage::WriteTransaction &tx, qint64 id) {
            storage::UploadsTable::remove(tx, id);
        });
        emit removed();
    });
}

void UploadTransfer::setState(TransferState state, const QString &error) {
    if (state != TransferState::Running)
        m_rate.reset();
    if (m_state == state && m_error == error)
        return;
    m_state = state;
    m_error = error;
    emit stateChanged();
}

std::optional<QString> UploadTransfer::fileProblem() const {
    const QFileInfo info(m_record.localPath);
    if (!info.exists())
        return tr("The file is no longer there: %1").arg(m_record.localPath);
    if (info.size() != m_record.size || info.lastModified().toMSecsSinceEpoch() != m_record.mtimeMs)
        return tr("The file changed after its upload began: %1").arg(m_record.localPath);
    return std::nullopt;
}

void UploadTransfer::create() {
    if (const std::optional<QString> problem = fileProblem())
        return fail(*problem);
    const QNetworkRequest request = tus::creation(
        m_environment->server, m_environment->token, m_environment->settings.stallTimeoutMs,
        m_record.size, m_record.fileName, m_record.mimeType);
    watch(m_environment->network->post(request, QByteArray()),
          [this](QNetworkReply &reply) { onCreated(reply); });
}

void UploadTransfer::onCreated(QNetworkReply &reply) {
    if (tus::status(reply) != 201)
        return onRefused(reply);
    const std::optional<QUrl> url = tus::uploadUrl(m_environment->server, reply);
    const std::optional<qint64> offset = tus::numberHeader(reply, "Upload-Offset");
    if (!url || !offset || *offset != 0)
        return fail(tr("The server's answer to the upload's creation was malformed."));
    m_record.uploadUrl = url->toString();
    m_record.confirmedOffset = 0;
    persist([url = m_record.uploadUrl](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setUploadUrl(tx, id, url);
    });
    m_backoff.reset();
    if (m_record.size == 0)
        askOffset(); // an empty file is complete at creation; HEAD says so
    else
        sendPart();
}

void UploadTransfer::askOffset() {
    const QNetworkRequest request = tus::request(QUrl(m_record.uploadUrl), m_environment->token,
                                                 m_environment->settings.stallTimeoutMs);
    watch(m_environment->network->head(request), [this](QNetworkReply &reply) { onOffset(reply); });
}

void UploadTransfer::onOffset(QNetworkReply &reply) {
    if (tus::status(reply) != 200)
        return onRefused(reply);
    const std::optional<qint64> offset = tus::numberHeader(reply, "Upload-Offset");
    const std::optional<qint64> length = tus::numberHeader(reply, "Upload-Length");
    if (!offset || !length || *length != m_record.size || *offset > m_record.size)
        return fail(tr("The server's upload does not match the file."));
    confirm(*offset);
    if (*offset == m_record.size)
        return complete();
    sendPart();
}

void UploadTransfer::sendPart() {
    if (const std::optional<QString> problem = fileProblem())
        return fail(*problem);
    const qint64 offset = m_record.confirmedOffset;
    const qint64 length = qMin(m_environment->settings.partSize, m_record.size - offset);
    QFile file(m_record.localPath);
    QByteArray bytes;
    if (file.open(QIODevice::ReadOnly) && file.seek(offset))
        bytes = file.read(length);
    if (bytes.size() != length)
        return fail(tr("The file could not be read: %1").arg(m_record.localPath));
    m_partSent = 0;
    const QNetworkRequest request =
        tus::part(QUrl(m_record.uploadUrl), m_environment->token,
                  m_environment->settings.stallTimeoutMs, offset, bytes);
    QNetworkReply *reply =
        m_environment->network->sendCustomRequest(request, QByteArrayLiteral("PATCH"), bytes);
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64) {
        m_partSent = sent;
        m_rate.sample(m_record.confirmedOffset + sent);
        emit progressed();
    });
    watch(reply, [this, offset, length](QNetworkReply &answer) {
        onPartAnswered(answer, offset, length);
    });
}

void UploadTransfer::onPartAnswered(QNetworkReply &reply, qint64 offset, qint64 length) {
    m_partSent = 0;
    if (tus::status(reply) != 204)
        return onRefused(reply);
    const std::optional<qint64> confirmed = tus::numberHeader(reply, "Upload-Offset");
    if (!confirmed || *confirmed <= offset || *confirmed > offset + length)
        return askOffset(); // not what a part can do: ask where the upload stands
    confirm(*confirmed);
    m_checksumRefusals = 0;
    m_recreations = 0;
    m_backoff.reset();
    if (*confirmed == m_record.size)
        return complete();
    sendPart();
}

void UploadTransfer::onRefused(QNetworkReply &reply) {
    const int status = tus::status(reply);
    switch (status) {
    case 0: // no answer: connection refused or lost, timed out
        return retryLater(reply.errorString());
    case 401:
        setState(TransferState::Queued, tr("Waiting for the account to sign in again."));
        emit unauthorized();
        return;
    case 404:
    case 410:
        // The server no longer has the upload (expired after 24 h, or it lost its data):
        // start it again from the first byte.
        if (m_record.uploadUrl.isEmpty() || ++m_recreations > kMaxRecreations)
            return fail(tr("The server refused the upload (HTTP %1).").arg(status));
        qCInfo(lcMedia) << "upload" << m_record.id << "unknown to the server; creating it again";
        m_record.uploadUrl.clear();
        m_record.confirmedOffset = 0;
        persist([](storage::WriteTransaction &tx, qint64 id) {
            storage::UploadsTable::setUploadUrl(tx, id, QString());
        });
        return create();
    case 409: // our offset was not the server's
        return askOffset();
    case tus::kChecksumMismatch:
        // The part was damaged on its way; the server kept nothing of it: send it again.
        if (++m_checksumRefusals > m_environment->settings.maxChecksumRefusals)
            return fail(tr("The server refused the file's parts as damaged %n time(s) in a row.",
                           nullptr, m_checksumRefusals));
        qCInfo(lcMedia) << "upload" << m_record.id << "part refused by its checksum; resending";
        return sendPart();
    case 423: // a PATCH we gave up on is still running there
    case 429: // too many unfinished uploads: others finish first
    case 500:
    case 502:
    case 503:
    case 504:
    case 507:
        return retryLater(tr("The server is busy (HTTP %1).").arg(status),
                          tus::retryAfterMs(reply));
    default:
        qCWarning(lcMedia) << "upload" << m_record.id << reply.operation() << reply.request().url()
                           << "answered" << status << reply.readAll();
        return fail(tr("The server refused the upload (HTTP %1).").arg(status));
    }
}

void UploadTransfer::retryLater(const QString &reason, std::optional<int> delayMs) {
    const int backoff = qMin(m_backoff.nextDelayMs(), m_environment->settings.maxRetryDelayMs);
    const int delay = delayMs ? qMax(*delayMs, backoff) : backoff;
    qCInfo(lcMedia) << "upload" << m_record.id << "retrying in" << delay << "ms:" << reason;
    setState(TransferState::Retrying, reason);
    m_retryTimer.start(delay);
}

void UploadTransfer::confirm(qint64 offset) {
    if (offset == m_record.confirmedOffset)
        return;
    m_record.confirmedOffset = offset;
    m_rate.sample(offset);
    persist([offset](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setConfirmedOffset(tx, id, offset);
    });
    emit progressed();
}

void UploadTransfer::complete() {
    m_record.state = storage::UploadState::Done;
    persist([](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setState(tx, id, storage::UploadState::Done);
    });
    setState(TransferState::Done);
}

void UploadTransfer::fail(const QString &reason) {
    qCWarning(lcMedia) << "upload" << m_record.id << "failed:" << reason;
    m_record.state = storage::UploadState::Failed;
    persist([reason](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setState(tx, id, storage::UploadState::Failed, reason);
    });
    setState(TransferState::Failed, reason);
}

void UploadTransfer::abandonRequest() {
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_partSent = 0;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void UploadTransfer::watch(QNetworkReply *reply, std::function<void(QNetworkReply &)> then) {
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, then = std::move(then)] {
        if (m_reply == reply)
            m_reply = nullptr;
        reply->deleteLater();
        then(*reply);
    });
}

void UploadTransfer::persist(std::function<void(storage::WriteTransaction &, qint64)> write) {
    m_environment->store->write([write = std::move(write), id = m_record.id](
                                    storage::WriteTransaction &tx) { write(tx, id); });
}

} // namespace msgr::core
