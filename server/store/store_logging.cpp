#include "server/store/store_logging.h"

namespace msgr::server {
Q_LOGGING_CATEGORY(lcStore, "msgr.server.store")
}
