#pragma once
//! Each user's update log: pts assignment (writer only), retention trimming, difference reads.
#include "server/store/store.h"
#include "server/store/write_queue.h"

namespace msgr::server::updatelog {

//! Starts the empty log of a new user (pts 0). Writer thread.
void create(sqlite::Connection &db, qint64 userId);
//! Appends `update` with the user's next pts, inside the caller's write. Writer thread.
UserUpdate append(WriteContext &context, qint64 userId, const protocol::Update &update);
//! Keeps only the newest `retention` entries of each log that grew in this batch.
void trim(WriteContext &context, int retention);

qint64 currentPts(sqlite::Connection &db, qint64 userId);
//! The updates after `sincePts` (see Store::difference). Runs in its own read transaction.
Difference difference(sqlite::Connection &db, qint64 userId, qint64 sincePts, int limit);

} // namespace msgr::server::updatelog
