#pragma once
//! GET /files/<id> (docs/protocol.md §11) on an HttpSession's connection: authorises the caller
//! (Authorization: Bearer; the uploader or a member of a chat where the file was sent, anyone
//! else 404 like an unknown id), answers Range / If-Range with 206, 416 or 200, and streams the
//! file from the blob store kDownloadChunkBytes at a time: one buffer per download whatever the
//! file's size, each piece read from the file on the connection thread (a local pread) and
//! written under the edge's write deadline, so a peer that stops reading is dropped on time.
//! Connection thread only.
#include "server/edge/edge_context.h"
#include "server/edge/http_routes.h"

#include <functional>
#include <memory>
#include <optional>

namespace msgr::server {

//! Bytes of a file read and written at a time: the memory a download costs (plus Beast's few
//! hundred bytes of serializer state), whatever the file's size.
inline constexpr size_t kDownloadChunkBytes = 64 * 1024;

//! Ends a download: `answer` set is a short answer for the session to write (errors, 416, an
//! empty file); unset, the exchange wrote the answer itself and `keepAlive` says whether the
//! connection goes on (false also when it must be dropped).
using DownloadFinish = std::function<void(std::optional<HttpResponse> answer, bool keepAlive)>;

//! Starts serving `request` (a GET under /files, without a body). `keepAlive`: the session
//! allows another request on this connection afterwards. `finish` runs once, on the connection
//! thread; `owner` (the session) is kept alive until then.
template <class Stream>
void startDownload(Stream &stream, HttpRequest request, EdgeContext &edge, bool keepAlive,
                   std::shared_ptr<void> owner, DownloadFinish finish);

} // namespace msgr::server
