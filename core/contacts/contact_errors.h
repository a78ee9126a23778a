#pragma once
//! The sentence the pages show for a refused contacts or profile call (its error code:
//! the server's, or OFFLINE), translated; unknown codes show the server's own message.
#include <QString>

namespace msgr::core {

QString contactErrorText(const QString &code, const QString &serverMessage);

} // namespace msgr::core
