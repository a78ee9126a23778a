#include "cli/cli_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <array>
#include <cstdio>

namespace msgr::cli {
namespace {

constexpr auto kDefaultServer = "ws://127.0.0.1:8765";
constexpr int kMaxTimeoutSeconds = 7 * 24 * 3600;
constexpr int kMaxHistoryLimit = 10'000;
constexpr int kMaxScanChars = 256; // crypto/secret/verification_code.h reads no more
// A secret voice message's bounds (core/secret/secret_payload.h, docs/protocol.md §12.8).
constexpr qint64 kMaxVoiceOptionMs = 86'400'000;
constexpr int kMaxWaveformOptionBytes = 256;

//! CommandSpec::arguments of a command with sub-commands: one or more positional arguments.
constexpr int kSubCommand = -1;
//! CommandSpec::arguments of a command that also runs bare (`contacts`, `profile`): its
//! sub-commands take at most one argument; the command checks the rest.
constexpr int kOptionalSubCommand = -2;
//! CommandSpec::arguments of `group`: a sub-command and at least its chat or title.
constexpr int kSubCommandOfAChat = -3;

struct CommandSpec {
    const char *name;
    CommandName command;
    int arguments; // exactly this many, or one of the k...SubCommand shapes above
    const char *synopsis;
};

constexpr std::array kCommands = {
    CommandSpec{"signup", CommandName::SignUp, 2, "signup <username> <display name>"},
    CommandSpec{"login", CommandName::LogIn, 1, "login <username>"},
    CommandSpec{"logout", CommandName::LogOut, 0, "logout"},
    CommandSpec{"chats", CommandName::Chats, 0, "chats"},
    CommandSpec{"send", CommandName::Send, 2, "send <@username|chat-id> <text|->"},
    CommandSpec{"forward", CommandName::Forward, 3,
                "forward <@username|chat-id> <message-id> <@username|chat-id>"},
    CommandSpec{"pin", CommandName::Pin, 2, "pin <@username|chat-id> <message-id>"},
    CommandSpec{"unpin", CommandName::Unpin, 2, "unpin <@username|chat-id> <message-id>"},
    // Commands of their own sub-commands: their arguments are checked by the command.
    CommandSpec{
        "channel", CommandName::Channel, kSubCommand,
        "channel <create|search|subscribe|unsubscribe|post|history|edit|admin|add|comment|comments|"
        "delete-comment> ..."},
    CommandSpec{"contacts", CommandName::Contacts, kOptionalSubCommand,
                "contacts [invite|accept|deny|cancel|remove <@username>]"},
    CommandSpec{"block", CommandName::Block, 1, "block <@username>"},
    CommandSpec{"unblock", CommandName::Unblock, 1, "unblock <@username>"},
    CommandSpec{"profile", CommandName::Profile, kOptionalSubCommand,
                "profile [show <@username> | set [--name N] [--about A] [--username U]]"},
    CommandSpec{
        "group", CommandName::Group, kSubCommandOfAChat,
        "group create|add|remove|leave|title|role|members|invite|revoke-invite|join|readers "
        "<arguments> (see --help)"},
    CommandSpec{"history", CommandName::History, 1, "history <@username|chat-id> [--limit N]"},
    CommandSpec{"receive", CommandName::Receive, 0, "receive [--once] [--timeout S]"},
    CommandSpec{"search", CommandName::Search, 1, "search <words> [--limit N]"},
    CommandSpec{"upload", CommandName::Upload, 1, "upload <file>"},
    CommandSpec{"download", CommandName::Download, 2, "download <file-id> <path>"},
    CommandSpec{"secret-start", CommandName::SecretStart, 1,
                "secret-start <@username|user-id> [--device ID]"},
    CommandSpec{"secret-verify", CommandName::SecretVerify, 1,
                "secret-verify <chat-id> [--scan CODE] [--qr] [--accept-key]"},
    CommandSpec{"secret-reset-keys", CommandName::SecretResetKeys, 0, "secret-reset-keys"},
    CommandSpec{"secret-timer", CommandName::SecretTimer, 2,
                "secret-timer <chat-id> <off|5s|10s|30s|1m|5m|1h|1d|1w>"},
    CommandSpec{"secret-send-file", CommandName::SecretSendFile, 2,
                "secret-send-file <chat-id> <file> [--voice-ms MS [--waveform HEX]]"},
    CommandSpec{"storage", CommandName::Storage, 0, "storage"},
    CommandSpec{"clear-cache", CommandName::ClearCache, 0, "clear-cache"},
    CommandSpec{"change-passphrase", CommandName::ChangePassphrase, 0,
                "change-passphrase [--new-passphrase-file FILE]"},
};

std::optional<int> boundedInt(const QString &text, int min, int max) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

QString usageText() {
    return QStringLiteral(
        "Usage: msgr-cli --profile DIR [--server URL] [options] <command> [arguments]\n"
        "\n"
        "A headless messenger client over the same core and encrypted profile as the app.\n"
        "\n"
        "Commands:\n"
        "  signup <username> <display name>   create an account (password from stdin or\n"
        "                                     --password-file)\n"
        "  login <username>                   sign this profile in (password as for signup)\n"
        "  logout                             sign out (the server forgets this device)\n"
        "  chats                              list the chats, newest first\n"
        "  send <@username|chat-id> <text>    send; returns once the server stored it;\n"
        "                                     text '-' reads the message from stdin;\n"
        "                                     --reply-to ID answers message ID of the chat\n"
        "  forward <chat> <message-id> <chat> forward a message of the first chat to the\n"
        "                                     second; returns once the server stored it\n"
        "  pin <chat> <message-id>            pin the message at the top of its chat (every\n"
        "                                     member sees it; in a group: owner and admins)\n"
        "  unpin <chat> <message-id>          unpin it\n"
        "  contacts                           list invitations to you, your invitations,\n"
        "                                     contacts and blocked users\n"
        "  contacts invite <@username>        invite a user to your contacts\n"
        "  contacts accept|deny <@username>   answer that user's invitation\n"
        "  contacts cancel <@username>        withdraw your invitation\n"
        "  contacts remove <@username>        end the contact (for both)\n"
        "  block <@username>, unblock <@username>  no messages either way while blocked\n"
        "  profile                            your profile (name, username, about)\n"
        "  profile show <@username>           another user's profile and last seen\n"
        "  profile set [--name N] [--about A] [--username U]  change your profile\n"
        "  group create <title> [<user>...]   a new group with these members (user id or\n"
        "                                     @username); prints its chat id\n"
        "  group add <chat> <user>...         add members (owner and admins)\n"
        "  group remove <chat> <user>         remove a member (owner; admins: plain members)\n"
        "  group leave <chat>                 leave the group\n"
        "  group title <chat> <title>         rename the group (owner and admins)\n"
        "  group role <chat> <user> admin|member  make an admin, or a member again (owner)\n"
        "  group members <chat>               the members and their roles (owner, admin,\n"
        "                                     member), as stored in this profile\n"
        "  group invite <chat>                a new invite link msgr://join/<token> (owner,\n"
        "                                     admins); the link before stops working\n"
        "  group revoke-invite <chat>         kill the group's invite link (owner, admins)\n"
        "  group join <link>                  join the group of an invite link\n"
        "  group readers <chat> <message-id>  your message's readers: read, delivered or\n"
        "                                     sent per member (groups up to 100 members)\n"
        "  history <@username|chat-id>        the newest messages of a chat, oldest first\n"
        "  channel create <title>             create a channel (--about TEXT; --name NAME\n"
        "                                     makes it public as @NAME); prints its id\n"
        "  channel search <query>             public channels whose @name, title or about\n"
        "                                     holds the query, most subscribers first\n"
        "  channel subscribe <id|@name>       subscribe to a public channel\n"
        "  channel unsubscribe <id|@name>     leave a channel (its owner cannot)\n"
        "  channel post <id|@name> <text>     post (owner and admins); returns once stored\n"
        "  channel history <id|@name>         a channel's newest posts, oldest first\n"
        "                                     (--limit N, at most 100)\n"
        "  channel edit <id|@name>            change the title (--title T) and/or the\n"
        "                                     description (--about A); owner and admins\n"
        "  channel admin <id|@name> <@user> on|off  make a subscriber an admin, or an\n"
        "                                     admin a subscriber again (the owner)\n"
        "  channel add <id|@name> <@user>...  subscribe users (up to 100; owner and admins)\n"
        "  channel comment <id|@name> <post-id> <text>  comment under a post (subscribers)\n"
        "  channel comments <id|@name> <post-id>  a post's newest comments, oldest first\n"
        "                                     (--limit N, at most 100)\n"
        "  channel delete-comment <id|@name> <post-id> <comment-id>  delete a comment (its\n"
        "                                     author, the owner and admins)\n"
        "  receive                            print incoming messages as they arrive, until\n"
        "                                     SIGINT/SIGTERM; what arrived while offline first;\n"
        "                                     printed messages are marked read\n"
        "  search <words>                     search the stored messages (this profile's index)\n"
        "  upload <file>                      upload a file (tus, resumable); prints progress\n"
        "                                     and the file id\n"
        "  download <file-id> <path>          download a file (resumable, encrypted in the\n"
        "                                     profile's cache) and save it decrypted to <path>\n"
        "  secret-start <@username|user-id>   start an end-to-end encrypted secret chat with\n"
        "                                     the user's most recently active device (or\n"
        "                                     --device ID); prints its chat id (negative: send\n"
        "                                     to it with send -- <chat-id> <text>)\n"
        "  secret-send-file <chat-id> <file>  send a file in a secret chat, encrypted on this\n"
        "                                     device (receive names it; download saves it);\n"
        "                                     --voice-ms MS: as a voice message of MS ms\n"
        "  storage                            the profile's disk use: database, cached photos\n"
        "                                     and files, other, files waiting to be sent\n"
        "  clear-cache                        delete the downloaded files that can be downloaded\n"
        "                                     again (not the database, uploads or secret chats'\n"
        "                                     files), then print the disk use\n"
        "  change-passphrase                  re-wrap the profile's key under a new passphrase\n"
        "                                     (no keychain); the messages' key stays the same\n"
        "\n"
        "Options:\n"
        "  --profile DIR          the profile directory (created 0700 on signup/login)\n"
        "  --server URL           ws:// or wss:// server address (default ws://127.0.0.1:8765)\n"
        "  --json                 JSON lines on stdout; errors as JSON on stderr\n"
        "  --password-file FILE   the account password is this file's first line\n"
        "  --passphrase-file FILE the profile passphrase is this file's first line\n"
        "  --new-passphrase-file FILE  change-passphrase: the new passphrase is this file's\n"
        "                         first line (else MSGR_NEW_PASSPHRASE, else stdin)\n"
        "  --low-memory-kdf       a new passphrase uses Argon2id at 64 MiB (default 256 MiB)\n"
        "  --timeout SECONDS      how long to wait for the server (default 30); receive:\n"
        "                         stop after this long; upload, download: longest time\n"
        "                         without progress\n"
        "  --once                 receive: exit after printing what arrived while offline\n"
        "  --limit N              history, search, channel comments: how many (default 20)\n"
        "  --device ID            secret-start: the peer's device\n"
        "  --voice-ms MS          secret-send-file: a voice message of MS milliseconds\n"
        "  --waveform HEX         secret-send-file --voice-ms: its levels, one hex byte each\n"
        "  --name, --about, --username  profile set: the new display name, about, username\n"
        "  --reply-to ID          send: quote message ID of the same chat (not secret chats)\n"
        "  --about TEXT           channel create, edit: the channel's description\n"
        "  --title TEXT           channel edit: the channel's new title\n"
        "  --name NAME            channel create: the public @name (else a private channel)\n"
        "  --allow-insecure-ws    allow unencrypted ws:// to another machine (trusted networks)\n"
        "  --proxy URL            this run's proxy: socks5://[USER@]HOST:PORT,\n"
        "                         http://[USER@]HOST:PORT (CONNECT), system or off (default:\n"
        "                         the profile's Settings > Proxy); USER's password comes from\n"
        "                         MSGR_PROXY_PASSWORD\n"
        "  --verbose              the core's log on stderr\n"
        "\n"
        "Secrets are never read from the command line. Without a keychain (no Secret Service)\n"
        "the profile's key is wrapped under a passphrase: --passphrase-file, else the\n"
        "environment variable MSGR_PASSPHRASE (readable by your own processes and root; it is\n"
        "wiped once read), else stdin. From stdin, one line each: the passphrase first, then\n"
        "the password.\n"
        "\n"
        "Exit codes: 0 ok, 1 failure, 2 usage, 3 auth refused, 4 signed out (or already signed\n"
        "in), 5 profile locked (passphrase, keychain), 6 server unreachable or timed out\n"
        "(a message stays queued), 7 refused by the server, 8 user or chat not found,\n"
        "9 verification failed (secret-verify --scan), 10 the peer's key changed (confirm it\n"
        "with secret-verify --accept-key), 130 interrupted.\n");
}

ParsedCommandLine parseCommandLine(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, {});
    const QCommandLineOption version(QStringLiteral("version"), {});
    const QCommandLineOption profile(QStringLiteral("profile"), {}, QStringLiteral("DIR"));
    const QCommandLineOption server(QStringLiteral("server"), {}, QStringLiteral("URL"));
    const QCommandLineOption json(QStringLiteral("json"), {});
    const QCommandLineOption verbose(QStringLiteral("verbose"), {});
    const QCommandLineOption passwordFile(QStringLiteral("password-file"), {},
                                          QStringLiteral("FILE"));
    const QCommandLineOption passphraseFile(QStringLiteral("passphrase-file"), {},
                                            QStringLiteral("FILE"));
    const QCommandLineOption newPassphraseFile(QStringLiteral("new-passphrase-file"), {},
                                               QStringLiteral("FILE"));
    const QCommandLineOption lowMemory(QStringLiteral("low-memory-kdf"), {});
    const QCommandLineOption timeout(QStringLiteral("timeout"), {}, QStringLiteral("SECONDS"));
    const QCommandLineOption once(QStringLiteral("once"), {});
    const QCommandLineOption limit(QStringLiteral("limit"), {}, QStringLiteral("N"));
    const QCommandLineOption insecure(QStringLiteral("allow-insecure-ws"), {});
    const QCommandLineOption proxy(QStringLiteral("proxy"), {}, QStringLiteral("URL"));
    const QCommandLineOption device(QStringLiteral("device"), {}, QStringLiteral("ID"));
    const QCommandLineOption scan(QStringLiteral("scan"), {}, QStringLiteral("CODE"));
    const QCommandLineOption qr(QStringLiteral("qr"), {});
    const QCommandLineOption acceptKey(QStringLiteral("accept-key"), {});
    const QCommandLineOption replyTo(QStringLiteral("reply-to"), {}, QStringLiteral("ID"));
    const QCommandLineOption nameOption(QStringLiteral("name"), {}, QStringLiteral("NAME"));
    const QCommandLineOption aboutOption(QStringLiteral("about"), {}, QStringLiteral("TEXT"));
    const QCommandLineOption usernameOption(QStringLiteral("username"), {}, QStringLiteral("NAME"));
    const QCommandLineOption titleOption(QStringLiteral("title"), {}, QStringLiteral("TEXT"));
    const QCommandLineOption voiceMs(QStringLiteral("voice-ms"), {}, QStringLiteral("MS"));
    const QCommandLineOption waveform(QStringLiteral("waveform"), {}, QStringLiteral("HEX"));
    parser.addOptions({help,
                       version,
                       profile,
                       server,
                       json,
                       verbose,
                       passwordFile,
                       passphraseFile,
                       newPassphraseFile,
                       lowMemory,
                       timeout,
                       once,
                       limit,
                       insecure,
                       device,
                       scan,
                       qr,
                       acceptKey,
                       replyTo,
                       nameOption,
                       aboutOption,
                       usernameOption,
                       titleOption,
                       voiceMs,
                       waveform,
                       proxy});

