#include "platform/system_appearance.h"

namespace msgr::platform {

void SystemAppearance::setScheme(Scheme scheme) {
    if (scheme == m_scheme)
        return;
    m_scheme = scheme;
    emit schemeChanged(scheme);
}

} // namespace msgr::platform
