#pragma once
//! What the transfer commands (upload, download) share: the server's HTTP address and the
//! names their output gives a transfer's state.
#include "core/media/transfer_progress.h"

#include <QString>
#include <QUrl>

namespace msgr::cli {

//! Transfers speak HTTP to the WebSocket's host and port: ws -> http, wss -> https.
QUrl httpUrlOf(QUrl url);

//! "queued", "running", "retrying", "paused", "done" or "failed".
QString transferStateName(core::TransferState state);

} // namespace msgr::cli
