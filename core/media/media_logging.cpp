#include "core/media/media_logging.h"

namespace msgr::core {
Q_LOGGING_CATEGORY(lcMedia, "msgr.core.media")
}
