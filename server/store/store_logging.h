#pragma once
//! The store's logging category, "msgr.server.store".
#include <QLoggingCategory>

namespace msgr::server {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
}
