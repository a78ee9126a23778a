#include "server/media/download_headers.h"

#include "server/http_whitespace.h"

namespace msgr::server::media {

namespace {
constexpr std::string_view kOctetStream = "application/octet-stream";
//! A MIME type longer than this is not one a client needs kept.
constexpr size_t kMaxContentTypeChars = 127;
//! The name in `filename`/`filename*` is cut to this many UTF-8 bytes (headers stay small).
constexpr qsizetype kMaxDispositionNameBytes = 255;

//! RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
    if (text.empty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

//! RFC 8187 attr-char: what `filename*` may carry unescaped.
bool isAttrChar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}
} // namespace

std::string downloadContentType(const QString &mime) {
    const std::string text = mime.toStdString();
    std::string_view type = trimmedHttpSpace(std::string_view(text).substr(0, text.find(';')));
    const size_t slash = type.find('/');
    if (type.size() > kMaxContentTypeChars || slash == std::string_view::npos ||
        !isToken(type.substr(0, slash)) || !isToken(type.substr(slash + 1)))
        return std::string(kOctetStream);
    std::string lower(type);
    for (char &c : lower) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return lower;
}

std::string attachmentDisposition(const QString &fileName) {
    QByteArray utf8 = fileName.toUtf8();
    if (utf8.isEmpty())
        return "attachment";
    if (utf8.size() > kMaxDispositionNameBytes) {
        // Cut on a character boundary: never leave half of a UTF-8 sequence.
        qsizetype cut = kMaxDispositionNameBytes;
        while (cut > 0 && (uchar(utf8.at(cut)) & 0xC0) == 0x80)
            --cut;
        utf8.truncate(cut);
    }
    std::string ascii;
    std::string encoded;
    constexpr std::string_view kHex = "0123456789ABCDEF";
    for (const char c : utf8) {
        const auto byte = uchar(c);
        // Printable ASCII but the quote and backslash of a quoted-string; '%' too, which some
        // browsers decode. One '_' per other character (its UTF-8 continuation bytes skipped).
        if ((byte & 0xC0) != 0x80)
            ascii += (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\' && c != '%') ? c : '_';
        if (isAttrChar(c)) {
            encoded += c;
        } else {
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 0x0f];
        }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

std::string contentEtag(const QString &sha256) {
    return '"' + sha256.toStdString() + '"';
}

} // namespace msgr::server::media
