#pragma once
//! Runs a domain read on the read pool and continues on the requesting connection's thread
//! with its result. Handlers and the auth service use it for every read; nothing reads the
//! store on a connection thread. Header-only.
#include "protocol/error_code.h"
#include "server/client_session.h"
#include "server/read_pool.h"
#include "server/request_context.h"

#include <memory>
#include <type_traits>

namespace msgr::server {

//! `read()` runs on a read-pool thread; then `then(result)` runs on the connection's thread
//! (dropped when the connection is gone by then). A full read queue answers FLOOD_WAIT at
//! once, on the calling thread, and neither runs. `read` and `then` must not refer to the
//! RequestContext (it lives only during the handler call): capture values and the Responder.
template <typename Read, typename Then>
void readThen(ServerContext &server, const Responder &reply, Read read, Then then) {
    using Result = std::invoke_result_t<Read &>;
    const bool taken = server.reads->tryPost(
        [read = std::move(read), then = std::move(then), link = reply.link()]() mutable {
            auto result = std::make_shared<Result>(read());
            link->post([result, then = std::move(then)](ClientSession &) mutable {
                then(std::move(*result));
            });
        });
    if (!taken)
        reply.fail(protocol::ErrorCode::FloodWait,
                   QStringLiteral("the server is busy reading; retry"), kReadBusyRetryMs);
}

} // namespace msgr::server
