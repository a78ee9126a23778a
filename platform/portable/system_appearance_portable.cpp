// Windows, macOS, iOS and Android give Qt their light or dark palette themselves, so there is
// nothing to ask here: Unknown tells Theme to read the palette.
#include "platform/system_appearance.h"

namespace msgr::platform {

std::unique_ptr<SystemAppearance> createSystemAppearance(QObject *parent) {
    return std::make_unique<SystemAppearance>(parent);
}

} // namespace msgr::platform
