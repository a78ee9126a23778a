#include "server/edge/download_exchange.h"

#include "protocol/objects.h"
#include "server/edge/edge_socket.h"
#include "server/media/byte_range.h"
#include "server/media/download_headers.h"
#include "server/media/tus_headers.h"
#include "server/media/upload_service.h"
#include "server/metrics.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <vector>

namespace msgr::server {
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<EdgeSocket>;
using media::UploadError;

namespace {
constexpr std::string_view kFilesPrefix = "/files/";

//! What every answer of this route carries: never cached by a shared cache, never sniffed.
template <class Response> void setCommonHeaders(Response &res) {
    res.set(http::field::server, "msgr-server");
    res.set(http::field::cache_control, "private, no-cache");
    res.set("X-Content-Type-Options", "nosniff");
}

HttpResponse shortAnswer(http::status status, unsigned version, std::string_view text) {
    HttpResponse res{status, version};
    setCommonHeaders(res);
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::string(text);
    res.prepare_payload();
    return res;
}
} // namespace

template <class Stream>
class DownloadExchange final : public std::enable_shared_from_this<DownloadExchange<Stream>> {
public:
    DownloadExchange(Stream &stream, HttpRequest request, EdgeContext &edge, bool keepAlive,
                     std::shared_ptr<void> owner, DownloadFinish finish)
        : m_stream(stream), m_request(std::move(request)), m_edge(edge),
          m_keepAlive(keepAlive && m_request.keep_alive()), m_owner(std::move(owner)),
          m_finish(std::move(finish)), m_executor(stream.get_executor()),
          m_deadline(stream.get_executor()) {}

    void start();

private:
    using StreamedResponse = http::response<http::buffer_body>;

    void onLookup(media::UploadLookup found);
    //! The request's Msgr-Content-Sha256 when it is 64 lowercase hex digits, else empty.
    QString contentProof() const;
    void writeNext();
    void onWritten(error_code ec);
    void armDeadline();
    void refuse(UploadError error);
    void answer(HttpResponse response);
    void end(bool keepAlive);

    Stream &m_stream;
    HttpRequest m_request;
    EdgeContext &m_edge;
    const bool m_keepAlive;
    std::shared_ptr<void> m_owner;
    DownloadFinish m_finish;
    boost::asio::any_io_executor m_executor;
    boost::asio::steady_timer m_deadline;

    std::unique_ptr<media::BlobReader> m_reader;
    StreamedResponse m_response;
    std::optional<http::response_serializer<http::buffer_body>> m_serializer;
    std::vector<char> m_chunk;
    qint64 m_next = 0; // the next byte of the file to send
    qint64 m_end = 0;  // one past the last byte to send
    bool m_done = false;
};

template <class Stream> void DownloadExchange<Stream>::start() {
    const std::string_view target = m_request.target();
    const std::string_view path = target.substr(0, target.find('?'));
    const QString token = media::bearerToken(m_request[http::field::authorization]);
    if (token.isEmpty())
        return refuse(UploadError::Unauthorized);
    const std::string_view idText =
        path.size() > kFilesPrefix.size() ? path.substr(kFilesPrefix.size()) : std::string_view{};
    const QString id = QString::fromLatin1(idText.data(), qsizetype(idText.size()));
    if (path.substr(0, kFilesPrefix.size()) != kFilesPrefix || !protocol::isFileId(id))
        return refuse(UploadError::NotFound);
    m_edge.server.uploads->lookup(
        token, id,
        [self = this->shared_from_this()](media::UploadLookup found) {
            boost::asio::post(self->m_executor, [self, found = std::move(found)]() mutable {
                self->onLookup(std::move(found));
            });
        },
        media::UploadAccess::Download, contentProof());
}

template <class Stream> QString DownloadExchange<Stream>::contentProof() const {
    const auto it = m_request.find("Msgr-Content-Sha256");
    if (it == m_request.end())
        return {};
    const std::string_view value = it->value();
    constexpr size_t kHexDigits = 64;
    if (value.size() != kHexDigits)
        return {};
    for (char c : value)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return {};
    return QString::fromLatin1(value.data(), qsizetype(value.size()));
}

template <class Stream> void DownloadExchange<Stream>::onLookup(media::UploadLookup found) {
    if (found.error)
        return refuse(*found.error);
    const UploadRecord &file = *found.upload;
    m_reader = m_edge.server.uploads->blobs().openBlob(file.sha256);
    // The row says the content is there; a missing or short file is damage, not "not found".
    if (!m_reader || m_reader->size() != file.length)
        return refuse(UploadError::Internal);
    const qint64 size = file.length;
    const std::string etag = media::contentEtag(file.sha256);

    // If-Range (RFC 9110 §13.1.5): the range only while the client's copy is this content;
    // otherwise (another ETag, or a date: we send no Last-Modified) the whole file.
    media::ByteRangeRequest range;
    const auto ifRange = m_request.find(http::field::if_range);
    if (ifRange == m_request.end() || ifRange->value() == etag)
        range = media::parseByteRange(m_request[http::field::range], size);

    using Outcome = media::ByteRangeRequest::Outcome;
    if (range.outcome == Outcome::Unsatisfiable) {
        HttpResponse res = shortAnswer(http::status::range_not_satisfiable, m_request.version(),
                                       "the range is outside the file\n");
        res.set(http::field::content_range, "bytes */" + std::to_string(size));
        res.set(http::field::accept_ranges, "bytes");
        return answer(std::move(res));
    }
    const bool partial = range.outcome == Outcome::Partial;
    m_next = partial ? range.first : 0;
    m_end = partial ? range.last + 1 : size;

    m_response = StreamedResponse{partial ? http::status::partial_content : http::status::ok,
                                  m_request.version()};
    setCommonHeaders(m_response);
    m_response.set(http::field::etag, etag);
    m_response.set(http::field::accept_ranges, "bytes");
    m_response.set(http::field::content_type, media::downloadContentType(file.fileType));
    // Never shown inline: a file is the users' data, not a page of this origin.
    m_response.set(http::field::content_disposition, media::attachmentDisposition(file.fileName));
    m_response.set("Content-Security-Policy", "default-src 'none'; sandbox");
    if (partial)
        m_response.set(http::field::content_range, "bytes " + std::to_string(range.first) + '-' +
                                                       std::to_string(range.last) + '/' +
                                                       std::to_string(size));
    m_response.content_length(std::uint64_t(m_end - m_next));
    m_response.keep_alive(m_keepAlive);
    m_response.body().data = nullptr;
    m_response.body().size = 0;
    m_response.body().more = m_next < m_end;
    if (m_next == m_end) {
        // An empty file: a head and no body, written as a short answer.
        HttpResponse res{m_response.result(), m_request.version()};
        for (const auto &field : m_response)
            res.set(field.name_string(), field.value());
        res.content_length(0);
        res.keep_alive(m_keepAlive);
        return answer(std::move(res));
    }
    m_chunk.resize(kDownloadChunkBytes);
    m_serializer.emplace(m_response);
    armDeadline();
    http::async_write_header(
        m_stream, *m_serializer,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWritten(ec); });
}

