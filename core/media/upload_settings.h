#pragma once
//! The knobs of the upload transfers, every limit explicit. Plain value.
#include <QtGlobal>

namespace msgr::core {

struct UploadSettings {
    //! Bytes per PATCH: the most a transfer holds in memory, and the most a lost part costs.
    qint64 partSize = 1 << 20;
    //! Uploads sending at once (the server allows 16 unfinished per user).
    int maxConcurrent = 3;
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
};

} // namespace msgr::core
