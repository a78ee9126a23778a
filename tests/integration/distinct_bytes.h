#pragma once
//! Test file contents for the media tests.
#include <QByteArray>

namespace msgr::test {

//! Distinct, non-repeating bytes (a linear congruential sequence from `seed`), so a part or a
//! range taken from the wrong offset cannot pass for the right one.
inline QByteArray distinctBytes(qsizetype size, quint32 seed) {
    QByteArray bytes(size, Qt::Uninitialized);
    quint32 x = seed * 2654435761u + 1;
    for (qsizetype i = 0; i < size; ++i) {
        x = x * 1664525u + 1013904223u;
        bytes[i] = char(x >> 24);
    }
    return bytes;
}

} // namespace msgr::test
