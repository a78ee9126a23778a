#pragma once
//! Shared by the libFuzzer targets of tests/fuzz: the input as bytes and a check that turns a
//! broken invariant into a crash libFuzzer records (abort, with the reason on stderr).
#include <QByteArray>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace msgr::fuzz {

//! The fuzzer's buffer without a copy and without a terminating NUL, so AddressSanitizer sees
//! any read past its end.
inline QByteArray inputBytes(const uint8_t *data, size_t size) {
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data),
                                   static_cast<qsizetype>(size));
}

[[noreturn]] inline void checkFailed(const char *what, const char *file, int line) {
    std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
    std::abort();
}

} // namespace msgr::fuzz

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::msgr::fuzz::checkFailed(#condition, __FILE__, __LINE__);                             \
    } while (false)
