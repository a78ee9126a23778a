#pragma once
//! The knobs of the download transfers, every limit explicit. Plain value.
#include <QtGlobal>

namespace msgr::core {

struct DownloadSettings {
    //! Downloads receiving at once.
    int maxConcurrent = 3;
    //! Progress reaches the GUI at most this often per transfer (state changes at once).
    int progressIntervalMs = 250;
    //! Upper bound of the wait between attempts (ReconnectBackoff's curve, cut here).
    int maxRetryDelayMs = 30'000;
    //! A request that moves no byte for this long is given up and retried.
    int stallTimeoutMs = 30'000;
    //! The cache file's position is written to the profile at most this often (bytes): what an
    //! app killed mid-download fetches again at most. Rounded down to whole cache chunks.
    qint64 commitEveryBytes = 1 << 20;
    //! Starts from the first byte (the file changed, an answer did not fit) this many times in
    //! a row before the download fails.
    int maxRestarts = 3;
};

} // namespace msgr::core
