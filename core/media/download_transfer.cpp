#include "core/media/download_transfer.h"

#include "core/media/download_answer_parsing.h"
#include "core/media/media_logging.h"
#include "core/media/tus_protocol.h"
#include "crypto/file_stream.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "storage/tables/downloads_table.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace msgr::core {
namespace {

//! What QNetworkAccessManager holds of an answer we have not read yet: the body is read as it
//! comes, so this bounds the memory of one download whatever the file's size.
constexpr qint64 kReadBufferBytes = 256 * 1024;

} // namespace

DownloadTransfer::DownloadTransfer(storage::DownloadRecord record,
                                   const DownloadEnvironment *environment, QObject *parent)
    : QObject(parent), m_record(std::move(record)), m_environment(environment),
      m_committedPlain(m_record.plainBytes) {
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        setState(TransferState::Running);
        request();
    });
    switch (m_record.state) {
    case storage::DownloadState::Active:
        m_state = TransferState::Queued;
        break;
    case storage::DownloadState::Paused:
        m_state = TransferState::Paused;
        break;
    case storage::DownloadState::Done:
        m_state = TransferState::Done;
        break;
    case storage::DownloadState::Failed:
        m_state = TransferState::Failed;
        m_error = m_record.error;
        m_failure = TransferFailure::Refused;
        break;
    }
}

DownloadTransfer::~DownloadTransfer() {
    abandonRequest();
}

QString DownloadTransfer::cachePath() const {
    return QDir(m_environment->cacheDir).filePath(m_record.cacheName);
}

TransferProgress DownloadTransfer::progress() const {
    TransferProgress p;
    p.id = m_record.id;
    p.direction = TransferDirection::Download;
    p.fileName = m_record.fileName;
    p.fileId = m_record.fileId;
    p.bytesTotal = m_record.size;
    p.bytesConfirmed = m_committedPlain;
    p.bytesDone = m_writer ? m_writer->plainBytes() : m_record.plainBytes;
    if (m_state == TransferState::Running) {
        p.bytesPerSecond = m_rate.bytesPerSecond();
        p.secondsLeft = m_rate.secondsLeft(m_record.size - p.bytesDone);
    } else if (m_state == TransferState::Done) {
        p.secondsLeft = 0;
    }
    p.state = m_state;
    p.error = m_error;
    p.failure = m_failure;
    return p;
}

void DownloadTransfer::start() {
    if (m_state != TransferState::Queued || m_cancelled)
        return;
    m_restarts = 0;
    setState(TransferState::Running);
    if (!m_writer) {
        // After an app restart: the cache file continues from its last commit.
        CacheError error = CacheError::Missing;
        if (!m_record.streamState.isEmpty())
            m_writer = CacheWriter::resume(
                cachePath(),
                CacheCommit{m_record.plainBytes, m_record.fileBytes, m_record.streamState}, &error);
        if (!m_writer) {
            if (m_record.plainBytes > 0)
                qCInfo(lcMedia) << "download" << m_record.id << "cache not resumable ("
                                << cacheErrorText(error) << "); from the first byte";
            if (!startOver())
                return;
        }
    }
    request();
}

bool DownloadTransfer::startOver() {
    const crypto::SecureBytes key = crypto::newFileStreamKey();
    CacheError error = CacheError::Io;
    m_writer.reset();
    m_writer = CacheWriter::create(cachePath(), key, &error);
    if (!m_writer) {
        fail(cacheErrorText(error), TransferFailure::Storage);
        return false;
    }
    m_record.fileKey = key.view().toByteArray();
    m_record.etag.clear();
    m_committedPlain = -1; // written below whatever the position
    commit(true);
    return true;
}

