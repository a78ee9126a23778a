#include "crypto/secret/scrubbed_bytes.h"

#include <sodium.h>

namespace msgr::crypto::secret {

void scrub(void *bytes, size_t size) {
    sodium_memzero(bytes, size);
}

} // namespace msgr::crypto::secret
