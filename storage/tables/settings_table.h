#pragma once
//! The profile's settings (one row, id = 1; kept across log-outs, inside the encrypted file).
//! Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

namespace msgr::storage {

struct SettingsTable {
    //! The stored settings; defaults when none were saved.
    static ProfileSettings load(ReadTransaction &tx);
    static void save(WriteTransaction &tx, const ProfileSettings &settings);
};

} // namespace msgr::storage
