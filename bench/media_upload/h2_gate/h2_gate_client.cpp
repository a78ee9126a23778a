// Gate measurement: QNAM on a worker thread PUTs N MiB in 8 MiB QByteArray parts, one after
// another, over HTTP/1.1 or h2c (prior knowledge); prints this process's CPU seconds per GiB.
// Not built with the tree (a one-off measurement, bench/media_upload/RESULTS.md "HTTP/2 for the
// upload body"): g++ -O2 -std=c++17 -fPIC h2_gate_client.cpp -o h2_gate_client
//   $(pkg-config --cflags --libs Qt6Network Qt6Core)
// Run: h2_gate_client http://127.0.0.1:PORT/sink h1|h2 [parts, 8 MiB each; 128 = 1 GiB]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHttp2Configuration>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <sys/resource.h>

static double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

class Uploader : public QObject {
public:
    QUrl url;
    bool h2 = false;
    int parts = 128;
    int partMiB = 8;
    int sent = 0;
    QByteArray part;
    QNetworkAccessManager *nam = nullptr;
    double cpu0 = 0;
    QElapsedTimer wall;
    bool failed = false;
    void start() {
        nam = new QNetworkAccessManager(this);
        part = QByteArray(partMiB << 20, 'x');
        for (int i = 0; i < part.size(); i += 4096)
            part[i] = char(i * 131);
        cpu0 = cpuSeconds();
        wall.start();
        next();
    }
    void next() {
        if (sent == parts) {
            done();
            return;
        }
        QNetworkRequest req(url);
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, h2);
        req.setAttribute(QNetworkRequest::Http2DirectAttribute, h2);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/offset+octet-stream");
        QNetworkReply *r = nam->sendCustomRequest(req, "PUT", part);
        connect(r, &QNetworkReply::finished, this, [this, r] {
            r->deleteLater();
            if (r->error() != QNetworkReply::NoError) {
                fprintf(stderr, "error %s\n", qPrintable(r->errorString()));
                failed = true;
                done();
                return;
            }
            if (sent == 0 && !r->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() && h2)
                fprintf(stderr, "h2 NOT used\n");
            ++sent;
            next();
        });
    }
    void done() {
        const double cpu = cpuSeconds() - cpu0;
        const double gib = double(sent) * partMiB / 1024.0;
        printf("%s parts=%d cpu=%.2f s wall=%.2f s cpu_per_gib=%.2f\n", h2 ? "h2c" : "http1", sent,
               cpu, wall.elapsed() / 1000.0, cpu / gib);
        fflush(stdout);
        QCoreApplication::exit(failed ? 1 : 0);
    }
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    auto *up = new Uploader;
    up->url = QUrl(a.value(1));
    up->h2 = a.value(2) == "h2";
    up->parts = a.value(3, "128").toInt();
    QThread worker;
    up->moveToThread(&worker);
    worker.start();
    QMetaObject::invokeMethod(up, [up] { up->start(); });
    const int rc = app.exec();
    worker.quit();
    worker.wait();
    return rc;
}
