#pragma once
//! One tus 1.0 request (docs/protocol.md "Media uploads") from its head to its answer, whatever
//! carries it (HTTP/1.1 today: tus_exchange.*; an HTTP/2 stream is the next transport, bench/
//! media_upload/RESULTS.md "HTTP/2 for the upload body"). OPTIONS, POST
//! (creation, creation-with-upload, concatenation), HEAD, PATCH (the body written to disk as it
//! arrives, checksum checked before the offset moves) and DELETE (termination). The transport
//! reads the body when asked (`TusTransport::readBody`) and hands it over piece by piece; it
//! gets the answer once through `TusTransport::finish`. Connection thread only.
#include "server/edge/edge_context.h"
#include "server/edge/http_routes.h"
#include "server/media/content_hash.h"
#include "server/media/tus_headers.h"
#include "server/media/upload_service.h"

#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <string_view>

namespace msgr::server {

//! True for the paths tus owns (/files and below).
bool isTusTarget(std::string_view target);

//! What carries one TusRequest: the side that reads the body and writes the answer.
class TusTransport {
public:
    virtual ~TusTransport() = default;
    //! The request's body is wanted now, at most `limit` bytes: deliver it with
    //! TusRequest::bodyBytes, then bodyEnded or bodyFailed.
    virtual void readBody(std::uint64_t limit) = 0;
    //! The answer (nullopt: drop the connection or stream). `bodyUnread`: the request has a
    //! body that was not read to its end (a refusal before it, or a failure in it).
    virtual void finish(std::optional<HttpResponse> response, bool bodyUnread) = 0;
};

//! How a body ended early.
enum class TusBodyFailure {
    OverLimit, //!< more bytes than the upload has room for
    Cut,       //!< the peer went away or fell silent (a deadline)
};

class TusRequest final : public std::enable_shared_from_this<TusRequest> {
public:
    //! `transport` must outlive the request's `finish` (it keeps the request alive meanwhile).
    TusRequest(EdgeContext &edge, boost::asio::io_context::executor_type executor,
               TusTransport &transport);
    ~TusRequest();
    TusRequest(const TusRequest &) = delete;
    TusRequest &operator=(const TusRequest &) = delete;

    //! `head`: the request without its body; `hasBody`: a body follows (its length, when
    //! declared, is `head`'s Content-Length).
    void start(const HttpRequest &head, bool hasBody);
    //! A piece of the body, in order; false when the request has ended (its answer is given):
    //! read no more of it.
    bool bodyBytes(const char *data, size_t size);
    void bodyEnded();
    void bodyFailed(TusBodyFailure failure);

private:
    template <class Result> auto back(void (TusRequest::*method)(Result));

    bool expired() const;
    void onLookup(media::UploadLookup found);
    void onCreated(media::UploadCreated created);
    void onConcatenated(media::UploadCreated created);
    bool readConcat(const HttpRequest &request);
    void onTerminated(std::optional<media::UploadError> error);
    void patch();
    void receive();
    void onSynced(bool ok);
    void onCommitted(bool ok);
    void onFinished(bool ok);
    void succeed();
    void refuse(boost::beast::http::status status, std::string_view text);
    void refuse(media::UploadError error);
    void refuseWith(HttpResponse response);
    void done(std::optional<HttpResponse> response);

    EdgeContext &m_edge;
    media::UploadService &m_uploads;
    boost::asio::io_context::executor_type m_executor;
    TusTransport &m_transport;

    unsigned m_version = 11;
    boost::beast::http::verb m_method = boost::beast::http::verb::unknown;
    bool m_hasBody = false;
    bool m_bodyComplete = false;
    std::optional<std::uint64_t> m_declaredLength; // Content-Length, when given
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
    bool m_done = false;
};

} // namespace msgr::server
