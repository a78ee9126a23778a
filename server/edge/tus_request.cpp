#include "server/edge/tus_request.h"

#include "server/media/upload_limits.h"
#include "server/metrics.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>

#include <QDateTime>
#include <QLocale>

namespace msgr::server {
namespace beast = boost::beast;
namespace http = beast::http;
using media::UploadError;

namespace {
constexpr std::string_view kTusVersion = "1.0.0";
constexpr std::string_view kCollection = "/files";
constexpr std::string_view kOffsetOctetStream = "application/offset+octet-stream";
constexpr std::string_view kExtensions =
    "creation,creation-with-upload,checksum,termination,expiration,concatenation";
constexpr std::string_view kChecksumAlgorithms = "sha1,sha256";
constexpr std::string_view kAllowedMethods = "OPTIONS, POST, HEAD, PATCH, DELETE";
//! tus checksum extension: the part did not match its Upload-Checksum.
constexpr auto kChecksumMismatch = static_cast<http::status>(460);
//! Upload ids are 32 lowercase hex digits (upload_service.cpp); anything else is not one.
constexpr size_t kUploadIdLength = 32;

std::string_view pathOf(std::string_view target) {
    return target.substr(0, target.find('?'));
}

bool isUploadId(std::string_view id) {
    if (id.size() != kUploadIdLength)
        return false;
    for (const char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

HttpResponse tusResponse(http::status status, unsigned version, std::string_view text = {}) {
    HttpResponse res{status, version};
    res.set(http::field::server, "msgr-server");
    res.set("Tus-Resumable", kTusVersion);
    res.set(http::field::cache_control, "no-store");
    if (!text.empty()) {
        res.set(http::field::content_type, "text/plain; charset=utf-8");
        res.body() = std::string(text);
    }
    if (status == kChecksumMismatch)
        res.reason("Checksum Mismatch");
    res.prepare_payload();
    return res;
}

//! An HTTP-date (RFC 9110 §5.6.7), for Upload-Expires.
std::string httpDate(qint64 msSinceEpoch) {
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC);
    return QLocale::c()
        .toString(utc, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toStdString();
}

//! tus expiration: every answer about an unfinished upload tells until when it is kept.
void setExpires(HttpResponse &res, const UploadRecord &upload) {
    if (!upload.finished())
        res.set("Upload-Expires", httpDate(upload.expiresAt));
}

QString utf8(const QByteArray &bytes) {
    return QString::fromUtf8(bytes);
}
} // namespace

bool isTusTarget(std::string_view target) {
    const std::string_view path = pathOf(target);
    return path == kCollection || path.substr(0, kCollection.size() + 1) == "/files/";
}

TusRequest::TusRequest(EdgeContext &edge, boost::asio::io_context::executor_type executor,
                       TusTransport &transport)
    : m_edge(edge), m_uploads(*edge.server.uploads), m_executor(std::move(executor)),
      m_transport(transport) {}

TusRequest::~TusRequest() {
    if (m_locked)
        m_uploads.unlock(m_upload.id);
}

//! Continues `method` with the result on this connection's thread.
template <class Result> auto TusRequest::back(void (TusRequest::*method)(Result)) {
    return [self = shared_from_this(), method](Result result) {
        boost::asio::post(self->m_executor, [self, method, r = std::move(result)]() mutable {
            ((*self).*method)(std::move(r));
        });
    };
}

//! tus expiration, with the sweeper's rule (expired at expiresAt itself).
bool TusRequest::expired() const {
    return QDateTime::currentMSecsSinceEpoch() >= m_upload.expiresAt;
}

void TusRequest::start(const HttpRequest &request, bool hasBody) {
    m_version = request.version();
    m_method = request.method();
    m_hasBody = hasBody;
    if (const auto length = request.find(http::field::content_length); length != request.end())
        m_declaredLength = media::parseNonNegative(length->value());
    const std::string_view path = pathOf(request.target());

    if (m_method == http::verb::options) {
        HttpResponse res = tusResponse(http::status::no_content, m_version);
        res.set("Tus-Version", kTusVersion);
        res.set("Tus-Extension", kExtensions);
        res.set("Tus-Max-Size", std::to_string(media::kMaxUploadBytes));
        res.set("Tus-Checksum-Algorithm", kChecksumAlgorithms);
        if (m_hasBody)
            return refuse(http::status::bad_request, "OPTIONS takes no body\n");
        return done(std::move(res));
    }
    if (request["Tus-Resumable"] != kTusVersion) {
        HttpResponse res = tusResponse(http::status::precondition_failed, m_version,
                                       "Tus-Resumable must be 1.0.0\n");
        res.set("Tus-Version", kTusVersion);
        return refuseWith(std::move(res));
    }
    const bool collection = path == kCollection || path == "/files/";
    const std::string_view id = collection ? std::string_view{} : path.substr(7);
    m_uploadId = QString::fromLatin1(id.data(), qsizetype(id.size()));

    switch (m_method) {
    case http::verb::post: {
        if (!collection)
            return refuse(http::status::method_not_allowed, "POST creates under /files\n");
        if (request.find("Upload-Defer-Length") != request.end())
            return refuse(http::status::bad_request, "Upload-Defer-Length is not supported\n");
        if (!readConcat(request))
            return;
        if (!m_concat || !m_concat->isFinal) {
            const auto length = media::parseNonNegative(request["Upload-Length"]);
            if (!length)
                return refuse(http::status::bad_request, "Upload-Length is required\n");
            if (*length > media::kMaxUploadBytes)
                return refuse(http::status::payload_too_large, "larger than Tus-Max-Size\n");
            m_length = *length;
        }
        const auto metadata = media::parseUploadMetadata(request["Upload-Metadata"]);
        if (!metadata)
            return refuse(http::status::bad_request, "malformed Upload-Metadata\n");
        m_fileName = utf8(metadata->value("filename"));
        m_fileType = utf8(metadata->value("filetype"));
        if (m_hasBody && request[http::field::content_type] != kOffsetOctetStream)
            return refuse(http::status::unsupported_media_type,
                          "Content-Type must be application/offset+octet-stream\n");
        break;
    }
    case http::verb::patch: {
        if (collection)
            return refuse(http::status::method_not_allowed, "PATCH an upload's URL\n");
        if (request[http::field::content_type] != kOffsetOctetStream)
            return refuse(http::status::unsupported_media_type,
                          "Content-Type must be application/offset+octet-stream\n");
        const auto offset = media::parseNonNegative(request["Upload-Offset"]);
        if (!offset)
            return refuse(http::status::bad_request, "Upload-Offset is required\n");
        m_requestOffset = *offset;
        break;
    }
    case http::verb::head:
    case http::verb::delete_:
        if (collection)
            return refuse(http::status::method_not_allowed, "use an upload's URL\n");
        if (m_hasBody)
            return refuse(http::status::bad_request, "no body expected\n");
        break;
    default: {
        HttpResponse res =
            tusResponse(http::status::method_not_allowed, m_version, "not a tus method\n");
        res.set(http::field::allow, kAllowedMethods);
        return refuseWith(std::move(res));
    }
    }
    if (const auto checksum = request.find("Upload-Checksum"); checksum != request.end()) {
        m_checksum = media::parseUploadChecksum(checksum->value());
        if (!m_checksum)
            return refuse(http::status::bad_request,
                          "Upload-Checksum: sha1 or sha256 and a base64 digest\n");
    }
    const QString token = media::bearerToken(request[http::field::authorization]);
    if (token.isEmpty())
        return refuse(UploadError::Unauthorized);
    if (!collection && !isUploadId(id))
        return refuse(UploadError::NotFound);
    m_uploads.lookup(token, m_uploadId, back(&TusRequest::onLookup));
}

void TusRequest::onLookup(media::UploadLookup found) {
    if (found.error)
        return refuse(*found.error);
    if (m_method == http::verb::post && m_concat && m_concat->isFinal)
        return m_uploads.concatenate(found.userId, m_concat->partIds, m_fileName, m_fileType,
                                     back(&TusRequest::onConcatenated));
    if (m_method == http::verb::post)
        return m_uploads.create(found.userId, m_length, m_fileName, m_fileType,
                                back(&TusRequest::onCreated), m_concat.has_value());
    m_upload = *found.upload;
    // tus expiration: an unfinished upload past its time is gone for the client.
    if (!m_upload.finished() && expired())
        return refuse(UploadError::NotFound);
    if (m_method == http::verb::head) {
        HttpResponse res = tusResponse(http::status::ok, m_version);
        res.set("Upload-Offset", std::to_string(m_upload.offset));
        res.set("Upload-Length", std::to_string(m_upload.length));
        if (!m_upload.concat.isEmpty())
            res.set("Upload-Concat", m_upload.concat.toStdString());
        setExpires(res, m_upload);
        return done(std::move(res));
    }
    if (m_method == http::verb::delete_) {
        // Not under a running PATCH: it would record an offset for a row that is gone.
        if (!m_uploads.tryLock(m_upload.id))
            return refuse(http::status::locked, "a PATCH of this upload is running\n");
        m_locked = true;
        return m_uploads.terminate(m_upload, back(&TusRequest::onTerminated));
    }
    // tus concatenation: a final upload's bytes are its parts'; nothing may be appended.
    if (m_upload.isFinal())
        return refuse(http::status::forbidden, "a final upload takes no PATCH\n");
    patch();
}

void TusRequest::onCreated(media::UploadCreated created) {
    if (created.error)
        return refuse(*created.error);
    m_upload = created.upload;
    m_creating = true;
    m_locked = m_uploads.tryLock(m_upload.id); // a new id: nobody else holds it
    receive();
}

bool TusRequest::readConcat(const HttpRequest &request) {
    const auto header = request.find("Upload-Concat");
    if (header == request.end())
        return true;
    m_concat = media::parseUploadConcat(header->value());
    if (!m_concat) {
        refuse(http::status::bad_request,
               "Upload-Concat: partial, or final; and the partial uploads' URLs\n");
        return false;
    }
    if (!m_concat->isFinal)
        return true;
    // tus: the final's length is its parts' sum, and its bytes are theirs.
    if (request.find("Upload-Length") != request.end()) {
        refuse(http::status::bad_request, "a final upload takes no Upload-Length\n");
        return false;
    }
    if (m_hasBody) {
        refuse(http::status::bad_request, "a final upload takes no body\n");
        return false;
    }
    if (m_concat->partIds.size() > media::kMaxConcatParts) {
        refuse(http::status::bad_request, "a final upload names at most " +
                                              std::to_string(media::kMaxConcatParts) +
                                              " partial uploads\n");
        return false;
    }
    if (m_concat->partIds.removeDuplicates() > 0) {
        refuse(http::status::bad_request, "a final upload names each partial upload once\n");
        return false;
    }
    return true;
}

void TusRequest::onConcatenated(media::UploadCreated created) {
    if (created.error)
        return refuse(*created.error);
    m_upload = created.upload;
    m_creating = true;
    if (!created.assembledEarlier)
        m_edge.server.metrics->uploadFinished();
    succeed();
}

void TusRequest::onTerminated(std::optional<UploadError> error) {
    if (error)
        return refuse(*error);
    done(tusResponse(http::status::no_content, m_version));
}

void TusRequest::patch() {
    if (m_requestOffset != m_upload.offset)
        return refuse(http::status::conflict, "Upload-Offset is not the upload's offset\n");
    const qint64 remaining = m_upload.length - m_upload.offset;
    if (m_declaredLength && qint64(*m_declaredLength) > remaining)
        return refuse(http::status::payload_too_large, "the body passes Upload-Length\n");
    if (m_upload.finished()) {
        if (m_hasBody)
            return refuse(http::status::payload_too_large, "the upload is complete\n");
        return succeed();
    }
    if (!m_uploads.tryLock(m_upload.id))
        return refuse(http::status::locked, "another PATCH of this upload is running\n");
    m_locked = true;
    // Again under the lock: the sweeper removes only expired uploads and only under this
    // lock, so one that expired since the lookup may be gone; a write now would leave a
    // partial file without a row.
    if (expired())
        return refuse(UploadError::NotFound);
    receive();
}

void TusRequest::receive() {
    m_writer = m_uploads.blobs().openPart(m_upload.id, m_upload.offset);
    if (!m_writer)
        return refuse(UploadError::Internal);
    // A partial upload is never filed by itself (its final is hashed as it is assembled).
    if (!m_upload.isPartial())
        m_content = m_uploads.runningHashes().take(m_upload.id, m_upload.offset);
    if (m_checksum)
        m_hash.emplace(m_checksum->algorithm == media::ChecksumAlgorithm::Sha1
                           ? media::ContentHash::Algorithm::Sha1
                           : media::ContentHash::Algorithm::Sha256);
    if (!m_hasBody)
        return bodyEnded();
    m_transport.readBody(std::uint64_t(m_upload.length - m_upload.offset));
}

bool TusRequest::bodyBytes(const char *data, size_t size) {
    if (m_done || !m_writer)
        return false;
    if (size == 0)
        return true;
    if (m_hash)
        m_hash->addData(QByteArrayView(data, qsizetype(size)));
    if (!m_writer->write(data, size)) {
        m_writer->rollback();
        done(tusResponse(http::status::insufficient_storage, m_version,
                         "the part could not be stored\n"));
        return false;
    }
    if (m_content)
        m_content->addData(QByteArrayView(data, qsizetype(size)));
    return true;
}

void TusRequest::bodyFailed(TusBodyFailure failure) {
    if (m_done)
        return;
    if (!m_writer)
        return done(std::nullopt);
    if (failure == TusBodyFailure::OverLimit) {
        m_writer->rollback();
        return done(tusResponse(http::status::payload_too_large, m_version,
                                "the body passes Upload-Length\n"));
    }
    // The peer went away or fell silent. Without a checksum the bytes that arrived are kept
    // (tus: store as much as possible, the client resumes from HEAD); with one, an incomplete
    // part cannot be verified and is dropped.
    const qint64 start = m_upload.offset;
    if (m_checksum || m_writer->offset() == start || !m_writer->sync()) {
        m_writer->rollback();
        return done(std::nullopt);
    }
    const qint64 bytes = m_writer->offset() - start;
    m_uploads.commitOffset(
        m_upload.id, m_writer->offset(), [self = shared_from_this(), bytes](bool ok) {
            if (ok) // atomics: any thread
                self->m_edge.server.metrics->uploadBytesStored(bytes);
            boost::asio::post(self->m_executor, [self] { self->done(std::nullopt); });
        });
}

void TusRequest::bodyEnded() {
    if (m_done)
        return;
    m_bodyComplete = true;
    if (m_hash && m_hash->result() != m_checksum->digest) {
        // Nothing of a part that fails its checksum is kept; the offset does not move.
        m_writer->rollback();
        m_edge.server.metrics->uploadChecksumMismatch();
        return done(
            tusResponse(kChecksumMismatch, m_version, "the part does not match Upload-Checksum\n"));
    }
    const qint64 offset = m_writer->offset();
    if (offset == m_upload.offset)
        return onCommitted(true); // an empty part (or an empty file at creation)
    // Durable first, recorded second: a recorded offset never counts bytes that are not on
    // disk, so a crash between the two costs at most the resend of this part. The sync runs
    // off this thread (it waits for the disk); the request and its writer live until onSynced.
    m_uploads.syncPart(*m_writer, back(&TusRequest::onSynced));
}

void TusRequest::onSynced(bool ok) {
    if (!ok) {
        m_writer->rollback();
        return refuse(UploadError::Internal);
    }
    const qint64 offset = m_writer->offset();
    m_partBytes = offset - m_upload.offset;
    m_upload.offset = offset;
    m_uploads.commitOffset(m_upload.id, offset, back(&TusRequest::onCommitted));
}

void TusRequest::onCommitted(bool ok) {
    if (!ok)
        return refuse(UploadError::Internal);
    m_edge.server.metrics->uploadBytesStored(m_partBytes);
    m_writer.reset();
    m_uploads.runningHashes().keep(m_upload.id, m_upload.offset, std::move(m_content));
    // A partial upload is never filed by itself: its bytes wait for a final (concatenation).
    if (m_upload.offset == m_upload.length && !m_upload.finished() && !m_upload.isPartial())
        return m_uploads.finish(m_upload, back(&TusRequest::onFinished));
    succeed();
}

void TusRequest::onFinished(bool ok) {
    if (!ok)
        return refuse(UploadError::Internal);
    m_edge.server.metrics->uploadFinished();
    succeed();
}

void TusRequest::succeed() {
    HttpResponse res =
        tusResponse(m_creating ? http::status::created : http::status::no_content, m_version);
    res.set("Upload-Offset", std::to_string(m_upload.offset));
    if (m_creating)
        res.set(http::field::location, "/files/" + m_upload.id.toStdString());
    setExpires(res, m_upload);
    done(std::move(res));
}

void TusRequest::refuse(http::status status, std::string_view text) {
    refuseWith(tusResponse(status, m_version, text));
}

void TusRequest::refuseWith(HttpResponse response) {
    done(std::move(response));
}

void TusRequest::refuse(UploadError error) {
    switch (error) {
    case UploadError::Unauthorized: {
        HttpResponse res = tusResponse(http::status::unauthorized, m_version,
                                       "Authorization: Bearer <session token> required\n");
        res.set(http::field::www_authenticate, "Bearer");
        return refuseWith(std::move(res));
    }
    case UploadError::NotFound:
        return refuse(http::status::not_found, "no such upload\n");
    case UploadError::Unfinished: // not asked by tus requests (UploadAccess::Owner)
        return refuse(http::status::conflict, "the upload is not finished\n");
    case UploadError::Attached:
        return refuse(http::status::conflict,
                      "a message carries this file: it stays for the chat's members\n");
    case UploadError::TooMany:
        return refuse(http::status::too_many_requests,
                      "too many unfinished uploads: finish or terminate one first\n");
    case UploadError::QuotaUnfinished:
        return refuse(http::status::payload_too_large,
                      "over the quota of unfinished uploads: finish or terminate one first\n");
    case UploadError::QuotaStored:
        return refuse(http::status::payload_too_large, "over the quota of stored files\n");
    case UploadError::NotPartial:
        return refuse(http::status::bad_request,
                      "Upload-Concat: a named upload is not a partial upload\n");
    case UploadError::PartUnfinished:
        return refuse(http::status::conflict,
                      "Upload-Concat: a partial upload is not complete: finish it first\n");
    case UploadError::TooLarge:
        return refuse(http::status::payload_too_large,
                      "Upload-Concat: the partial uploads sum to more than Tus-Max-Size\n");
    case UploadError::PartLocked:
        return refuse(http::status::locked,
                      "Upload-Concat: a partial upload is in use (a PATCH is running)\n");
    case UploadError::Busy: {
        HttpResponse res = tusResponse(http::status::service_unavailable, m_version, "busy\n");
        res.set(http::field::retry_after, "1");
        return refuseWith(std::move(res));
    }
    case UploadError::Internal:
        return refuse(http::status::internal_server_error, "storage failed\n");
    }
}

void TusRequest::done(std::optional<HttpResponse> response) {
    if (m_done)
        return;
    m_done = true;
    if (m_writer)
        m_writer.reset();
    if (m_locked) {
        m_uploads.unlock(m_upload.id);
        m_locked = false;
    }
    const bool bodyUnread = m_hasBody && !m_bodyComplete;
    m_transport.finish(std::move(response), bodyUnread);
}

} // namespace msgr::server
