#include "server/media/byte_range.h"

#include "server/http_whitespace.h"
#include "server/media/tus_headers.h"

#include <algorithm>

namespace msgr::server::media {

namespace {
using Outcome = ByteRangeRequest::Outcome;

bool startsWithBytesUnit(std::string_view header) {
    // The range unit is case-insensitive (RFC 9110 §14.1).
    constexpr std::string_view kUnit = "bytes=";
    if (header.size() < kUnit.size())
        return false;
    for (size_t i = 0; i < kUnit.size(); ++i) {
        const char c = header[i];
        const char lower = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        if (lower != kUnit[i])
            return false;
    }
    return true;
}
} // namespace

ByteRangeRequest parseByteRange(std::string_view header, qint64 size) {
    ByteRangeRequest whole;
    header = trimmedHttpSpace(header);
    if (header.empty() || size < 0 || !startsWithBytesUnit(header))
        return whole;
    const std::string_view spec = trimmedHttpSpace(header.substr(6));
    // Several ranges (multipart/byteranges) are not served: the whole file instead.
    if (spec.find(',') != std::string_view::npos)
        return whole;
    const size_t dash = spec.find('-');
    if (dash == std::string_view::npos)
        return whole;
    const std::string_view firstText = spec.substr(0, dash);
    const std::string_view lastText = spec.substr(dash + 1);
    ByteRangeRequest range;
    range.outcome = Outcome::Partial;
    if (firstText.empty()) {
        // bytes=-n: the last n bytes.
        const auto suffix = parseNonNegative(lastText);
        if (!suffix)
            return whole;
        if (*suffix == 0 || size == 0)
            return ByteRangeRequest{Outcome::Unsatisfiable, 0, 0};
        range.first = size - std::min(*suffix, size);
        range.last = size - 1;
        return range;
    }
    const auto first = parseNonNegative(firstText);
    if (!first)
        return whole;
    qint64 last = size - 1;
    if (!lastText.empty()) {
        const auto parsed = parseNonNegative(lastText);
        if (!parsed || *parsed < *first)
            return whole; // invalid: ignored, as RFC 9110 §14.1.1 allows
        last = std::min(*parsed, size - 1);
    }
    if (*first >= size)
        return ByteRangeRequest{Outcome::Unsatisfiable, 0, 0};
    range.first = *first;
    range.last = last;
    return range;
}

} // namespace msgr::server::media
