#include "cli/secret_input.h"

#include "crypto/sodium.h"

#include <QFile>
#include <QFileInfo>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace msgr::cli {
namespace {

SecretRead failed(const QString &why) {
    return {SecretRead::Status::Failed, {}, why};
}

//! The UTF-8 bytes become the QString; the byte buffer is zeroed in place.
SecretRead accepted(QByteArray &bytes, const QString &warning = {}) {
    while (bytes.endsWith('\n') || bytes.endsWith('\r'))
        bytes.chop(1);
    SecretRead out;
    if (bytes.isEmpty()) {
        out = failed(QStringLiteral("it is empty"));
    } else {
        out.status = SecretRead::Status::Ok;
        out.value = QString::fromUtf8(bytes);
        out.message = warning;
    }
    crypto::wipe(bytes);
    return out;
}

//! Turns terminal echo off for its lifetime (when stdin is a terminal).
class EchoOff {
public:
    EchoOff() {
        if (::tcgetattr(STDIN_FILENO, &m_saved) != 0)
            return;
        termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (m_active)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    termios m_saved = {};
    bool m_active = false;
};

enum class ByteRead { Byte, EndOfFile, Cancelled, Error };

//! One byte of stdin (unbuffered: what follows stays for the next reader), waiting in poll()
//! on stdin and `cancelFd` together.
ByteRead readByte(char *byte, int cancelFd) {
    for (;;) {
        std::array<pollfd, 2> fds = {pollfd{STDIN_FILENO, POLLIN, 0}, pollfd{cancelFd, POLLIN, 0}};
        const int ready = ::poll(fds.data(), cancelFd >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR)
                continue; // a signal: the next poll sees cancelFd readable if it was ours
            return ByteRead::Error;
        }
        if (cancelFd >= 0 && (fds[1].revents & POLLIN) != 0)
            return ByteRead::Cancelled; // the byte stays for TerminationSignals
        if (fds[0].revents == 0)
            continue;
        const ssize_t n = ::read(STDIN_FILENO, byte, 1);
        if (n == 1)
            return ByteRead::Byte;
        if (n == 0)
            return ByteRead::EndOfFile;
        if (errno != EINTR && errno != EAGAIN)
            return ByteRead::Error;
    }
}

//! Reads up to a newline (`untilNewline`) or end of file, at most `limit` bytes.
SecretRead readStdin(int cancelFd, bool untilNewline, int limit) {
    QByteArray bytes;
    bytes.reserve(untilNewline ? kMaxSecretBytes : 4096);
    for (;;) {
        char c = 0;
        switch (readByte(&c, cancelFd)) {
        case ByteRead::Cancelled:
            crypto::wipe(bytes);
            return {SecretRead::Status::Cancelled, {}, QStringLiteral("interrupted")};
        case ByteRead::Error:
            crypto::wipe(bytes);
            return failed(QStringLiteral("stdin cannot be read: %1")
                              .arg(QString::fromLocal8Bit(std::strerror(errno))));
        case ByteRead::EndOfFile:
            if (bytes.isEmpty())
                return failed(QStringLiteral("stdin ended before it"));
            return accepted(bytes);
        case ByteRead::Byte:
            if (untilNewline && c == '\n')
                return accepted(bytes);
            if (bytes.size() >= limit) {
                crypto::wipe(bytes);
                return failed(QStringLiteral("it is longer than %1 bytes").arg(limit));
            }
            bytes.append(c);
            break;
        }
    }
}

} // namespace

bool stdinIsTerminal() {
    return ::isatty(STDIN_FILENO) == 1;
}

SecretRead readSecretFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failed(QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString()));
    QByteArray line = file.readLine(kMaxSecretBytes + 2);
    if (line.size() > kMaxSecretBytes && !line.endsWith('\n')) {
        crypto::wipe(line);
        return failed(QStringLiteral("the first line of %1 is longer than %2 bytes")
                          .arg(path)
                          .arg(kMaxSecretBytes));
    }
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::ReadOther;
    const QString warning = (QFileInfo(path).permissions() & others)
                                ? QStringLiteral("%1 can be read by other users").arg(path)
                                : QString();
    SecretRead out = accepted(line, warning);
    if (out.status == SecretRead::Status::Failed)
        out.message = QStringLiteral("the first line of %1 is empty").arg(path);
    return out;
}

SecretRead readSecretLine(const QString &prompt, int cancelFd) {
    if (!stdinIsTerminal())
        return readStdin(cancelFd, true, kMaxSecretBytes);
    std::fputs(qPrintable(prompt), stderr);
    std::fflush(stderr);
    SecretRead out;
    {
        const EchoOff quiet;
        out = readStdin(cancelFd, true, kMaxSecretBytes);
    }
    std::fputs("\n", stderr); // the user's Enter was not echoed
    return out;
}

SecretRead takeSecretFromEnvironment(const char *name) {
    char *value = std::getenv(name);
    if (!value)
        return failed(QStringLiteral("%1 is not set").arg(QLatin1String(name)));
    QByteArray bytes(value);
    // The variable's bytes live in the process's environment block; zero them before removing
    // the entry, so they are gone from memory and from /proc/<pid>/environ.
    std::memset(value, 0, std::strlen(value));
    ::unsetenv(name);
    return accepted(bytes);
}

SecretRead readAllStdin(int cancelFd) {
    return readStdin(cancelFd, false, kMaxStdinTextBytes);
}

} // namespace msgr::cli
