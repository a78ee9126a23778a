#pragma once
//! The knobs of the upload transfers, every limit explicit. Plain value.
#include <QtGlobal>

#include <functional>

namespace msgr::core {

struct UploadSettings {
    //! Bytes per PATCH: the most a lost part costs, and what a transfer holds in memory (the
    //! part, and Qt's copy of it on its way to the socket: about 3x this at the most). 8 MiB:
    //! each part costs the server an fdatasync and an offset commit and the client a profile
    //! write and a round trip; at 1 MiB those were most of an upload's time on loopback, at
    //! 16 MiB Qt's HTTP stack spent 2.5x the CPU per byte (bench/media_upload/RESULTS.md).
    qint64 partSize = qint64(8) << 20;
    //! Uploads sending at once (the server allows 16 unfinished per user).
    int maxConcurrent = 3;
    //! A file at least this large is cut into partial uploads sent at once (tus concatenation,
    //! docs/protocol.md §9), so one part's fsyncs and answer do not hold up the next; a smaller
    //! one is a single upload (a final upload costs one more request and a copy on the server).
    qint64 parallelMinBytes = qint64(8) << 20;
    //! Partial uploads of one file, all in flight at once (each sends one part at a time).
    //! 1 (a single upload) by default: the server assembles a final by copying every byte into
    //! a new file, which cost more than the lanes' overlap of round trips saved (server CPU per
    //! GiB twice a single upload's, and more wall time, with 8 MiB parts on loopback;
    //! bench/media_upload/RESULTS.md). Worth raising on a link with a long round trip.
    int parallelParts = 1;
    //! A growing file (a secret file sealed while it is uploaded) is cut into up to this many
    //! partial uploads, parallelParts of them sending at once, in order (a lane can send only
    //! what the seal has passed, so short lanes keep parallelParts busy from the start). 1 by
    //! default, as for a plain file: one upload that follows the seal needs no final copy on
    //! the server; with 12 lanes the secret upload took 1.6-2.2x the plain one's wall time
    //! against 0.94-1.41x with one (bench/media_upload/RESULTS.md, 2026-12-04, quiet machine).
    int growingLanes = 1;
    //! Unfinished uploads the server lets one user hold (§9: 16, partial ones included). The
    //! manager keeps the sum over its transfers under it: a new file gets fewer partial
    //! uploads (or a single one, or waits) rather than a 429.
    int serverUnfinishedCap = 16;
    //! Progress reaches the GUI at most this often per transfer (state changes at once).
    int progressIntervalMs = 250;
    //! Upper bound of the wait between attempts (ReconnectBackoff's curve, cut here).
    int maxRetryDelayMs = 30'000;
    //! A part refused for its checksum this many times in a row fails the upload: the bytes
    //! change between the disk and the server, and sending them again will not help.
    int maxChecksumRefusals = 3;
    //! A request that moves no byte for this long is given up and retried (QNetworkRequest's
    //! transfer timeout).
    int stallTimeoutMs = 30'000;
    //! Tests only (empty in the app): called at the points where the process dying must cost
    //! nothing already on the server, so a test can end the process exactly there:
    //! "final-answered" (the server assembled the parallel upload's final; nothing of its answer
    //! is recorded yet) and "last-part-answered" (the single upload's last PATCH was accepted;
    //! nothing of it is recorded yet). Runs on the transfer thread.
    std::function<void(const char *point)> checkpoint;
};

} // namespace msgr::core
