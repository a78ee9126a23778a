#pragma once
//! What the bubble of a refused message says about why, in the user's language. Thread-safe.
#include "storage/records.h"

#include <QCoreApplication>
#include <QString>

namespace msgr::core {

class SendFailureText {
    Q_DECLARE_TR_FUNCTIONS(SendFailureText)
public:
    //! Empty for SendFailure::None.
    static QString describe(storage::SendFailure failure);
    //! Sending it again can succeed (a block lifted, a right granted); a too-long text or a
    //! secret envelope for a vanished device cannot.
    static bool retryable(storage::SendFailure failure);
};

} // namespace msgr::core
