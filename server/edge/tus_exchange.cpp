#include "server/edge/tus_exchange.h"

#include "server/edge/edge_socket.h"
#include "server/media/content_hash.h"
#include "server/media/tus_headers.h"
#include "server/media/upload_limits.h"
#include "server/media/upload_service.h"
#include "server/metrics.h"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <QDateTime>
#include <QLocale>
#include <netinet/tcp.h>

namespace msgr::server {
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<EdgeSocket>;
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

template <class Stream>
class TusExchange final : public std::enable_shared_from_this<TusExchange<Stream>> {
public:
    using HeadParser = http::request_parser<http::empty_body>;
    using Finish = std::function<void(std::optional<HttpResponse>)>;

    TusExchange(Stream &stream, beast::flat_buffer &buffer, HeadParser &head, EdgeContext &edge,
                std::shared_ptr<void> keepAlive, Finish finish)
        : m_stream(stream), m_buffer(buffer), m_head(head), m_edge(edge),
          m_uploads(*edge.server.uploads), m_keepAlive(std::move(keepAlive)),
          m_finish(std::move(finish)), m_executor(stream.get_executor()),
          m_deadline(stream.get_executor()) {}

    ~TusExchange() {
        if (m_locked)
            m_uploads.unlock(m_upload.id);
    }

    void start();

private:
    using BodyParser = http::request_parser<http::buffer_body>;

    //! Continues `method` with the result on this connection's thread.
    template <class Result> auto back(void (TusExchange::*method)(Result)) {
        return [self = this->shared_from_this(), method](Result result) {
            boost::asio::post(self->m_executor, [self, method, r = std::move(result)]() mutable {
                ((*self).*method)(std::move(r));
            });
        };
    }

    //! tus expiration, with the sweeper's rule (expired at expiresAt itself).
    bool expired() const { return QDateTime::currentMSecsSinceEpoch() >= m_upload.expiresAt; }
    void onLookup(media::UploadLookup found);
    void onCreated(media::UploadCreated created);
    void onConcatenated(media::UploadCreated created);
    //! POST with Upload-Concat: its checks (docs/protocol.md §9, "Concatenation"); false when
    //! it refused.
    bool readConcat(const http::request_parser<http::empty_body>::value_type &request);
    void onTerminated(std::optional<UploadError> error);
    void patch();
    void receive();
    void readChunk();
    void onChunk(error_code ec);
    void bodyFailed(error_code ec);
    void endOfBody();
    void onSynced(bool ok);
    void onCommitted(bool ok);
    void onFinished(bool ok);
    void succeed();
    //! An error answer; a body still unread is read and dropped first when it is small.
    void refuse(http::status status, std::string_view text);
    void refuse(UploadError error);
    void done(std::optional<HttpResponse> response);
    void armDeadline();
    bool expects100Continue() const {
        return beast::iequals(m_head.get()[http::field::expect], "100-continue");
    }

    Stream &m_stream;
    beast::flat_buffer &m_buffer;
    HeadParser &m_head; // the session's; untouched by it until `finish`
    std::optional<BodyParser> m_body;
    EdgeContext &m_edge;
    media::UploadService &m_uploads;
    std::shared_ptr<void> m_keepAlive; // the HttpSession, which owns the stream and buffer
    Finish m_finish;
    boost::asio::any_io_executor m_executor;
    boost::asio::steady_timer m_deadline;

    unsigned m_version = 11;
    http::verb m_method = http::verb::unknown;
    bool m_hasBody = false;
    QString m_uploadId;
    qint64 m_requestOffset = 0; // PATCH: Upload-Offset
    qint64 m_length = 0;        // POST: Upload-Length
    QString m_fileName, m_fileType;
    std::optional<media::UploadConcat> m_concat; // POST with Upload-Concat
    std::optional<media::UploadChecksum> m_checksum;
    std::optional<media::ContentHash> m_hash;
    //! An ordinary upload's SHA-256 so far (RunningHashes), fed with this part's bytes as they
    //! are written and put back once the part is recorded; null when none is kept.
    std::unique_ptr<media::ContentHash> m_content;

