#include "cli/commands/transfer_support.h"

namespace msgr::cli {

QString transferStateName(core::TransferState state) {
    switch (state) {
    case core::TransferState::Queued:
        return QStringLiteral("queued");
    case core::TransferState::Running:
        return QStringLiteral("running");
    case core::TransferState::Retrying:
        return QStringLiteral("retrying");
    case core::TransferState::Paused:
        return QStringLiteral("paused");
    case core::TransferState::Done:
        return QStringLiteral("done");
    case core::TransferState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

} // namespace msgr::cli
