#include "core/media/download_answer_parsing.h"

#include "core/media/tus_answer_parsing.h"

namespace msgr::core::download {
namespace {

bool isHttpWhitespace(char c) {
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView value) {
    while (!value.isEmpty() && isHttpWhitespace(value.front()))
        value = value.sliced(1);
    while (!value.isEmpty() && isHttpWhitespace(value.back()))
        value.chop(1);
    return value;
}

//! Digits only, no whitespace inside a range's numbers.
std::optional<qint64> number(QByteArrayView digits) {
    if (digits.isEmpty() || isHttpWhitespace(digits.front()) || isHttpWhitespace(digits.back()))
        return std::nullopt;
    return tus::parseNumberHeader(digits);
}

} // namespace

std::optional<ContentRange> parseContentRange(QByteArrayView value) {
    value = trimmed(value);
    constexpr QByteArrayView kUnit = "bytes ";
    if (!value.startsWith(kUnit))
        return std::nullopt;
    value = value.sliced(kUnit.size());
    const qsizetype dash = value.indexOf('-');
    const qsizetype slash = value.indexOf('/');
    if (dash < 0 || slash < dash)
        return std::nullopt;
    const auto first = number(value.first(dash));
    const auto last = number(value.sliced(dash + 1, slash - dash - 1));
    const auto total = number(value.sliced(slash + 1));
    if (!first || !last || !total || *first > *last || *last >= *total)
        return std::nullopt;
    return ContentRange{*first, *last, *total};
}

std::optional<QByteArray> parseStrongEtag(QByteArrayView value) {
    value = trimmed(value);
    if (value.size() < 2 || value.size() > kMaxEtagBytes || value.front() != '"' ||
        value.back() != '"')
        return std::nullopt;
    for (const char c : value.sliced(1, value.size() - 2)) {
        const auto u = static_cast<unsigned char>(c);
        if (u != 0x21 && (u < 0x23 || u > 0x7e))
            return std::nullopt;
    }
    return value.toByteArray();
}

DownloadAnswer interpretDownloadAnswer(int status, QByteArrayView contentRange,
                                       QByteArrayView contentLength, QByteArrayView etag,
                                       qint64 offset) {
    DownloadAnswer answer;
    const std::optional<QByteArray> tag = parseStrongEtag(etag);
    const std::optional<qint64> length = tus::parseNumberHeader(contentLength);
    if (!tag || !length || offset < 0)
        return answer;
    if (status == 200) {
        if (*length > kMaxFileBytes)
            return answer;
        answer.kind = DownloadAnswer::Kind::Body;
        answer.start = 0;
        answer.total = *length;
        answer.etag = *tag;
        return answer;
    }
    if (status != 206)
        return answer;
    const std::optional<ContentRange> range = parseContentRange(contentRange);
    if (!range || range->first != offset || range->last != range->total - 1 ||
        range->total > kMaxFileBytes || *length != range->last - range->first + 1)
        return answer;
    answer.kind = DownloadAnswer::Kind::Body;
    answer.start = range->first;
    answer.total = range->total;
    answer.etag = *tag;
    return answer;
}

} // namespace msgr::core::download