    ParsedCommandLine out;
    if (!parser.parse(arguments)) {
        out.error = parser.errorText();
        return out;
    }
    if (parser.isSet(help)) {
        std::fputs(qPrintable(usageText()), stdout);
        out.printedHelp = true;
        return out;
    }
    if (parser.isSet(version)) {
        std::printf("msgr-cli %s\n", qPrintable(QCoreApplication::applicationVersion()));
        out.printedHelp = true;
        return out;
    }

    CliOptions o;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        out.error = QStringLiteral("no command given (try --help)");
        return out;
    }
    const QString name = positional.takeFirst();
    const CommandSpec *spec = nullptr;
    for (const CommandSpec &c : kCommands)
        if (name == QLatin1String(c.name))
            spec = &c;
    if (!spec) {
        out.error = QStringLiteral("unknown command \"%1\" (try --help)").arg(name);
        return out;
    }
    const bool argumentsFit = spec->arguments == kSubCommand           ? !positional.isEmpty()
                              : spec->arguments == kOptionalSubCommand ? positional.size() <= 2
                              : spec->arguments == kSubCommandOfAChat
                                  ? positional.size() >= 2
                                  : positional.size() == spec->arguments;
    if (!argumentsFit) {
        out.error =
            QStringLiteral("usage: msgr-cli [options] %1").arg(QLatin1String(spec->synopsis));
        return out;
    }
    o.command = spec->command;
    o.arguments = positional;

