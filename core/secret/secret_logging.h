#pragma once
//! The secret chats' log category. Never logs a key, a plaintext or an envelope's bytes: ids,
//! sizes and error names only.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSecret)
