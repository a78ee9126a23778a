#pragma once
//! msgr-cli's command line: global options, the command and its arguments, checked here so
//! every command gets valid values (a bad one is a Usage error, exit 2).
#include "core/contacts/contacts_service.h"
#include "core/net/proxy_settings.h"

#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace msgr::cli {

enum class CommandName {
    SignUp,
    LogIn,
    LogOut,
    Chats,
    Send,
    History,
    Receive,
    Upload,
    Download,
    SecretStart,
    SecretVerify,
    SecretResetKeys,
    SecretTimer,
    SecretSendFile,
    Search,
    Forward,
    Storage,
    ClearCache,
    ChangePassphrase,
    Pin,
    Unpin,
    Channel,
    Contacts,
    Block,
    Unblock,
    Profile,
    Group
};

struct CliOptions {
    CommandName command = CommandName::Chats;
    QStringList arguments; //!< the command's positional arguments, count checked
    QString profileDir;
    QUrl serverUrl;
    bool json = false;
    bool verbose = false;
    bool allowInsecureTransport = false;
    //! --proxy: the run's proxy (its password, if any, comes later from MSGR_PROXY_PASSWORD:
    //! proxyPasswordFromEnvironment()); unset: the profile's saved setting.
    std::optional<core::ProxySettings> proxy;
    QString passwordFile;   //!< empty: stdin
    QString passphraseFile; //!< empty: MSGR_PASSPHRASE if set, else stdin
    //! change-passphrase: empty: MSGR_NEW_PASSPHRASE if set, else stdin
    QString newPassphraseFile;
    //! Argon2id cost of a new passphrase: libsodium's INTERACTIVE level instead of MODERATE.
    bool lowMemoryPassphrase = false;
    //! How long a command waits for the server (seconds); receive: how long it streams.
    int timeoutSeconds = 30;
    bool timeoutGiven = false;
    int limit = 20;      //!< history, search
    bool once = false;   //!< receive
    qint64 deviceId = 0; //!< secret-start: the peer's device (0: the most recently active)
    QString scan;        //!< secret-verify: a verification code to check (empty: none)
    //! profile set: --name, --about, --username (only those given change)
    core::ContactsService::ProfileEdit profileEdit;
    bool qr = false;        //!< secret-verify: print the QR code
    bool acceptKey = false; //!< secret-verify: confirm the peer's changed key
    qint64 replyToId = 0;   //!< send: the message it answers (docs/protocol.md §19); 0: none
    QString channelAbout;   //!< channel create, edit: --about
    bool channelSetsAbout = false;       //!< channel edit: --about given (even empty)
    std::optional<QString> channelTitle; //!< channel edit: --title
    QString channelName;                 //!< channel create: --name (public @name; empty: private)
    //! secret-send-file: --voice-ms sends the file as a voice message of that length, with
    //! --waveform's levels (hex, one byte each); -1: an ordinary file.
    qint64 voiceDurationMs = -1;
    QByteArray voiceWaveform;
};

struct ParsedCommandLine {
    std::optional<CliOptions> options; //!< empty: help or version was printed, or an error
    QString error;                     //!< set: a usage error
    bool printedHelp = false;
};

//! The usual arguments of main(); prints --help and --version itself.
ParsedCommandLine parseCommandLine(const QStringList &arguments);

//! The environment variable a --proxy user's password is read from (wiped once read).
inline constexpr auto kProxyPasswordVariable = "MSGR_PROXY_PASSWORD";

//! The help text: synopsis, commands, options, exit codes, environment.
QString usageText();

} // namespace msgr::cli