void DownloadTransfer::request() {
    const qint64 offset = m_writer->plainBytes();
    QNetworkRequest request = tus::request(
        m_environment->server.resolved(QUrl(QStringLiteral("/files/") + m_record.fileId)),
        m_environment->token, m_environment->settings.stallTimeoutMs);
    // Bytes as stored: a transparently decompressed body would not match the ranges.
    request.setRawHeader("Accept-Encoding", "identity");
    if (m_secret) // a secret chat's file: no message carries it, its hash opens it (§12.8)
        request.setRawHeader("Msgr-Content-Sha256", m_secret->cipherSha256.toHex());
    if (offset > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + '-');
        // The rest of THIS file only; another one comes whole (200) and the cache starts over.
        request.setRawHeader("If-Range", m_record.etag);
    }
    m_bodyAccepted = false;
    QNetworkReply *reply = m_environment->network->get(request);
    reply->setReadBufferSize(kReadBufferBytes);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        if (m_reply == reply)
            onHead();
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (m_reply == reply)
            onData();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_reply != reply)
            return;
        onData(); // whatever is left
        if (m_reply != reply)
            return; // given up on while reading it
        onFinished();
        if (m_reply == reply)
            m_reply = nullptr;
    });
}

void DownloadTransfer::onHead() {
    const int status = tus::status(*m_reply);
    if (m_bodyAccepted || (status != 200 && status != 206))
        return; // an error answer: its body is drained, the status handled when it finishes
    const qint64 offset = m_writer->plainBytes();
    const download::DownloadAnswer answer = download::interpretDownloadAnswer(
        status, m_reply->rawHeader("Content-Range"), m_reply->rawHeader("Content-Length"),
        m_reply->rawHeader("ETag"), offset);
    if (answer.kind == download::DownloadAnswer::Kind::Malformed)
        return restart(tr("The server's answer did not fit the request (HTTP %1).").arg(status));
    if (answer.start > 0 && answer.etag != m_record.etag)
        return restart(tr("The server sent a range of another version of the file."));
    if (answer.start == 0 && offset > 0) {
        // If-Range did not match: the file changed. Its whole new content is coming: the cache
        // starts over under a new key, and this answer fills it.
        qCInfo(lcMedia) << "download" << m_record.id << "the file changed; from the first byte";
        if (++m_restarts > m_environment->settings.maxRestarts)
            return fail(tr("The file kept changing while it was downloaded."),
                        TransferFailure::Malformed);
        if (!startOver())
            return;
    }
    m_bodyAccepted = true;
    if (m_record.etag != answer.etag || m_record.size != answer.total) {
        m_record.etag = answer.etag;
        m_record.size = answer.total;
        commit(true);
    }
}

void DownloadTransfer::onData() {
    if (!m_reply)
        return;
    if (!m_bodyAccepted) {
        m_reply->readAll(); // an error answer's text: not ours to keep
        return;
    }
    const QByteArray bytes = m_reply->readAll();
    if (bytes.isEmpty())
        return;
    if (m_writer->plainBytes() + bytes.size() > m_record.size)
        return restart(tr("The server sent more than the file's length."));
    if (!m_writer->append(bytes))
        return fail(cacheErrorText(CacheError::Io), TransferFailure::Storage);
    m_rate.sample(m_writer->plainBytes());
    commit(false);
    emit progressed();
}

void DownloadTransfer::onFinished() {
    QNetworkReply &reply = *m_reply;
    const int status = tus::status(reply);
    if (m_bodyAccepted) {
        m_bodyAccepted = false;
        if (m_writer->plainBytes() == m_record.size)
            return complete();
        // Cut short (connection lost, server gone): what arrived is kept, the rest asked for.
        commit(true);
        return retryLater(reply.error() != QNetworkReply::NoError
                              ? reply.errorString()
                              : tr("The download was cut short."));
    }
    switch (status) {
    case 0: // no answer: connection refused or lost, timed out
        return retryLater(reply.errorString());
    case 200:
    case 206:
        return; // refused in onHead already (restart or failure)
    case 401:
        setState(TransferState::Queued, tr("Waiting for the account to sign in again."));
        emit unauthorized();
        return;
    case 403:
    case 404:
    case 410:
        // The same answer for a file that does not exist and one not shared with us.
        return fail(tr("The server has no such file for this account (HTTP %1).").arg(status),
                    TransferFailure::NotAllowed);
    case 416: // our offset is past its end: not the file we began
        return restart(tr("The server could not send the rest of the file (HTTP 416)."));
    case 409: // the uploader's own upload, not finished yet
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
        return retryLater(tr("The server is busy (HTTP %1).").arg(status));
    default:
        qCWarning(lcMedia) << "download" << m_record.id << "answered" << status;
        return fail(tr("The server refused the download (HTTP %1).").arg(status),
                    TransferFailure::Refused);
    }
}

