#include "core/preferences/preferences_writer.h"

#include <QMetaObject>
#include <QSettings>
#include <memory>

namespace msgr::core {
std::unique_ptr<QSettings> PreferencesWriter::openSettings(const QString &settingsPath) {
    if (settingsPath.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(settingsPath, QSettings::IniFormat);
}

PreferencesWriter::PreferencesWriter(const QString &settingsPath, QObject *parent)
    : QObject(parent), m_settingsPath(settingsPath), m_worker(new QObject) {
    m_thread.setObjectName(QStringLiteral("preferences"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

PreferencesWriter::~PreferencesWriter() {
    // QThread::quit() ends the loop without running the events still queued, so the quit is
    // itself queued behind the writes already posted: they all run first.
    QMetaObject::invokeMethod(m_worker, [this] { m_thread.quit(); });
    m_thread.wait();
}

void PreferencesWriter::write(const QString &key, const QVariant &value) {
    QMetaObject::invokeMethod(m_worker, [this, path = m_settingsPath, key, value] {
        const std::unique_ptr<QSettings> settings = openSettings(path);
        settings->setValue(key, value);
        settings->sync();
        const bool ok = settings->status() == QSettings::NoError;
        // Back to the writer's thread; dropped if the writer is being destroyed meanwhile.
        QMetaObject::invokeMethod(
            this, [this, key, ok] { emit saved(key, ok); }, Qt::QueuedConnection);
    });
}

} // namespace msgr::core
