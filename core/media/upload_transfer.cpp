#include "core/media/upload_transfer.h"

#include "core/media/media_logging.h"
#include "core/media/tus_protocol.h"
#include "storage/profile_store.h"
#include "storage/tables/upload_parts_table.h"
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

//! Reads `length` bytes at `at` of the file into `buffer`, reusing its memory. A buffer another
//! QByteArray still shares (a reply not yet deleted) is left to it and a new one allocated, so
//! bytes on their way to the socket are never overwritten.
bool readPart(const QString &path, qint64 at, qint64 length, QByteArray &buffer) {
    if (!buffer.isDetached())
        buffer = QByteArray();
    buffer.resize(length); // keeps the capacity: no allocation after the first part
    QFile file(path);
    return file.open(QIODevice::ReadOnly | QIODevice::Unbuffered) && file.seek(at) &&
           file.read(buffer.data(), length) == length;
}

} // namespace

UploadTransfer::UploadTransfer(storage::UploadRecord record,
                               const QList<storage::UploadPartRecord> &parts, bool growing,
                               const UploadEnvironment *environment, QObject *parent)
    : QObject(parent), m_record(std::move(record)), m_environment(environment), m_growing(growing) {
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        setState(TransferState::Running);
        beginLanes();
    });
    if (!parts.isEmpty() && m_record.state != storage::UploadState::Done) {
        m_parallel = true;
        for (const storage::UploadPartRecord &part : parts) {
            Lane lane;
            lane.begin = part.begin;
            lane.length = part.length;
            lane.url = part.uploadUrl;
            lane.confirmed = part.confirmed;
            m_lanes.append(lane);
        }
    } else if (!m_record.uploadUrl.isEmpty()) {
        Lane lane;
        lane.length = m_record.size;
        lane.url = m_record.uploadUrl;
        lane.confirmed = m_record.confirmedOffset;
        m_lanes.append(lane);
    }
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
    abandonRequests();
}

qint64 UploadTransfer::confirmedBytes() const {
    if (m_state == TransferState::Done || m_lanes.isEmpty())
        return m_record.confirmedOffset;
    qint64 confirmed = 0;
    for (const Lane &lane : m_lanes)
        confirmed += lane.confirmed;
    return confirmed;
}

qint64 UploadTransfer::doneBytes() const {
    qint64 done = confirmedBytes();
    for (const Lane &lane : m_lanes)
        done += lane.reply ? lane.sent : 0;
    return qMin(m_record.size, done);
}