void DownloadTransfer::restart(const QString &reason) {
    abandonRequest();
    if (++m_restarts > m_environment->settings.maxRestarts)
        return fail(reason, TransferFailure::Malformed);
    qCInfo(lcMedia) << "download" << m_record.id << "from the first byte:" << reason;
    if (!startOver())
        return;
    retryLater(reason);
}

void DownloadTransfer::retryLater(const QString &reason) {
    abandonRequest();
    const int delay = qMin(m_backoff.nextDelayMs(), m_environment->settings.maxRetryDelayMs);
    qCInfo(lcMedia) << "download" << m_record.id << "retrying in" << delay << "ms:" << reason;
    setState(TransferState::Retrying, reason);
    m_retryTimer.start(delay);
}

void DownloadTransfer::commit(bool force) {
    if (!m_writer)
        return;
    const CacheCommit point = m_writer->commitPoint();
    const qint64 every = qMax(kCacheChunkBytes, m_environment->settings.commitEveryBytes);
    if (!force && point.plainBytes - m_committedPlain < every)
        return;
    m_committedPlain = point.plainBytes;
    m_record.plainBytes = point.plainBytes;
    m_record.fileBytes = point.fileBytes;
    m_record.streamState = point.state;
    // Written after the cache file's bytes were flushed (CacheWriter::append): a commit never
    // names bytes the file does not have.
    m_environment->store->write([record = m_record](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setProgress(tx, record);
    });
    if (point.plainBytes > 0)
        m_backoff.reset(); // bytes moved: the next failure starts the backoff afresh
}

void DownloadTransfer::complete() {
    abandonRequest();
    if (!m_writer->finish())
        return fail(cacheErrorText(CacheError::Io), TransferFailure::Storage);
    CacheCommit point = m_writer->commitPoint();
    m_writer.reset();
    if (m_secret) {
        if (!openSecret())
            return;
        point = CacheCommit{m_record.plainBytes, m_record.fileBytes, {}};
    }
    m_committedPlain = point.plainBytes;
    m_record.plainBytes = point.plainBytes;
    m_record.fileBytes = point.fileBytes;
    m_record.streamState.clear();
    m_record.state = storage::DownloadState::Done;
    m_environment->store->write([record = m_record](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setProgress(tx, record);
        storage::DownloadsTable::setState(tx, record.id, storage::DownloadState::Done);
    });
    setState(TransferState::Done);
}

bool DownloadTransfer::openSecret() {
    const QString sealedPath = cachePath();
    const QString plainName = QString::fromLatin1(crypto::randomBytes(16).toHex());
    const QString plainPath = QDir(m_environment->cacheDir).filePath(plainName);
    QString error;
    const std::optional<OpenedSecretCache> opened = openSecretCache(
        sealedPath, crypto::SecureBytes::copyOf(m_record.fileKey), *m_secret, plainPath, &error);
    QFile::remove(sealedPath); // the ciphertext is not needed any more, whatever the outcome
    if (!opened) {
        // Nothing of a refused file is kept; a retry fetches it again from the first byte.
        m_record.fileKey.clear();
        m_record.streamState.clear();
        m_record.etag.clear();
        m_record.plainBytes = 0;
        m_record.fileBytes = 0;
        m_committedPlain = 0;
        m_environment->store->write([record = m_record](storage::WriteTransaction &tx) {
            storage::DownloadsTable::setProgress(tx, record);
        });
        fail(error, TransferFailure::Malformed);
        return false;
    }
    m_record.cacheName = plainName;
    m_record.fileKey = opened->key.view().toByteArray();
    m_record.size = opened->commit.plainBytes;
    m_record.plainBytes = opened->commit.plainBytes;
    m_record.fileBytes = opened->commit.fileBytes;
    return true;
}

