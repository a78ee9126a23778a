// libFuzzer target: a profile, group or channel photo or its thumbnail as another user uploaded
// it (core/photos/photo_decoding.h, docs/protocol.md §24). The server does not decode photos,
// so the bytes are anything. The checks: nothing past the caps is decoded, a decoded image is
// within kMaxPhotoDecodeSide, and a requested size is honoured.
#include "core/photos/photo_decoding.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 256 * 1024) // thumbnails are 16 KiB; a photo's parsers work on a prefix first
        return 0;
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    const QImage image = msgr::core::decodePhoto(bytes);
    if (!image.isNull()) {
        FUZZ_CHECK(image.width() <= msgr::core::kMaxPhotoDecodeSide);
        FUZZ_CHECK(image.height() <= msgr::core::kMaxPhotoDecodeSide);
        const QImage scaled = msgr::core::decodePhoto(bytes, QSize(48, 48));
        FUZZ_CHECK(!scaled.isNull());
        FUZZ_CHECK(scaled.width() >= 48 || scaled.height() >= 48);
    }
    return 0;
}
