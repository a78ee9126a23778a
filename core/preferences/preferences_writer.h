#pragma once
//! Saves preferences to a QSettings file on a thread of its own: QSettings writes (and fsyncs)
//! on the thread that uses it, and that must not be the GUI thread. Writes are applied in the
//! order they were asked for; the destructor finishes the pending ones before it returns, so a
//! choice made just before quitting is not lost.
//!
//! Thread affinity: made and called on one thread (the GUI thread); the file work runs on the
//! writer's own thread.
#include <QObject>
#include <QString>
#include <QThread>
#include <QVariant>
#include <memory>

class QSettings;

namespace msgr::core {

class PreferencesWriter : public QObject {
    Q_OBJECT
public:
    //! `settingsPath` empty: the application's default QSettings (organisation and name set by
    //! main()); otherwise that INI file (tests, portable installs).
    explicit PreferencesWriter(const QString &settingsPath, QObject *parent = nullptr);
    ~PreferencesWriter() override;

    //! Queues `key` = `value`; saved() follows once it is on disk.
    void write(const QString &key, const QVariant &value);

    //! The settings file the writer uses for `settingsPath`, for a reader (start-up only).
    static std::unique_ptr<QSettings> openSettings(const QString &settingsPath);

signals:
    //! `key` is written and flushed (status OK) or could not be (ok false; the file's status).
    void saved(const QString &key, bool ok);

private:
    QString m_settingsPath;
    QThread m_thread;
    QObject *m_worker; // lives on m_thread
};

} // namespace msgr::core
