// libFuzzer target: protocol::decodeFrame over arbitrary bytes, the first thing both the server
// and the client do with every WebSocket message. Beyond "no crash, no sanitizer report":
// a refusal carries a typed code and a reason, and a frame that decodes survives a re-encode
// (encoding normalises once; after that, encode(decode(x)) is stable byte for byte).
#include "fuzz_support.h"
#include "protocol/frame.h"
#include "protocol/limits.h"

using namespace msgr::protocol;

namespace {

void checkRefusal(const DecodeError &error, qsizetype inputSize) {
    FUZZ_CHECK(!error.message.isEmpty());
    FUZZ_CHECK(error.code == ErrorCode::BadFrame || error.code == ErrorCode::BadRequest ||
               error.code == ErrorCode::TooLarge);
    if (inputSize > kMaxFrameBytes)
        FUZZ_CHECK(error.code == ErrorCode::TooLarge);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    const DecodeResult decoded = decodeFrame(bytes);
    if (const auto *error = std::get_if<DecodeError>(&decoded)) {
        checkRefusal(*error, bytes.size());
        return 0;
    }
    const QByteArray once = encodeFrame(std::get<Frame>(decoded));
    // Re-encoding may widen a value (a half-precision float becomes a double), so a frame near
    // the cap can legitimately come back over it.
    if (once.size() > kMaxFrameBytes)
        return 0;
    const DecodeResult again = decodeFrame(once);
    const Frame *frame = std::get_if<Frame>(&again);
    FUZZ_CHECK(frame != nullptr);
    FUZZ_CHECK(frame->index() == std::get<Frame>(decoded).index());
    FUZZ_CHECK(encodeFrame(*frame) == once);
    return 0;
}
