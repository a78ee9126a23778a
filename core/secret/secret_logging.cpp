#include "core/secret/secret_logging.h"

Q_LOGGING_CATEGORY(lcSecret, "msgr.core.secret")
