#pragma once
//! The `Range` header of a download (RFC 9110 §14.2), one range only: `bytes=a-b`, `bytes=a-`
//! and `bytes=-n`. A pure function over the raw header text (untrusted), so a fuzz target drives
//! it without sockets (fuzz_tus_headers). Thread-safe.
#include <QtGlobal>
#include <string_view>

namespace msgr::server::media {

struct ByteRangeRequest {
    enum class Outcome {
        //! No Range, or one we do not serve (malformed, another unit, several ranges): the
        //! whole file, 200 (RFC 9110 lets a server ignore Range).
        Whole,
        Partial,       // [first, last] inclusive, inside the file: 206
        Unsatisfiable, // no byte of the file is asked for: 416
    };
    Outcome outcome = Outcome::Whole;
    qint64 first = 0;
    qint64 last = 0; // inclusive; last - first + 1 bytes
};

//! `header` as received (empty when absent); `size` the file's length in bytes (≥ 0).
ByteRangeRequest parseByteRange(std::string_view header, qint64 size);

} // namespace msgr::server::media
