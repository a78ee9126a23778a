#pragma once
//! CBOR heads (RFC 8949 §3.1): a major type and its argument in the fewest bytes, as Qt's
//! QCborStreamWriter writes them. For code that splices bytes that are already CBOR into a
//! frame (preencoded.cpp, the load bench's frames), which Qt's writer has no call for.
#include <QByteArray>

#include <cstdint>

namespace msgr::protocol::cbor_head {

inline constexpr std::uint8_t kUnsigned = 0;
inline constexpr std::uint8_t kNegative = 1;
inline constexpr std::uint8_t kBytes = 2;
inline constexpr std::uint8_t kText = 3;
inline constexpr std::uint8_t kArray = 4;
inline constexpr std::uint8_t kMap = 5;

inline void append(QByteArray &out, std::uint8_t major, std::uint64_t argument) {
    const auto typeBits = static_cast<char>(major << 5);
    if (argument < 24) {
        out.append(static_cast<char>(typeBits | static_cast<char>(argument)));
        return;
    }
    int bytes = 8;
    char info = 27;
    if (argument <= 0xff) {
        bytes = 1;
        info = 24;
    } else if (argument <= 0xffff) {
        bytes = 2;
        info = 25;
    } else if (argument <= 0xffffffffULL) {
        bytes = 4;
        info = 26;
    }
    out.append(static_cast<char>(typeBits | info));
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out.append(static_cast<char>((argument >> shift) & 0xff));
}

//! An integer: major type 0 for >= 0, else 1 with -1 - value.
inline void appendInteger(QByteArray &out, std::int64_t value) {
    if (value >= 0)
        append(out, kUnsigned, static_cast<std::uint64_t>(value));
    else
        append(out, kNegative, static_cast<std::uint64_t>(-(value + 1)));
}

} // namespace msgr::protocol::cbor_head
