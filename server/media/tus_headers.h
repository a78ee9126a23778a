#pragma once
//! The parsers of the tus headers whose syntax is ours to check: Upload-Metadata, Upload-Checksum
//! and the non-negative integers of Upload-Offset / Upload-Length. Pure functions over the raw
//! header text (untrusted), so a fuzz target drives them without sockets (fuzz_tus_headers).
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>
#include <string_view>

namespace msgr::server::media {

//! Upload-Metadata: comma-separated "key base64value" pairs (the value may be absent); keys
//! non-empty, ASCII without spaces or commas, unique. nullopt when malformed or over the
//! limits (upload_limits.h). Values are decoded bytes.
std::optional<QHash<QByteArray, QByteArray>> parseUploadMetadata(std::string_view header);

enum class ChecksumAlgorithm { Sha1, Sha256 };

struct UploadChecksum {
    ChecksumAlgorithm algorithm = ChecksumAlgorithm::Sha1;
    QByteArray digest; // raw bytes, of the algorithm's length
};

//! Upload-Checksum: "<algorithm> <base64 digest>". nullopt when malformed or the algorithm is
//! not one we announce (sha1, sha256): tus answers 400 for both.
std::optional<UploadChecksum> parseUploadChecksum(std::string_view header);

//! Upload-Concat (tus concatenation): "partial", or "final;" then the partial uploads' URLs
//! separated by spaces, each "/files/<id>" or an absolute http(s) URL of that path (what a
//! client got as Location, made absolute). nullopt when malformed: another form, an empty
//! list, another path, a query, an id that is not 32 lowercase hex digits. The limits on the
//! list (kMaxConcatParts, no repeats) are the caller's, to answer them by name.
struct UploadConcat {
    bool isFinal = false;
    QStringList partIds; // the final's parts, in order
};
std::optional<UploadConcat> parseUploadConcat(std::string_view header);

//! A decimal integer 0..2^63-1 with no sign, spaces or leading junk; nullopt otherwise.
std::optional<qint64> parseNonNegative(std::string_view text);

//! The token of "Authorization: Bearer <token>"; empty when absent or of another scheme.
QString bearerToken(std::string_view header);

} // namespace msgr::server::media
