#pragma once
//! The files the user attached but has not sent yet (Telegram's preview above the composer):
//! picked, dropped or pasted files land here first, each shown with its name, size and, for a
//! picture, a small thumbnail; the user removes some or all of them, writes a caption in the
//! message field, and Send sends ONE message with every file listed and the caption
//! (MessageListModel::sendFiles with takeUrls()). At most kMaxFiles (the protocol's
//! kMaxAttachments per message): a file past that, an unreadable one, or one too large is
//! refused and `refusal` says why, for the user to see.
//!
//! Each file is described (size, kind, thumbnail: core/media/attachment_description.h) on the
//! global thread pool: adding never reads the disk on the GUI thread. A row shows its name at
//! once and its size and thumbnail once described (`ready`).
//!
//! Thread affinity: GUI thread.
#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class ComposerFiles : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    //! How many files one message carries (the protocol's cap).
    Q_PROPERTY(int maxFiles READ maxFiles CONSTANT)
    //! Why the last file was not taken, in the user's language; "" when none was refused since
    //! the list was last emptied or added to without refusal.
    Q_PROPERTY(QString refusal READ refusal NOTIFY refusalChanged)
    //! Every listed file has been described (sending waits for nothing but the uploads).
    Q_PROPERTY(bool ready READ ready NOTIFY readyChanged)
public:
    enum Role {
        UrlRole = Qt::UserRole + 1, //!< the file as a local file URL
        NameRole,
        SizeRole,      //!< bytes as a double for QML; 0 until described
        KindRole,      //!< "photo", "video", "file"...; "" until described
        ThumbnailRole, //!< an image:// URL of the picture's thumbnail; "" for other files
        ReadyRole,     //!< described
    };
    Q_ENUM(Role)

    explicit ComposerFiles(QObject *parent = nullptr);
    ~ComposerFiles() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_files.size()); }
    static int maxFiles();
    const QString &refusal() const { return m_refusal; }
    bool ready() const;

    //! Lists these files (local file URLs or paths) after the ones listed; past maxFiles the
    //! rest are refused (`refusal` says so). Returns how many were listed.
    Q_INVOKABLE int add(const QVariantList &files);
    //! Paste: lists the files the clipboard holds (copied in a file manager) and returns true;
    //! false when it holds none (the text field pastes text then).
    Q_INVOKABLE bool addFromClipboard();
    Q_INVOKABLE void remove(int row);
    //! Empties the list (Esc, the clear button, another chat opened).
    Q_INVOKABLE void clear();
    //! The listed files as URLs, in order, and an empty list: what Send sends.
    Q_INVOKABLE QVariantList takeUrls();

signals:
    void countChanged();
    void refusalChanged();
    void readyChanged();

private:
    struct File {
        quint64 serial = 0; //!< matches a description to its row (rows move on removal)
        QString path;
        QString name;
        qint64 size = 0;
        QString kind;
        QString thumbnail;
        bool ready = false;
    };
    void describe(const File &file);
    void setRefusal(const QString &reason);

    QList<File> m_files;
    QString m_refusal;
};

} // namespace msgr::core