template <class Stream> void DownloadExchange<Stream>::writeNext() {
    const qint64 want = std::min<qint64>(qint64(m_chunk.size()), m_end - m_next);
    const qint64 got = m_reader->read(m_next, m_chunk.data(), size_t(want));
    if (got <= 0) {
        // The head is sent: no error answer can follow. Dropping the connection short of
        // Content-Length tells the client the body is incomplete; it resumes with a Range.
        return end(false);
    }
    m_next += got;
    m_response.body().data = m_chunk.data();
    m_response.body().size = size_t(got);
    m_response.body().more = m_next < m_end;
    armDeadline();
    http::async_write(
        m_stream, *m_serializer,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWritten(ec); });
}

template <class Stream> void DownloadExchange<Stream>::onWritten(error_code ec) {
    m_deadline.cancel();
    if (ec == http::error::need_buffer)
        ec = {};
    if (ec)
        return end(false); // the peer went away, or our write deadline cancelled the write
    if (m_serializer->is_done())
        return end(m_keepAlive);
    writeNext();
}

template <class Stream> void DownloadExchange<Stream>::armDeadline() {
    m_deadline.expires_after(std::chrono::milliseconds(m_edge.limits.writeTimeoutMs));
    m_deadline.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec == boost::asio::error::operation_aborted || self->m_done)
            return;
        self->m_edge.server.metrics->deadlineClosed();
        // The pending write ends with an error and the session closes the connection.
        error_code ignored;
        beast::get_lowest_layer(self->m_stream).cancel(ignored);
    });
}

template <class Stream> void DownloadExchange<Stream>::refuse(UploadError error) {
    const unsigned version = m_request.version();
    switch (error) {
    case UploadError::Unauthorized: {
        HttpResponse res = shortAnswer(http::status::unauthorized, version,
                                       "Authorization: Bearer <session token> required\n");
        res.set(http::field::www_authenticate, "Bearer");
        return answer(std::move(res));
    }
    case UploadError::NotFound:
        return answer(shortAnswer(http::status::not_found, version, "no such file\n"));
    case UploadError::Unfinished:
        return answer(shortAnswer(http::status::conflict, version,
                                  "the upload is not finished: no file to download yet\n"));
    case UploadError::Busy: {
        HttpResponse res = shortAnswer(http::status::service_unavailable, version, "busy\n");
        res.set(http::field::retry_after, "1");
        return answer(std::move(res));
    }
    case UploadError::TooMany:
    case UploadError::QuotaUnfinished:
    case UploadError::QuotaStored:
    case UploadError::Attached:
    case UploadError::NotPartial:
    case UploadError::PartUnfinished:
    case UploadError::TooLarge:
    case UploadError::PartLocked:
    case UploadError::Internal:
        break;
    }
    answer(shortAnswer(http::status::internal_server_error, version, "storage failed\n"));
}

template <class Stream> void DownloadExchange<Stream>::answer(HttpResponse response) {
    if (m_done)
        return;
    m_done = true;
    response.keep_alive(m_keepAlive && response.keep_alive());
    auto finish = std::move(m_finish);
    finish(std::move(response), m_keepAlive);
}

template <class Stream> void DownloadExchange<Stream>::end(bool keepAlive) {
    if (m_done)
        return;
    m_done = true;
    m_deadline.cancel();
    auto finish = std::move(m_finish);
    finish(std::nullopt, keepAlive);
}

template <class Stream>
void startDownload(Stream &stream, HttpRequest request, EdgeContext &edge, bool keepAlive,
                   std::shared_ptr<void> owner, DownloadFinish finish) {
    std::make_shared<DownloadExchange<Stream>>(stream, std::move(request), edge, keepAlive,
                                               std::move(owner), std::move(finish))
        ->start();
}

template void startDownload<EdgeSocket>(EdgeSocket &, HttpRequest, EdgeContext &, bool,
                                        std::shared_ptr<void>, DownloadFinish);
template void startDownload<TlsStream>(TlsStream &, HttpRequest, EdgeContext &, bool,
                                       std::shared_ptr<void>, DownloadFinish);

} // namespace msgr::server
