#pragma once
//! What the transfer commands (upload, download) share: the names their output gives a
//! transfer's state.
#include "core/media/transfer_progress.h"

#include <QString>

namespace msgr::cli {

//! "queued", "running", "retrying", "paused", "done" or "failed".
QString transferStateName(core::TransferState state);

} // namespace msgr::cli