    UploadRecord m_upload;
    bool m_locked = false;
    bool m_creating = false; // POST: answer 201 with Location
    std::unique_ptr<media::PartWriter> m_writer;
    qint64 m_partBytes = 0; // of the part being recorded
    std::vector<char> m_chunk;
    std::optional<HttpResponse> m_refusal; // set while a refused request's body is drained
    bool m_done = false;
};

template <class Stream> void TusExchange<Stream>::start() {
    const auto &request = m_head.get();
    m_version = request.version();
    m_method = request.method();
    m_hasBody = !m_head.is_done();
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
        m_refusal = std::move(res);
        return refuse(http::status::precondition_failed, {});
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
        m_refusal = std::move(res);
        return refuse(http::status::method_not_allowed, {});
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
    m_uploads.lookup(token, m_uploadId, back(&TusExchange::onLookup));
}

template <class Stream> void TusExchange<Stream>::onLookup(media::UploadLookup found) {
    if (found.error)
        return refuse(*found.error);
    if (m_method == http::verb::post && m_concat && m_concat->isFinal)
        return m_uploads.concatenate(found.userId, m_concat->partIds, m_fileName, m_fileType,
                                     back(&TusExchange::onConcatenated));
    if (m_method == http::verb::post)
        return m_uploads.create(found.userId, m_length, m_fileName, m_fileType,
                                back(&TusExchange::onCreated), m_concat.has_value());
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
        return m_uploads.terminate(m_upload, back(&TusExchange::onTerminated));
    }
    // tus concatenation: a final upload's bytes are its parts'; nothing may be appended.
    if (m_upload.isFinal())
        return refuse(http::status::forbidden, "a final upload takes no PATCH\n");
    patch();
}

template <class Stream> void TusExchange<Stream>::onCreated(media::UploadCreated created) {
    if (created.error)
        return refuse(*created.error);
    m_upload = created.upload;
    m_creating = true;
    m_locked = m_uploads.tryLock(m_upload.id); // a new id: nobody else holds it
    receive();
}

