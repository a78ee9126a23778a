#pragma once
//! The one way a feature reaches the server (libQuotient's callApi<Job> idea): a typed request
//! of protocol/api/, answered exactly once on the caller's thread, plus the two facts every
//! feature needs about the link: whether requests may flow now (authorized) and the pushed
//! updates. AccountConnection implements it over the real socket; tests implement it with a
//! fake that answers by hand (tests/support/fake_request_channel.h).
//!
//! Thread affinity: the network thread. Create, call and destroy on one thread.
#include "protocol/api/reply.h"
#include "protocol/frame.h"

#include <QCborMap>
#include <QLatin1StringView>
#include <QObject>
#include <functional>
#include <optional>

namespace msgr::core {
namespace api = protocol::api;

//! An answer before its result is decoded: the result map, the server's error, or a lost link.
struct RawReply {
    std::optional<QCborMap> result;
    protocol::Error error;
    bool connectionLost = false;
};

//! Decodes a raw answer into the typed reply of `Result`; a result that does not decode is a
//! BAD_REQUEST error ("malformed answer"), never a half-filled value.
template <typename Result> api::Reply<Result> decodeReply(const RawReply &raw) {
    api::Reply<Result> reply;
    reply.connectionLost = raw.connectionLost;
    reply.error = raw.error;
    if (raw.result) {
        QString why;
        reply.value = Result::fromCbor(*raw.result, &why);
        if (!reply.value) {
            reply.error.code = protocol::ErrorCode::BadRequest;
            reply.error.message = QStringLiteral("malformed answer: ") + why;
        }
    }
    return reply;
}

class RequestChannel : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    //! Signed in on a live connection: a request sent now reaches the server as this account.
    //! A request sent while not authorized fails at once with connectionLost.
    virtual bool isAuthorized() const = 0;
    //! The signed-in user (0 when signed out).
    virtual qint64 userId() const = 0;

    //! Sends a typed request; `done` runs once, on this thread, unless `context` is destroyed
    //! first. A lost connection answers every request in flight with connectionLost.
    template <typename Req>
    void call(const Req &request, QObject *context,
              std::function<void(api::Reply<typename Req::Result>)> done) {
        using Result = typename Req::Result;
        sendRaw(Req::method, request.toCbor(), context,
                [done = std::move(done)](const RawReply &raw) { done(decodeReply<Result>(raw)); });
    }

signals:
    //! Requests may flow. freshLogIn: the account signed in just now (not a resumed session),
    //! so local state from before (if any) is not this account's.
    void authorized(bool freshLogIn);
    //! The link is down or signed out: no request flows until authorized() again.
    void unauthorized();
    //! An update the server pushed (already past hello; not yet validated).
    void updateReceived(const msgr::protocol::UpdateFrame &update);

protected:
    virtual void sendRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                         std::function<void(const RawReply &)> done) = 0;
};

} // namespace msgr::core
