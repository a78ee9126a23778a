#include "server/media/tus_headers.h"

#include "server/http_whitespace.h"
#include "server/media/upload_limits.h"

#include <QCryptographicHash>

namespace msgr::server::media {

namespace {

//! Strict base64 (standard alphabet, padding as the encoder writes it).
std::optional<QByteArray> decodeBase64(std::string_view text) {
    auto decoded = QByteArray::fromBase64Encoding(QByteArray(text.data(), qsizetype(text.size())),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

bool isKeyChar(char c) {
    // Printable ASCII without space and comma (the two separators).
    return c > ' ' && c < 0x7f && c != ',';
}
} // namespace

std::optional<QHash<QByteArray, QByteArray>> parseUploadMetadata(std::string_view header) {
    QHash<QByteArray, QByteArray> pairs;
    if (trimmedHttpSpace(header).empty())
        return pairs;
    while (true) {
        const size_t comma = header.find(',');
        const std::string_view pair = trimmedHttpSpace(header.substr(0, comma));
        const size_t space = pair.find(' ');
        const std::string_view key = pair.substr(0, space);
        if (key.empty() || pairs.size() >= kMaxMetadataPairs)
            return std::nullopt;
        for (const char c : key) {
            if (!isKeyChar(c))
                return std::nullopt;
        }
        QByteArray value;
        if (space != std::string_view::npos) {
            const auto decoded = decodeBase64(trimmedHttpSpace(pair.substr(space + 1)));
            if (!decoded || decoded->size() > kMaxMetadataValueBytes)
                return std::nullopt;
            value = *decoded;
        }
        const QByteArray keyBytes(key.data(), qsizetype(key.size()));
        if (pairs.contains(keyBytes))
            return std::nullopt;
        pairs.insert(keyBytes, value);
        if (comma == std::string_view::npos)
            return pairs;
        header.remove_prefix(comma + 1);
    }
}

std::optional<UploadChecksum> parseUploadChecksum(std::string_view header) {
    header = trimmedHttpSpace(header);
    const size_t space = header.find(' ');
    if (space == std::string_view::npos)
        return std::nullopt;
    const std::string_view name = header.substr(0, space);
    UploadChecksum checksum;
    qsizetype expected = 0;
    if (name == "sha1") {
        checksum.algorithm = ChecksumAlgorithm::Sha1;
        expected = QCryptographicHash::hashLength(QCryptographicHash::Sha1);
    } else if (name == "sha256") {
        checksum.algorithm = ChecksumAlgorithm::Sha256;
        expected = QCryptographicHash::hashLength(QCryptographicHash::Sha256);
    } else {
        return std::nullopt;
    }
    const auto digest = decodeBase64(trimmedHttpSpace(header.substr(space + 1)));
    if (!digest || digest->size() != expected)
        return std::nullopt;
    checksum.digest = *digest;
    return checksum;
}

std::optional<UploadConcat> parseUploadConcat(std::string_view header) {
    constexpr std::string_view kPartial = "partial";
    constexpr std::string_view kFinal = "final;";
    constexpr std::string_view kPathPrefix = "/files/";
    constexpr size_t kIdLength = 32;
    header = trimmedHttpSpace(header);
    if (header == kPartial)
        return UploadConcat{};
    if (header.substr(0, kFinal.size()) != kFinal)
        return std::nullopt;
    std::string_view rest = header.substr(kFinal.size());
    UploadConcat concat;
    concat.isFinal = true;
    while (!rest.empty()) {
        const size_t space = rest.find(' ');
        std::string_view url = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
        if (url.empty())
            continue; // several spaces between two URLs
        // An absolute URL: only its path counts (the server is the one asked).
        for (const std::string_view scheme :
             {std::string_view("http://"), std::string_view("https://")}) {
            if (url.substr(0, scheme.size()) == scheme) {
                const size_t slash = url.find('/', scheme.size());
                if (slash == std::string_view::npos)
                    return std::nullopt;
                url = url.substr(slash);
                break;
            }
        }
        if (url.substr(0, kPathPrefix.size()) != kPathPrefix)
            return std::nullopt;
        const std::string_view id = url.substr(kPathPrefix.size());
        if (id.size() != kIdLength)
            return std::nullopt;
        for (const char c : id) {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                return std::nullopt;
        }
        concat.partIds.append(QString::fromLatin1(id.data(), qsizetype(id.size())));
    }
    if (concat.partIds.isEmpty())
        return std::nullopt;
    return concat;
}

std::optional<qint64> parseNonNegative(std::string_view text) {
    // 18 digits cannot overflow a qint64 and cover every length we could accept.
    if (text.empty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

QString bearerToken(std::string_view header) {
    constexpr std::string_view kScheme = "Bearer ";
    if (header.size() <= kScheme.size() || header.substr(0, kScheme.size()) != kScheme)
        return {};
    const std::string_view token = trimmedHttpSpace(header.substr(kScheme.size()));
    return QString::fromLatin1(token.data(), qsizetype(token.size()));
}

} // namespace msgr::server::media
