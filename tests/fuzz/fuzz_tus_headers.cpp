// libFuzzer target: the tus header parsers of server/media/tus_headers.h and the download's
// Range parser and header builders (byte_range.h, download_headers.h), which read raw header
// text (or stored client text) from any client. The input is split at its first
// NUL into two header values (the rest of the input for each parser in turn). What a parser
// accepts must honour the documented bounds, and accepted metadata must survive
// re-encoding unchanged.
#include "fuzz_support.h"
#include "server/media/byte_range.h"
#include "server/media/download_headers.h"
#include "server/media/tus_headers.h"
#include "server/media/upload_limits.h"

#include <QCryptographicHash>
#include <algorithm>

using namespace msgr::server::media;

namespace {
std::string_view view(const QByteArray &bytes) {
    return {bytes.constData(), size_t(bytes.size())};
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    const qsizetype nul = bytes.indexOf('\0');
    // Copies, so a parser reading past its view's end is caught by AddressSanitizer.
    const QByteArray first = nul < 0 ? bytes : bytes.left(nul);
    const QByteArray second = nul < 0 ? QByteArray() : bytes.mid(nul + 1);

    for (const QByteArray &header : {first, second}) {
        if (const auto metadata = parseUploadMetadata(view(header))) {
            FUZZ_CHECK(metadata->size() <= kMaxMetadataPairs);
            QByteArray encoded;
            for (auto it = metadata->cbegin(); it != metadata->cend(); ++it) {
                FUZZ_CHECK(!it.key().isEmpty());
                FUZZ_CHECK(!it.key().contains(' ') && !it.key().contains(','));
                FUZZ_CHECK(it.value().size() <= kMaxMetadataValueBytes);
                if (!encoded.isEmpty())
                    encoded += ',';
                encoded += it.key();
                if (!it.value().isEmpty())
                    encoded += ' ' + it.value().toBase64();
            }
            const auto again = parseUploadMetadata(view(encoded));
            FUZZ_CHECK(again.has_value());
            FUZZ_CHECK(again->size() == metadata->size());
            for (auto it = metadata->cbegin(); it != metadata->cend(); ++it)
                FUZZ_CHECK(again->value(it.key()) == it.value());
        }
        if (const auto checksum = parseUploadChecksum(view(header))) {
            const auto algorithm = checksum->algorithm == ChecksumAlgorithm::Sha1
                                       ? QCryptographicHash::Sha1
                                       : QCryptographicHash::Sha256;
            FUZZ_CHECK(checksum->digest.size() == QCryptographicHash::hashLength(algorithm));
        }
        if (const auto number = parseNonNegative(view(header))) {
            FUZZ_CHECK(*number >= 0);
            // Only digits were accepted, so Qt's own conversion agrees.
            FUZZ_CHECK(header.toLongLong() == *number);
        }
        if (const auto concat = parseUploadConcat(view(header))) {
            // A final names at least one part, each a well-formed upload id; a partial none.
            FUZZ_CHECK(concat->isFinal == !concat->partIds.isEmpty());
            for (const QString &id : concat->partIds)
                FUZZ_CHECK(id.size() == 32 && header.contains(id.toLatin1()));
        }
        const QString token = bearerToken(view(header));
        FUZZ_CHECK(token.isEmpty() || header.startsWith("Bearer "));

        // A Range is only ever inside the file; sizes around the interesting edges.
        for (const qint64 fileSize : {qint64(0), qint64(1), qint64(1000), kMaxUploadBytes}) {
            const ByteRangeRequest range = parseByteRange(view(header), fileSize);
            if (range.outcome == ByteRangeRequest::Outcome::Partial) {
                FUZZ_CHECK(range.first >= 0);
                FUZZ_CHECK(range.first <= range.last);
                FUZZ_CHECK(range.last < fileSize);
            }
        }
        // Stored client text becomes headers that cannot break out of their field.
        const QString text = QString::fromUtf8(header);
        for (const std::string &value : {downloadContentType(text), attachmentDisposition(text)}) {
            for (const char c : value)
                FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0');
        }
        const std::string disposition = attachmentDisposition(text);
        // The quoted name holds no quote of its own: exactly two quotes, or none.
        FUZZ_CHECK(std::count(disposition.begin(), disposition.end(), '"') % 2 == 0);
    }
    return 0;
}
