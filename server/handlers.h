#pragma once
//! The method table of docs/protocol.md §5: name → handler. Handlers run on the connection's
//! worker thread, do synchronous store reads there, and answer through ctx.reply (possibly
//! later, from the store's writer thread, after an asynchronous write).
#include "protocol/map_reader.h"
#include "server/request_context.h"

#include <QStringView>

namespace msgr::server {

struct MethodInfo {
    void (*handle)(RequestContext &ctx);
    bool needsAuth;
};

//! nullptr for an unknown method.
const MethodInfo *findMethod(QStringView name);

namespace handlers {
void signUp(RequestContext &ctx);
void logIn(RequestContext &ctx);
void resume(RequestContext &ctx);
void logOut(RequestContext &ctx);
void devicesList(RequestContext &ctx);
void devicesRevoke(RequestContext &ctx);
void usersSearch(RequestContext &ctx);
void usersGet(RequestContext &ctx);
void chatsOpenPrivate(RequestContext &ctx);
void chatsList(RequestContext &ctx);
void messagesSend(RequestContext &ctx);
void messagesHistory(RequestContext &ctx);
void messagesReceived(RequestContext &ctx);
void messagesRead(RequestContext &ctx);
void updatesGetState(RequestContext &ctx);
void updatesGetDifference(RequestContext &ctx);
void ping(RequestContext &ctx);

//! Answers BAD_REQUEST/TOO_LARGE from a reader's first violation; true if it did.
bool rejectInvalid(RequestContext &ctx, const protocol::MapReader &reader);
} // namespace handlers

} // namespace msgr::server
