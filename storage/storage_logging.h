#pragma once
//! The client storage layer's log category ("msgr.storage"). Never log keys, tokens or texts.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)