template <class Stream>
bool TusExchange<Stream>::readConcat(
    const http::request_parser<http::empty_body>::value_type &request) {
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

template <class Stream> void TusExchange<Stream>::onConcatenated(media::UploadCreated created) {
    if (created.error)
        return refuse(*created.error);
    m_upload = created.upload;
    m_creating = true;
    if (!created.assembledEarlier)
        m_edge.server.metrics->uploadFinished();
    succeed();
}

template <class Stream> void TusExchange<Stream>::onTerminated(std::optional<UploadError> error) {
    if (error)
        return refuse(*error);
    done(tusResponse(http::status::no_content, m_version));
}

template <class Stream> void TusExchange<Stream>::patch() {
    if (m_requestOffset != m_upload.offset)
        return refuse(http::status::conflict, "Upload-Offset is not the upload's offset\n");
    const qint64 remaining = m_upload.length - m_upload.offset;
    const auto declared = m_head.content_length();
    if (declared && qint64(*declared) > remaining)
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

template <class Stream> void TusExchange<Stream>::receive() {
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
        return endOfBody();
    const bool expectsContinue = expects100Continue();
    m_body.emplace(std::move(m_head));
    m_body->body_limit(std::uint64_t(m_upload.length - m_upload.offset));
    m_buffer.max_size(media::kBodyChunkBytes);
    // Beast reads max(512, free capacity) bytes at a time: without room made here the buffer
    // keeps the head's small capacity and a 1 MiB part costs some 2,000 recv calls of 512 bytes
    // (bench/media_upload/RESULTS.md). The session shrinks it again after the exchange.
    m_buffer.reserve(media::kBodyChunkBytes);
    m_chunk.resize(media::kBodyChunkBytes);
    if (!expectsContinue)
        return readChunk();
    // The client (curl, for one) waits for this before it sends the body.
    auto interim =
        std::make_shared<http::response<http::empty_body>>(http::status::continue_, m_version);
    armDeadline();
    http::async_write(m_stream, *interim,
                      [self = this->shared_from_this(), interim](error_code ec, std::size_t) {
                          self->m_deadline.cancel();
                          if (ec)
                              return self->bodyFailed(ec);
                          self->readChunk();
                      });
}

template <class Stream> void TusExchange<Stream>::readChunk() {
#ifdef TCP_QUICKACK
    // ACK the body at once. Reading it in 64 KiB pieces drains the socket quickly, so Linux
    // falls back to delayed ACKs; a client that sends the part's last short segment only once
    // the rest is ACKed (Nagle) then waits up to 40 ms per part: measured, single uploads took
    // 1.7-2x as long (bench/media_upload/RESULTS.md). Linux clears the flag by itself, hence
    // once per read.
    error_code ignored;
    beast::get_lowest_layer(m_stream).set_option(
        boost::asio::detail::socket_option::boolean<IPPROTO_TCP, TCP_QUICKACK>(true), ignored);
#endif
    m_body->get().body().data = m_chunk.data();
    m_body->get().body().size = m_chunk.size();
    armDeadline();
    http::async_read(
        m_stream, m_buffer, *m_body,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onChunk(ec); });
}

template <class Stream> void TusExchange<Stream>::onChunk(error_code ec) {
    m_deadline.cancel();
    if (ec == http::error::need_buffer)
        ec = {};
    const size_t received = m_chunk.size() - m_body->get().body().size;
    if (received > 0 && !m_refusal) {
        if (m_hash)
            m_hash->addData(QByteArrayView(m_chunk.data(), qsizetype(received)));
        if (!m_writer->write(m_chunk.data(), received)) {
            m_writer->rollback();
            m_refusal = tusResponse(http::status::insufficient_storage, m_version,
                                    "the part could not be stored\n");
            m_refusal->keep_alive(false);
            return done(std::move(m_refusal));
        }
        if (m_content)
            m_content->addData(QByteArrayView(m_chunk.data(), qsizetype(received)));
    }
    if (ec)
        return bodyFailed(ec);
    if (!m_body->is_done())
        return readChunk();
    if (m_refusal)
        return done(std::move(m_refusal)); // the refused body is drained
    endOfBody();
}

template <class Stream> void TusExchange<Stream>::bodyFailed(error_code ec) {
    if (m_refusal || !m_writer)
        return done(std::nullopt);
    if (ec == http::error::body_limit) {
        m_writer->rollback();
        m_refusal = tusResponse(http::status::payload_too_large, m_version,
                                "the body passes Upload-Length\n");
        m_refusal->keep_alive(false);
        return done(std::move(m_refusal));
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
        m_upload.id, m_writer->offset(), [self = this->shared_from_this(), bytes](bool ok) {
            if (ok)
                self->m_edge.server.metrics->uploadBytesStored(bytes); // atomics: any thread
            boost::asio::post(self->m_executor, [self] { self->done(std::nullopt); });
        });
}

template <class Stream> void TusExchange<Stream>::endOfBody() {
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
    // off this thread (it waits for the disk); the exchange and its writer live until onSynced.
    m_uploads.syncPart(*m_writer, back(&TusExchange::onSynced));
}

template <class Stream> void TusExchange<Stream>::onSynced(bool ok) {
    if (!ok) {
        m_writer->rollback();
        return refuse(UploadError::Internal);
    }
    const qint64 offset = m_writer->offset();
    m_partBytes = offset - m_upload.offset;
    m_upload.offset = offset;
    m_uploads.commitOffset(m_upload.id, offset, back(&TusExchange::onCommitted));
}

template <class Stream> void TusExchange<Stream>::onCommitted(bool ok) {
    if (!ok)
        return refuse(UploadError::Internal);
    m_edge.server.metrics->uploadBytesStored(m_partBytes);
    m_writer.reset();
    m_uploads.runningHashes().keep(m_upload.id, m_upload.offset, std::move(m_content));
    // A partial upload is never filed by itself: its bytes wait for a final (concatenation).
    if (m_upload.offset == m_upload.length && !m_upload.finished() && !m_upload.isPartial())
        return m_uploads.finish(m_upload, back(&TusExchange::onFinished));
    succeed();
}

template <class Stream> void TusExchange<Stream>::onFinished(bool ok) {
    if (!ok)
        return refuse(UploadError::Internal);
    m_edge.server.metrics->uploadFinished();
    succeed();
}

template <class Stream> void TusExchange<Stream>::succeed() {
    HttpResponse res =
        tusResponse(m_creating ? http::status::created : http::status::no_content, m_version);
    res.set("Upload-Offset", std::to_string(m_upload.offset));
    if (m_creating)
        res.set(http::field::location, "/files/" + m_upload.id.toStdString());
    setExpires(res, m_upload);
    done(std::move(res));
}

template <class Stream>
void TusExchange<Stream>::refuse(http::status status, std::string_view text) {
    if (!m_refusal)
        m_refusal = tusResponse(status, m_version, text);
    const bool bodyPending = m_hasBody && !m_body;
    if (!bodyPending)
        return done(std::move(m_refusal));
    const auto declared = m_head.content_length();
    // A client waiting for 100 Continue sends no body after a final answer: nothing to drain.
    if (!declared || qint64(*declared) > media::kMaxDrainedBodyBytes || expects100Continue()) {
        m_refusal->keep_alive(false);
        return done(std::move(m_refusal));
    }
    m_body.emplace(std::move(m_head));
    m_body->body_limit(*declared);
    m_buffer.max_size(media::kBodyChunkBytes);
    m_buffer.reserve(media::kBodyChunkBytes); // read in large pieces, as receive() does
    m_chunk.resize(media::kBodyChunkBytes);
    readChunk();
}

template <class Stream> void TusExchange<Stream>::refuse(UploadError error) {
    switch (error) {
    case UploadError::Unauthorized: {
        m_refusal = tusResponse(http::status::unauthorized, m_version,
                                "Authorization: Bearer <session token> required\n");
        m_refusal->set(http::field::www_authenticate, "Bearer");
        return refuse(http::status::unauthorized, {});
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
    case UploadError::Busy:
        m_refusal = tusResponse(http::status::service_unavailable, m_version, "busy\n");
        m_refusal->set(http::field::retry_after, "1");
        return refuse(http::status::service_unavailable, {});
    case UploadError::Internal:
        return refuse(http::status::internal_server_error, "storage failed\n");
    }
}

template <class Stream> void TusExchange<Stream>::done(std::optional<HttpResponse> response) {
    if (m_done)
        return;
    m_done = true;
    m_deadline.cancel();
    if (m_writer)
        m_writer.reset();
    if (m_locked) {
        m_uploads.unlock(m_upload.id);
        m_locked = false;
    }
    // A body left unread cannot be skipped on a keep-alive connection.
    if (response && m_hasBody && !m_body)
        response->keep_alive(false);
    else if (response && response->keep_alive())
        response->keep_alive(m_body ? m_body->get().keep_alive() : m_head.get().keep_alive());
    auto finish = std::move(m_finish);
    finish(std::move(response));
}

template <class Stream> void TusExchange<Stream>::armDeadline() {
    m_deadline.expires_after(std::chrono::milliseconds(media::kPatchReadIdleMs));
    m_deadline.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec == boost::asio::error::operation_aborted || self->m_done)
            return;
        self->m_edge.server.metrics->deadlineClosed();
        // Cancelled, not closed: the read ends with an error, the bytes that arrived are
        // recorded (bodyFailed), and only then does the session close the connection.
        error_code ignored;
        beast::get_lowest_layer(self->m_stream).cancel(ignored);
    });
}

template <class Stream>
void startTusExchange(Stream &stream, beast::flat_buffer &buffer,
                      http::request_parser<http::empty_body> &head, EdgeContext &edge,
                      std::shared_ptr<void> keepAlive,
                      std::function<void(std::optional<HttpResponse>)> finish) {
    std::make_shared<TusExchange<Stream>>(stream, buffer, head, edge, std::move(keepAlive),
                                          std::move(finish))
        ->start();
}

template void startTusExchange<EdgeSocket>(EdgeSocket &, beast::flat_buffer &,
                                           http::request_parser<http::empty_body> &, EdgeContext &,
                                           std::shared_ptr<void>,
                                           std::function<void(std::optional<HttpResponse>)>);
template void startTusExchange<TlsStream>(TlsStream &, beast::flat_buffer &,
                                          http::request_parser<http::empty_body> &, EdgeContext &,
                                          std::shared_ptr<void>,
                                          std::function<void(std::optional<HttpResponse>)>);

} // namespace msgr::server
