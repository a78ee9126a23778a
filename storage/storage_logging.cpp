#include "storage/storage_logging.h"

Q_LOGGING_CATEGORY(lcStorage, "msgr.storage")