TransferProgress UploadTransfer::progress() const {
    TransferProgress p;
    p.id = m_record.id;
    p.localPath = m_record.localPath;
    p.fileName = m_record.fileName;
    if (m_state == TransferState::Done)
        p.fileId = tus::fileIdOf(m_record.uploadUrl);
    p.bytesTotal = m_record.size;
    p.bytesConfirmed = confirmedBytes();
    p.bytesDone = doneBytes();
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

int UploadTransfer::serverUploadsHeld() const {
    if (m_state == TransferState::Done || m_cancelled)
        return 0;
    if (isActive())
        return qMax(1, int(m_lanes.size()));
    int held = 0;
    for (const Lane &lane : m_lanes)
        held += lane.url.isEmpty() ? 0 : 1;
    return held;
}

void UploadTransfer::start(int freeServerUploads) {
    if (m_state != TransferState::Queued || m_cancelled)
        return;
    m_recreations = 0;
    for (Lane &lane : m_lanes) {
        lane.checksumRefusals = 0;
        lane.recreations = 0;
    }
    if (m_lanes.isEmpty())
        split(freeServerUploads);
    setState(TransferState::Running);
    beginLanes(); // after a restart or a pause: the server's offsets are the truth
}

void UploadTransfer::split(int freeServerUploads) {
    const UploadSettings &settings = m_environment->settings;
    // A growing file gets more, shorter lanes (sent parallelParts at a time, in order), so the
    // lanes are not left waiting for the producer to reach their first byte.
    const int lanes =
        m_growing ? qMax(settings.parallelParts, settings.growingLanes) : settings.parallelParts;
    const int wanted = qMin(lanes, freeServerUploads);
    if (m_record.size < settings.parallelMinBytes || wanted < 2) {
        Lane lane;
        lane.length = m_record.size;
        m_lanes.append(lane);
        return;
    }
    // Each lane a whole number of parts, so every PATCH but the file's last is partSize long.
    const qint64 parts = (m_record.size + settings.partSize - 1) / settings.partSize;
    const qint64 perLane = (parts + wanted - 1) / wanted * settings.partSize;
    QList<storage::UploadPartRecord> records;
    for (qint64 begin = 0; begin < m_record.size; begin += perLane) {
        Lane lane;
        lane.begin = begin;
        lane.length = qMin(perLane, m_record.size - begin);
        m_lanes.append(lane);
        storage::UploadPartRecord record;
        record.uploadId = m_record.id;
        record.index = int(records.size());
        record.begin = lane.begin;
        record.length = lane.length;
        records.append(record);
    }
    m_parallel = true;
    persist([records](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadPartsTable::setSplit(tx, id, records);
    });
}

void UploadTransfer::pause() {
    if (m_cancelled || m_state == TransferState::Done || m_state == TransferState::Paused ||
        m_state == TransferState::Failed)
        return;
    abandonRequests();
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
    abandonRequests();
    m_retryTimer.stop();
    if (m_state != TransferState::Done && !m_environment->token.isEmpty())
        return sendDeletes();
    persist(
        [](storage::WriteTransaction &tx, qint64 id) { storage::UploadsTable::remove(tx, id); });
    emit removed();
}

void UploadTransfer::sendDeletes() {
    // Every lane the server created, at once: cancelling terminates each partial upload.
    m_deletesLeft = 0;
    for (int i = 0; i < m_lanes.size(); ++i) {
        if (!m_lanes[i].url.isEmpty()) {
            ++m_deletesLeft;
            sendDelete(i, 1);
        }
    }
    if (m_deletesLeft > 0)
        return;
    persist(
        [](storage::WriteTransaction &tx, qint64 id) { storage::UploadsTable::remove(tx, id); });
    emit removed();
}

void UploadTransfer::sendDelete(int lane, int attempt) {
    const QNetworkRequest request = tus::request(QUrl(m_lanes[lane].url), m_environment->token,
                                                 m_environment->settings.stallTimeoutMs);
    watch(lane, m_environment->network->deleteResource(request),
          [this, lane, attempt](QNetworkReply &reply) {
              const int status = tus::status(reply);
              if (status == 423 && attempt < kDeleteAttempts) {
                  QTimer::singleShot(kDeleteRetryMs, this,
                                     [this, lane, attempt] { sendDelete(lane, attempt + 1); });
                  return;
              }
              if (status != 204 && status != 404)
                  qCWarning(lcMedia) << "upload" << m_record.id << "could not be deleted on the "
                                     << "server" << status << reply.errorString()
                                     << "(it expires there by itself)";
              if (--m_deletesLeft > 0)
                  return;
              persist([](storage::WriteTransaction &tx, qint64 id) {
                  storage::UploadsTable::remove(tx, id);
              });
              emit removed();
          });
}

void UploadTransfer::grow(qint64 bytes, std::optional<qint64> completeMtimeMs) {
    if (!m_growing)
        return;
    m_available = qMax(m_available, bytes);
    if (completeMtimeMs) {
        m_growing = false;
        m_record.mtimeMs = *completeMtimeMs;
    }
    if (m_state != TransferState::Running)
        return;
    for (int i = 0; i < m_lanes.size(); ++i) {
        if (m_state != TransferState::Running)
            return;
        if (m_lanes[i].waiting && !m_lanes[i].reply)
            sendPart(i);
    }
}

void UploadTransfer::setState(TransferState state, const QString &error) {
    if (state != TransferState::Running) {
        m_rate.reset();
        for (Lane &lane : m_lanes) // a paused, failed or finished transfer holds no part
            for (QByteArray &buffer : lane.partBuffers)
                buffer = QByteArray();
    }
    if (m_state == state && m_error == error)
        return;
    m_state = state;
    m_error = error;
    emit stateChanged();
}

std::optional<QString> UploadTransfer::fileProblem() const {
    const QFileInfo info(m_record.localPath);
    if (!info.exists() && !(m_growing && m_available == 0))
        return tr("The file is no longer there: %1").arg(m_record.localPath);
    if (m_growing)
        return std::nullopt; // its producer checks it; what it announced is final
    if (info.size() != m_record.size || info.lastModified().toMSecsSinceEpoch() != m_record.mtimeMs)
        return tr("The file changed after its upload began: %1").arg(m_record.localPath);
    return std::nullopt;
}

bool UploadTransfer::allLanesComplete() const {
    for (const Lane &lane : m_lanes)
        if (!lane.complete())
            return false;
    return !m_lanes.isEmpty();
}

void UploadTransfer::beginLanes() {
    if (parallel() && allLanesComplete())
        return sendFinal();
    askLanes();
}

void UploadTransfer::askLanes() {
    // A complete lane is asked too (its partial upload may be gone: the final's 404/409).
    for (int i = 0; i < m_lanes.size(); ++i) {
        if (m_state != TransferState::Running)
            return;
        if (m_lanes[i].complete())
            askOffset(i);
    }
    activateLanes();
}

void UploadTransfer::activateLanes() {
    const int most = qMax(1, m_environment->settings.parallelParts);
    int active = 0;
    for (const Lane &lane : std::as_const(m_lanes))
        active += lane.active && !lane.complete() ? 1 : 0;
    for (int i = 0; i < m_lanes.size() && active < most; ++i) {
        if (m_state != TransferState::Running)
            return; // a lane failed at once (the file changed)
        if (m_lanes[i].active || m_lanes[i].complete() || m_lanes[i].reply)
            continue;
        activate(i);
        ++active;
    }
}

void UploadTransfer::activate(int lane) {
    m_lanes[lane].active = true;
    if (m_lanes[lane].url.isEmpty())
        create(lane);
    else
        askOffset(lane);
}

void UploadTransfer::create(int lane) {
    if (const std::optional<QString> problem = fileProblem())
        return fail(*problem);
    const UploadSettings &settings = m_environment->settings;
    const QNetworkRequest request =
        parallel()
            ? tus::partialCreation(m_environment->server, m_environment->token,
                                   settings.stallTimeoutMs, m_lanes[lane].length)
            : tus::creation(m_environment->server, m_environment->token, settings.stallTimeoutMs,
                            m_record.size, m_record.fileName, m_record.mimeType);
    watch(lane, m_environment->network->post(request, QByteArray()),
          [this, lane](QNetworkReply &reply) { onCreated(lane, reply); });
}

void UploadTransfer::onCreated(int lane, QNetworkReply &reply) {
    if (tus::status(reply) != 201)
        return onRefused(lane, reply);
    const std::optional<QUrl> url = tus::uploadUrl(m_environment->server, reply);
    const std::optional<qint64> offset = tus::numberHeader(reply, "Upload-Offset");
    if (!url || !offset || *offset != 0)
        return fail(tr("The server's answer to the upload's creation was malformed."));
    setLaneUrl(lane, url->toString());
    m_backoff.reset();
    if (m_lanes[lane].length == 0)
        askOffset(lane); // an empty file is complete at creation; HEAD says so
    else
        sendPart(lane);
}

void UploadTransfer::setLaneUrl(int lane, const QString &url) {
    m_lanes[lane].url = url;
    m_lanes[lane].confirmed = 0;
    if (parallel()) {
        persist([lane, url](storage::WriteTransaction &tx, qint64 id) {
            storage::UploadPartsTable::setUploadUrl(tx, id, lane, url);
        });
        return;
    }
    m_record.uploadUrl = url;
    m_record.confirmedOffset = 0;
    persist([url](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setUploadUrl(tx, id, url);
    });
}

void UploadTransfer::askOffset(int lane) {
    const QNetworkRequest request = tus::request(QUrl(m_lanes[lane].url), m_environment->token,
                                                 m_environment->settings.stallTimeoutMs);
    watch(lane, m_environment->network->head(request),
          [this, lane](QNetworkReply &reply) { onOffset(lane, reply); });
}

void UploadTransfer::onOffset(int lane, QNetworkReply &reply) {
    if (tus::status(reply) != 200)
        return onRefused(lane, reply);
    const qint64 expected = m_lanes[lane].length;
    const std::optional<qint64> offset = tus::numberHeader(reply, "Upload-Offset");
    const std::optional<qint64> length = tus::numberHeader(reply, "Upload-Length");
    if (!offset || !length || *length != expected || *offset > expected)
        return fail(tr("The server's upload does not match the file."));
    confirm(lane, *offset);
    if (*offset == expected)
        return laneComplete();
    sendPart(lane);
}

void UploadTransfer::sendPart(int laneIndex) {
    if (const std::optional<QString> problem = fileProblem())
        return fail(*problem);
    Lane &lane = m_lanes[laneIndex];
    const qint64 offset = lane.confirmed;
    const qint64 length = qMin(m_environment->settings.partSize, lane.length - offset);
    lane.waiting = m_growing && lane.begin + offset + length > m_available;
    if (lane.waiting)
        return; // grow() sends it
    QByteArray &bytes = lane.partBuffers[lane.nextPartBuffer];
    lane.nextPartBuffer ^= 1;
    if (!readPart(m_record.localPath, lane.begin + offset, length, bytes))
        return fail(tr("The file could not be read: %1").arg(m_record.localPath));
    lane.sent = 0;
    const QNetworkRequest request =
        tus::part(QUrl(lane.url), m_environment->token, m_environment->settings.stallTimeoutMs,
                  offset, bytes);
    QNetworkReply *reply =
        m_environment->network->sendCustomRequest(request, QByteArrayLiteral("PATCH"), bytes);
    connect(reply, &QNetworkReply::uploadProgress, this, [this, laneIndex](qint64 sent, qint64) {
        m_lanes[laneIndex].sent = sent;
        m_rate.sample(doneBytes());
        emit progressed();
    });
    watch(laneIndex, reply, [this, laneIndex, offset, length](QNetworkReply &answer) {
        onPartAnswered(laneIndex, answer, offset, length);
    });
}

void UploadTransfer::onPartAnswered(int lane, QNetworkReply &reply, qint64 offset, qint64 length) {
    m_lanes[lane].sent = 0;
    if (tus::status(reply) != 204)
        return onRefused(lane, reply);
    const std::optional<qint64> confirmed = tus::numberHeader(reply, "Upload-Offset");
    if (!confirmed || *confirmed <= offset || *confirmed > offset + length)
        return askOffset(lane); // not what a part can do: ask where the upload stands
    if (!parallel() && *confirmed == m_lanes[lane].length)
        checkpoint("last-part-answered"); // a restart's HEAD finds the upload complete
    confirm(lane, *confirmed);
    m_lanes[lane].checksumRefusals = 0;
    m_lanes[lane].recreations = 0;
    m_recreations = 0;
    m_backoff.reset();
    if (*confirmed == m_lanes[lane].length)
        return laneComplete();
    sendPart(lane);
}

void UploadTransfer::laneComplete() {
    if (m_state != TransferState::Running || m_reply)
        return;
    activateLanes(); // the next lane in order takes the finished one's place
    for (const Lane &lane : m_lanes)
        if (!lane.complete() || lane.reply)
            return; // the others are still on their way
    if (parallel())
        return sendFinal();
    complete();
}

void UploadTransfer::sendFinal() {
    // The lanes' confirmations are queued writes: the final goes once they are committed (an
    // empty write commits after every write queued before it), so a restart after the server
    // consumed the partial uploads knows to ask for the final, never to send the parts again.
    m_environment->store->writeSoon([](storage::WriteTransaction &) {}, this,
                                    [this, generation = m_generation] {
                                        if (generation == m_generation &&
                                            m_state == TransferState::Running && !m_reply &&
                                            !m_cancelled)
                                            postFinal();
                                    });
}

void UploadTransfer::postFinal() {
    QList<QUrl> parts;
    for (const Lane &lane : m_lanes)
        parts.append(QUrl(lane.url));
    // The answer comes once the server copied and hashed every byte: a long wait for a large
    // file, not a stall (a second of allowance per 16 MiB on top of the usual timeout).
    const int timeoutMs =
        m_environment->settings.stallTimeoutMs + int(qMin<qint64>(m_record.size >> 14, 600'000));
    const QNetworkRequest request =
        tus::finalCreation(m_environment->server, m_environment->token, timeoutMs, parts,
                           m_record.fileName, m_record.mimeType);
    watch(-1, m_environment->network->post(request, QByteArray()),
          [this](QNetworkReply &reply) { onFinal(reply); });
}

void UploadTransfer::onFinal(QNetworkReply &reply) {
    if (tus::status(reply) != 201)
        return onRefused(-1, reply);
    checkpoint("final-answered"); // the server answers the same final again with this one
    const std::optional<QUrl> url = tus::uploadUrl(m_environment->server, reply);
    const std::optional<qint64> offset = tus::numberHeader(reply, "Upload-Offset");
    if (!url || !offset || *offset != m_record.size)
        return fail(tr("The server's answer to the upload's creation was malformed."));
    // The partial uploads are consumed: the final's URL is the upload's, in the same write
    // that forgets them.
    m_record.uploadUrl = url->toString();
    m_record.confirmedOffset = m_record.size;
    persist(
        [url = m_record.uploadUrl, size = m_record.size](storage::WriteTransaction &tx, qint64 id) {
            storage::UploadsTable::setUploadUrl(tx, id, url);
            storage::UploadsTable::setConfirmedOffset(tx, id, size);
            storage::UploadPartsTable::removeAll(tx, id);
        });
    complete();
}

void UploadTransfer::onRefused(int lane, QNetworkReply &reply) {
    const int status = tus::status(reply);
    switch (status) {
    case 0: // no answer: connection refused or lost, timed out
        return retryLater(reply.errorString());
    case 401:
        abandonRequests();
        setState(TransferState::Queued, tr("Waiting for the account to sign in again."));
        emit unauthorized();
        return;
    case 404:
    case 410:
        // The server no longer has the upload (expired after 24 h, or it lost its data): start
        // it again from the first byte. For the final: a part is gone (and no final was made
        // of them); each asks which.
        if (lane < 0) {
            if (++m_recreations > kMaxRecreations)
                return fail(tr("The server refused the upload (HTTP %1).").arg(status));
            abandonRequests();
            return askLanes();
        }
        if (m_lanes[lane].url.isEmpty() || ++m_lanes[lane].recreations > kMaxRecreations)
            return fail(tr("The server refused the upload (HTTP %1).").arg(status));
        qCInfo(lcMedia) << "upload" << m_record.id << "lane" << lane
                        << "unknown to the server; creating it again";
        setLaneUrl(lane, QString());
        return create(lane);
    case 409: // our offset was not the server's (the final: a part is not complete)
        if (lane < 0)
            return askLanes();
        return askOffset(lane);
    case tus::kChecksumMismatch:
        // The part was damaged on its way; the server kept nothing of it: send it again.
        if (lane < 0)
            break;
        if (++m_lanes[lane].checksumRefusals > m_environment->settings.maxChecksumRefusals)
            return fail(tr("The server refused the file's parts as damaged %n time(s) in a row.",
                           nullptr, m_lanes[lane].checksumRefusals));
        qCInfo(lcMedia) << "upload" << m_record.id << "part refused by its checksum; resending";
        return sendPart(lane);
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
        break;
    }
    qCWarning(lcMedia) << "upload" << m_record.id << reply.operation() << reply.request().url()
                       << "answered" << status << reply.readAll();
    fail(tr("The server refused the upload (HTTP %1).").arg(status));
}

void UploadTransfer::retryLater(const QString &reason, std::optional<int> delayMs) {
    // Every lane stops and starts again together: a lost connection usually took the others'
    // too, and each asks the server where it stands when the wait is over.
    abandonRequests();
    const int backoff = qMin(m_backoff.nextDelayMs(), m_environment->settings.maxRetryDelayMs);
    const int delay = delayMs ? qMax(*delayMs, backoff) : backoff;
    qCInfo(lcMedia) << "upload" << m_record.id << "retrying in" << delay << "ms:" << reason;
    setState(TransferState::Retrying, reason);
    m_retryTimer.start(delay);
}

void UploadTransfer::confirm(int lane, qint64 offset) {
    if (offset == m_lanes[lane].confirmed)
        return;
    m_lanes[lane].confirmed = offset;
    m_rate.sample(doneBytes());
    if (parallel()) {
        persist([lane, offset](storage::WriteTransaction &tx, qint64 id) {
            storage::UploadPartsTable::setConfirmed(tx, id, lane, offset);
        });
    } else {
        m_record.confirmedOffset = offset;
        persist([offset](storage::WriteTransaction &tx, qint64 id) {
            storage::UploadsTable::setConfirmedOffset(tx, id, offset);
        });
    }
    emit progressed();
}

void UploadTransfer::complete() {
    if (!parallel())
        m_record.uploadUrl = m_lanes.first().url;
    m_record.confirmedOffset = m_record.size;
    m_record.state = storage::UploadState::Done;
    persist([](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setState(tx, id, storage::UploadState::Done);
    });
    setState(TransferState::Done);
}

void UploadTransfer::fail(const QString &reason) {
    abandonRequests();
    qCWarning(lcMedia) << "upload" << m_record.id << "failed:" << reason;
    m_record.state = storage::UploadState::Failed;
    persist([reason](storage::WriteTransaction &tx, qint64 id) {
        storage::UploadsTable::setState(tx, id, storage::UploadState::Failed, reason);
    });
    setState(TransferState::Failed, reason);
}

void UploadTransfer::abandonRequests() {
    ++m_generation; // a final waiting for its profile write is not sent any more
    const auto abandon = [this](QPointer<QNetworkReply> &slot) {
        if (!slot)
            return;
        QNetworkReply *reply = slot;
        slot = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    };
    for (Lane &lane : m_lanes) {
        abandon(lane.reply);
        lane.sent = 0;
        lane.waiting = false;
        lane.active = false;
    }
    abandon(m_reply);
}

void UploadTransfer::watch(int lane, QNetworkReply *reply,
                           std::function<void(QNetworkReply &)> then) {
    QPointer<QNetworkReply> &slot = lane < 0 ? m_reply : m_lanes[lane].reply;
    slot = reply;
    connect(reply, &QNetworkReply::finished, this, [this, lane, reply, then = std::move(then)] {
        QPointer<QNetworkReply> &current = lane < 0 ? m_reply : m_lanes[lane].reply;
        if (current == reply)
            current = nullptr;
        reply->deleteLater();
        then(*reply);
    });
}

void UploadTransfer::checkpoint(const char *point) const {
    if (m_environment->settings.checkpoint)
        m_environment->settings.checkpoint(point);
}

void UploadTransfer::persist(std::function<void(storage::WriteTransaction &, qint64)> write) {
    m_environment->store->write([write = std::move(write), id = m_record.id](
                                    storage::WriteTransaction &tx) { write(tx, id); });
}

} // namespace msgr::core
