#include "platform/platform_logging.h"

Q_LOGGING_CATEGORY(lcPlatform, "msgr.platform")
