#pragma once
//! Private to crypto/secret/*.cpp: Qt's bytes as libsodium takes them.
#include <QByteArrayView>

namespace msgr::crypto::secret {

inline const unsigned char *bytesOf(QByteArrayView view) {
    return reinterpret_cast<const unsigned char *>(view.data());
}

} // namespace msgr::crypto::secret