    if (!parser.isSet(profile) || parser.value(profile).isEmpty()) {
        out.error = QStringLiteral("--profile DIR is required");
        return out;
    }
    o.profileDir = parser.value(profile);
    o.serverUrl = QUrl(parser.isSet(server) ? parser.value(server) : QLatin1String(kDefaultServer));
    const QString scheme = o.serverUrl.scheme();
    if (!o.serverUrl.isValid() || o.serverUrl.host().isEmpty() ||
        (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        out.error = QStringLiteral("--server needs a ws:// or wss:// address, not \"%1\"")
                        .arg(parser.value(server));
        return out;
    }
    o.json = parser.isSet(json);
    o.verbose = parser.isSet(verbose);
    o.allowInsecureTransport = parser.isSet(insecure);
    if (parser.isSet(proxy)) {
        const QUrl asUrl(parser.value(proxy));
        if (!asUrl.password().isEmpty()) {
            // Anyone on the machine can read a command line (ps, /proc).
            out.error = QStringLiteral("--proxy: a password is never read from the command line; "
                                       "put it in %1")
                            .arg(QLatin1String(kProxyPasswordVariable));
            return out;
        }
        QString proxyError;
        const core::ProxySettings parsedProxy =
            core::parseProxyUrl(parser.value(proxy), &proxyError);
        if (!proxyError.isEmpty()) {
            out.error = QStringLiteral("--proxy: %1").arg(proxyError);
            return out;
        }
        o.proxy = parsedProxy;
    }
    o.passwordFile = parser.value(passwordFile);
    o.passphraseFile = parser.value(passphraseFile);
    o.newPassphraseFile = parser.value(newPassphraseFile);
    o.lowMemoryPassphrase = parser.isSet(lowMemory);
    o.once = parser.isSet(once);
    if (parser.isSet(timeout)) {
        const std::optional<int> t = boundedInt(parser.value(timeout), 1, kMaxTimeoutSeconds);
        if (!t) {
            out.error = QStringLiteral("--timeout takes 1 to %1 seconds").arg(kMaxTimeoutSeconds);
            return out;
        }
        o.timeoutSeconds = *t;
        o.timeoutGiven = true;
    }
    if (parser.isSet(limit)) {
        const std::optional<int> n = boundedInt(parser.value(limit), 1, kMaxHistoryLimit);
        if (!n) {
            out.error = QStringLiteral("--limit takes 1 to %1").arg(kMaxHistoryLimit);
            return out;
        }
        o.limit = *n;
    }
    if (parser.isSet(device)) {
        bool ok = false;
        o.deviceId = parser.value(device).toLongLong(&ok);
        if (!ok || o.deviceId < 1) {
            out.error = QStringLiteral("--device takes a device id (a positive number)");
            return out;
        }
        if (o.command != CommandName::SecretStart) {
            out.error = QStringLiteral("--device is an option of secret-start");
            return out;
        }
    }
    if (parser.isSet(voiceMs) || parser.isSet(waveform)) {
        if (o.command != CommandName::SecretSendFile || !parser.isSet(voiceMs)) {
            out.error =
                QStringLiteral("--voice-ms (and --waveform) are options of secret-send-file");
            return out;
        }
        bool ok = false;
        o.voiceDurationMs = parser.value(voiceMs).toLongLong(&ok);
        if (!ok || o.voiceDurationMs < 0 || o.voiceDurationMs > kMaxVoiceOptionMs) {
            out.error = QStringLiteral("--voice-ms takes 0 to %1").arg(kMaxVoiceOptionMs);
            return out;
        }
        const QByteArray hex = parser.value(waveform).toLatin1();
        o.voiceWaveform = QByteArray::fromHex(hex);
        if (hex.size() % 2 != 0 || o.voiceWaveform.toHex() != hex.toLower() ||
            o.voiceWaveform.size() > kMaxWaveformOptionBytes) {
            out.error = QStringLiteral("--waveform takes at most %1 bytes as hex digits")
                            .arg(kMaxWaveformOptionBytes);
            return out;
        }
    }
    if (parser.isSet(replyTo)) {
        bool ok = false;
        o.replyToId = parser.value(replyTo).toLongLong(&ok);
        if (!ok || o.replyToId < 1) {
            out.error = QStringLiteral("--reply-to takes a message id (a positive number)");
            return out;
        }
        if (o.command != CommandName::Send) {
            out.error = QStringLiteral("--reply-to is an option of send");
            return out;
        }
    }
    const bool profileOptions =
        parser.isSet(nameOption) || parser.isSet(aboutOption) || parser.isSet(usernameOption);
    if (profileOptions && o.command != CommandName::Channel && o.command != CommandName::Profile) {
        out.error = QStringLiteral(
            "--name, --about and --username are options of profile set and channel create");
        return out;
    }
    if (o.command == CommandName::Channel && parser.isSet(usernameOption)) {
        out.error = QStringLiteral("--username is an option of profile set");
        return out;
    }
    // --about and --name are shared with profile set, which checks its own (ProfileCommand).
    const QString channelSub = o.command == CommandName::Channel ? o.arguments.first() : QString();
    if (parser.isSet(titleOption) && channelSub != QLatin1String("edit")) {
        out.error = QStringLiteral("--title is an option of channel edit");
        return out;
    }
    if (o.command == CommandName::Channel &&
        (parser.isSet(aboutOption) || parser.isSet(nameOption))) {
        const bool edit = channelSub == QLatin1String("edit");
        if (channelSub != QLatin1String("create") && !(edit && !parser.isSet(nameOption))) {
            out.error = QStringLiteral("--about and --name are options of channel create "
                                       "(--about also of channel edit)");
            return out;
        }
        o.channelAbout = parser.value(aboutOption);
        o.channelSetsAbout = parser.isSet(aboutOption);
        o.channelName = parser.value(nameOption);
    }
    if (parser.isSet(titleOption))
        o.channelTitle = parser.value(titleOption);
    if ((parser.isSet(scan) || parser.isSet(qr) || parser.isSet(acceptKey)) &&
        o.command != CommandName::SecretVerify) {
        out.error = QStringLiteral("--scan, --qr and --accept-key are options of secret-verify");
        return out;
    }
    o.scan = parser.value(scan);
    if (parser.isSet(scan) && (o.scan.isEmpty() || o.scan.size() > kMaxScanChars)) {
        out.error = QStringLiteral("--scan takes a verification code (1 to %1 characters)")
                        .arg(kMaxScanChars);
        return out;
    }
    o.profileEdit.setsDisplayName = parser.isSet(nameOption);
    o.profileEdit.displayName = parser.value(nameOption);
    o.profileEdit.setsAbout = parser.isSet(aboutOption);
    o.profileEdit.about = parser.value(aboutOption);
    o.profileEdit.setsUsername = parser.isSet(usernameOption);
    o.profileEdit.username = parser.value(usernameOption);
    o.qr = parser.isSet(qr);
    o.acceptKey = parser.isSet(acceptKey);
    if (o.once && o.command != CommandName::Receive) {
        out.error = QStringLiteral("--once is an option of receive");
        return out;
    }
    out.options = o;
    return out;
}

} // namespace msgr::cli
