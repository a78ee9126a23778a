// msgr-seed-supergroup DATA_DIR TITLE MEMBERS: writes a supergroup of MEMBERS plain members and
// its owner into a server's data directory before the server starts (supergroup_seed.h), and
// prints its chat id and the owner's and one member's session tokens, one a line. For the
// client tests, which cannot link the server's store beside the client's encrypted one (two
// SQLite builds in one process).
#include "tests/integration/supergroup_seed.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    bool ok = false;
    const int members = args.size() == 4 ? args.at(3).toInt(&ok) : 0;
    QTextStream err(stderr);
    if (!ok || members < 1 || members > 200'000) {
        err << "usage: msgr-seed-supergroup DATA_DIR TITLE MEMBERS (1..200000)\n";
        return 2;
    }
    QString error;
    const msgr::test::SeededSupergroup seeded =
        msgr::test::seedSupergroup(args.at(1), args.at(2), members, &error);
    if (!error.isEmpty()) {
        err << error << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << seeded.chatId << '\n' << seeded.ownerToken << '\n' << seeded.memberToken << '\n';
    return 0;
}
