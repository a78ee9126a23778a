// A headless client that runs the UploadManager over a profile folder until its one upload is
// done: the process tst_media_uploads kills (SIGKILL) in the middle of an upload and starts
// again, to prove an app restart resumes without resending confirmed parts.
//
//   media_upload_runner <profile dir> <server url> <token> <file> <part size> [<parallel parts>]
//
// Adds <file> unless the profile already has an upload; prints one line per report:
// "resumed <confirmed offset>" for an upload found in the profile, "progress <confirmed>",
// then "done <file id>" (exit 0) or "failed <reason>" (exit 1).
// With MSGR_UPLOAD_DIE_AT=<point> (UploadSettings::checkpoint: "final-answered",
// "last-part-answered") the process ends at once at that point, like a kill: "died <point>",
// exit 9, nothing saved.
#include "core/media/upload_manager.h"
#include "storage/profile_store.h"

#include <QCoreApplication>
#include <QThread>
#include <QUrl>
#include <cstdio>
#include <cstdlib>

using namespace msgr;

namespace {
void say(const QByteArray &line) {
    std::fputs((line + '\n').constData(), stdout);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6 && args.size() != 7) {
        say("usage: media_upload_runner <profile> <server url> <token> <file> <part size> "
            "[<parallel parts>]");
        return 2;
    }
    core::UploadSettings settings;
    settings.partSize = args.at(5).toLongLong();
    if (args.size() == 7) { // every file of more than one part goes as partial uploads
        settings.parallelParts = args.at(6).toInt();
        settings.parallelMinBytes = settings.partSize + 1;
    }
    settings.progressIntervalMs = 20;
    settings.maxRetryDelayMs = 1000;
    const QByteArray dieAt = qgetenv("MSGR_UPLOAD_DIE_AT");
    if (!dieAt.isEmpty()) {
        settings.checkpoint = [dieAt](const char *point) {
            if (dieAt != point)
                return;
            say("died " + dieAt);
            std::_Exit(9); // no destructor, no queued profile write: as abrupt as SIGKILL
        };
    }

    storage::ProfileStore store;
    QThread transferThread;
    transferThread.start();
    auto *manager = new core::UploadManager(&store, settings);
    manager->moveToThread(&transferThread);
    bool loaded = false;
    bool any = false;
    QObject::connect(
        manager, &core::UploadManager::transferChanged, &app,
        [&](const core::TransferProgress &p) {
            any = true;
            if (!loaded)
                say("resumed " + QByteArray::number(p.bytesConfirmed));
            else
                say("progress " + QByteArray::number(p.bytesConfirmed));
            if (p.state == core::TransferState::Done) {
                say("done " + p.fileId.toLatin1());
                app.exit(0);
            } else if (p.state == core::TransferState::Failed) {
                say("failed " + p.error.toUtf8());
                app.exit(1);
            }
        },
        Qt::QueuedConnection);
    QObject::connect(
        manager, &core::UploadManager::loaded, &app,
        [&] {
            loaded = true;
            if (!any)
                manager->addUpload(args.at(4));
        },
        Qt::QueuedConnection);
    QObject::connect(
        manager, &core::UploadManager::addRefused, &app,
        [&](const QString &, const QString &reason) {
            say("failed " + reason.toUtf8());
            app.exit(1);
        },
        Qt::QueuedConnection);

    store.open(args.at(1), QByteArray(32, '\x5a'), &app, [&](const storage::OpenResult &result) {
        if (!result.ok()) {
            say("failed the profile did not open");
            app.exit(2);
            return;
        }
        manager->setServer(QUrl(args.at(2)), args.at(3));
        manager->start();
    });
    const int code = app.exec();
    QMetaObject::invokeMethod(
        manager, [manager] { delete manager; }, Qt::BlockingQueuedConnection);
    transferThread.quit();
    transferThread.wait();
    return code;
}