void DownloadTransfer::fail(const QString &reason, TransferFailure failure) {
    abandonRequest();
    m_retryTimer.stop();
    qCWarning(lcMedia) << "download" << m_record.id << "failed:" << reason;
    if (failure == TransferFailure::NotAllowed) {
        // Nothing of a file we may not have is kept; a resume starts from the first byte.
        m_writer.reset();
        QFile::remove(cachePath());
        m_record.streamState.clear();
        m_record.plainBytes = 0;
        m_record.fileBytes = 0;
        m_committedPlain = 0;
        m_environment->store->write([record = m_record](storage::WriteTransaction &tx) {
            storage::DownloadsTable::setProgress(tx, record);
        });
    }
    m_record.state = storage::DownloadState::Failed;
    m_environment->store->write([id = m_record.id, reason](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setState(tx, id, storage::DownloadState::Failed, reason);
    });
    setState(TransferState::Failed, reason, failure);
}

void DownloadTransfer::pause() {
    if (m_cancelled || m_state == TransferState::Done || m_state == TransferState::Paused ||
        m_state == TransferState::Failed)
        return;
    abandonRequest();
    m_retryTimer.stop();
    commit(true);
    m_record.state = storage::DownloadState::Paused;
    m_environment->store->write([id = m_record.id](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setState(tx, id, storage::DownloadState::Paused);
    });
    setState(TransferState::Paused);
}

void DownloadTransfer::resume() {
    if (m_cancelled || (m_state != TransferState::Paused && m_state != TransferState::Failed))
        return;
    m_record.state = storage::DownloadState::Active;
    m_environment->store->write([id = m_record.id](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setState(tx, id, storage::DownloadState::Active);
    });
    m_backoff.reset();
    setState(TransferState::Queued);
}

void DownloadTransfer::cancel() {
    if (m_cancelled)
        return;
    m_cancelled = true;
    abandonRequest();
    m_retryTimer.stop();
    m_writer.reset();
    QFile::remove(cachePath());
    m_environment->store->write([id = m_record.id](storage::WriteTransaction &tx) {
        storage::DownloadsTable::remove(tx, id);
    });
    emit removed();
}

void DownloadTransfer::dropCache(const QString &reason) {
    if (m_cancelled)
        return;
    qCWarning(lcMedia) << "download" << m_record.id << "cache dropped:" << reason;
    abandonRequest();
    m_retryTimer.stop();
    m_writer.reset();
    QFile::remove(cachePath());
    m_record.fileKey.clear();
    m_record.streamState.clear();
    m_record.etag.clear();
    m_record.plainBytes = 0;
    m_record.fileBytes = 0;
    m_committedPlain = 0;
    m_record.state = storage::DownloadState::Active;
    m_environment->store->write([record = m_record](storage::WriteTransaction &tx) {
        storage::DownloadsTable::setProgress(tx, record);
        storage::DownloadsTable::setState(tx, record.id, storage::DownloadState::Active);
    });
    m_restarts = 0;
    setState(TransferState::Queued, reason);
}

void DownloadTransfer::setState(TransferState state, const QString &error,
                                TransferFailure failure) {
    if (state != TransferState::Running)
        m_rate.reset();
    if (m_state == state && m_error == error && m_failure == failure)
        return;
    m_state = state;
    m_error = error;
    m_failure = failure;
    emit stateChanged();
}

void DownloadTransfer::abandonRequest() {
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_bodyAccepted = false;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

} // namespace msgr::core
