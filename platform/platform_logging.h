#pragma once
//! The platform layer's log category ("msgr.platform"). Never log keys or passphrases.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcPlatform)
