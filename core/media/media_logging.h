#pragma once
//! The media feature's log category (msgr.core.media).
#include <QLoggingCategory>

namespace msgr::core {
Q_DECLARE_LOGGING_CATEGORY(lcMedia)
}
