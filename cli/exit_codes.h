#pragma once
//! msgr-cli's exit codes: the contract scripts rely on (printed by `msgr-cli --help`, listed in
//! README.md). Append only, never renumber.
namespace msgr::cli {

enum ExitCode : int {
    Ok = 0,
    //! Something unexpected (a bug, the disk); the message says what.
    Failure = 1,
    //! Wrong arguments: unknown command or option, missing value, a value out of range.
    Usage = 2,
    //! The server refused the sign-up or log-in (wrong username or password, username taken or
    //! invalid, too many attempts).
    AuthRefused = 3,
    //! The command needs an account and the profile is signed out (or has no database yet), or
    //! signup/login was asked of a profile that is already signed in.
    AccountState = 4,
    //! The profile cannot be opened: wrong or missing passphrase, key missing from the keychain,
    //! damaged database.
    ProfileLocked = 5,
    //! The server did not answer in time (--timeout), or the transport policy refused its
    //! address. A message being sent stays queued and goes out on the next run that connects.
    Unreachable = 6,
    //! The server refused the request for good (e.g. a message it will never accept).
    Refused = 7,
    //! No such user or chat.
    NotFound = 8,
    //! secret-verify --scan: the scanned code does not match this device's keys (or is not a
    //! verification code).
    VerificationFailed = 9,
    //! The peer's key in this secret chat changed: nothing is sent until the user confirms it
    //! (secret-verify --accept-key, after comparing the safety numbers).
    KeyChanged = 10,
    //! Interrupted by SIGINT or SIGTERM before the command finished (`receive` ends with 0).
    Interrupted = 130,
};

} // namespace msgr::cli
