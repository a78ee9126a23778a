#include "cli/termination_signals.h"

#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace msgr::cli {
namespace {

// [0]: written by the handler; [1]: read on the main thread. Process-wide, as handlers are.
std::array<int, 2> g_pair = {-1, -1};
constexpr std::array<int, 2> kSignals = {SIGINT, SIGTERM};

extern "C" void onTerminationSignal(int signalNumber) {
    const int savedErrno = errno; // the interrupted code may be about to read errno
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t written = ::write(g_pair[0], &byte, 1);
    errno = savedErrno;
}

bool setHandler(int signalNumber, void (*handler)(int)) {
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signalNumber, &action, nullptr) == 0;
}

} // namespace

TerminationSignals::TerminationSignals(QObject *parent) : QObject(parent) {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pair.data()) != 0)
        return;
    // A full pair must never block the handler; a lost byte after the first changes nothing.
    ::fcntl(g_pair[0], F_SETFL, ::fcntl(g_pair[0], F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(g_pair[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminationSignals::drain);
    m_installed = true;
    for (const int s : kSignals)
        m_installed = setHandler(s, onTerminationSignal) && m_installed;
}

TerminationSignals::~TerminationSignals() {
    for (const int s : kSignals)
        setHandler(s, SIG_DFL);
    delete m_notifier;
    for (int &fd : g_pair) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

int TerminationSignals::pendingFd() const {
    return g_pair[1];
}

void TerminationSignals::drain() {
    unsigned char byte = 0;
    if (::read(g_pair[1], &byte, 1) == 1)
        emit received(int(byte));
}

} // namespace msgr::cli
