#include "core/messages/composer_files.h"

#include "core/messages/attachment_kind_name.h"

#include "core/media/attachment_description.h"
#include "core/messages/thumbnail_images.h"
#include "protocol/limits.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMimeData>
#include <QPointer>
#include <QQmlEngine>
#include <QThreadPool>
#include <algorithm>
#include <atomic>

namespace msgr::core {
namespace composer_files_detail {

//! Serials are process-wide: they name the thumbnails in the shared ThumbnailImages store,
//! where two accounts' composers must not meet.
quint64 nextSerial() {
    static std::atomic<quint64> serial{0};
    return ++serial;
}

} // namespace composer_files_detail

ComposerFiles::ComposerFiles(QObject *parent) : QAbstractListModel(parent) {}

ComposerFiles::~ComposerFiles() = default;

int ComposerFiles::maxFiles() {
    return protocol::kMaxAttachments;
}

bool ComposerFiles::ready() const {
    return std::all_of(m_files.cbegin(), m_files.cend(), [](const File &f) { return f.ready; });
}

int ComposerFiles::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_files.size());
}

QVariant ComposerFiles::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_files.size())
        return {};
    const File &f = m_files[index.row()];
    switch (role) {
    case UrlRole:
        return QUrl::fromLocalFile(f.path);
    case NameRole:
        return f.name;
    case SizeRole:
        return double(f.size);
    case KindRole:
        return f.kind;
    case ThumbnailRole:
        return f.thumbnail;
    case ReadyRole:
        return f.ready;
    default:
        return {};
    }
}

QHash<int, QByteArray> ComposerFiles::roleNames() const {
    return {{UrlRole, "url"},   {NameRole, "name"},           {SizeRole, "size"},
            {KindRole, "kind"}, {ThumbnailRole, "thumbnail"}, {ReadyRole, "ready"}};
}

int ComposerFiles::add(const QVariantList &files) {
    // The thumbnails' provider: installed by the message model too, but this list may be
    // shown before any message is.
    if (QQmlEngine *engine = qmlEngine(this))
        ThumbnailImages::installInto(engine);
    QList<File> taken;
    QString refused;
    for (const QVariant &file : files) {
        const QUrl url = file.toUrl();
        const QString path = url.isLocalFile() ? url.toLocalFile() : file.toString();
        if (path.isEmpty())
            continue;
        const QString name = QFileInfo(path).fileName(); // the path's last part: no disk read
        if (m_files.size() + taken.size() >= maxFiles()) {
            refused =
                tr("At most %n files in one message: %1 was not added.", "", maxFiles()).arg(name);
            break;
        }
        File f;
        f.serial = composer_files_detail::nextSerial();
        f.path = path;
        f.name = name;
        taken.append(f);
    }
    setRefusal(refused);
    if (taken.isEmpty())
        return 0;
    const bool wasReady = ready();
    beginInsertRows({}, int(m_files.size()), int(m_files.size() + taken.size()) - 1);
    m_files.append(taken);
    endInsertRows();
    emit countChanged();
    if (wasReady)
        emit readyChanged();
    for (const File &f : std::as_const(taken))
        describe(f);
    return int(taken.size());
}

bool ComposerFiles::addFromClipboard() {
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    if (!data || !data->hasUrls())
        return false;
    QVariantList files;
    for (const QUrl &url : data->urls())
        if (url.isLocalFile())
            files.append(url);
    if (files.isEmpty())
        return false;
    add(files);
    return true;
}

void ComposerFiles::describe(const File &file) {
    QPointer<ComposerFiles> self(this);
    // Reading the file's size and type and decoding a picture for its thumbnail: disk work.
    QThreadPool::globalInstance()->start([self, serial = file.serial, path = file.path] {
        QString error;
        const std::optional<AttachmentDraft> draft = describeFileForSending(path, &error);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, serial, draft, error] {
                if (!self)
                    return;
                const auto it =
                    std::find_if(self->m_files.begin(), self->m_files.end(),
                                 [serial](const File &f) { return f.serial == serial; });
                if (it == self->m_files.end())
                    return; // removed meanwhile
                const int row = int(it - self->m_files.begin());
                if (!draft) {
                    self->remove(row);
                    self->setRefusal(error);
                    return;
                }
                File &f = *it;
                f.size = draft->attachment.size;
                f.kind = attachmentKindName(draft->attachment.kind);
                f.thumbnail = ThumbnailImages::put(QStringLiteral("composer-%1").arg(serial),
                                                   draft->attachment.thumbnail);
                f.ready = true;
                emit self->dataChanged(self->index(row), self->index(row));
                if (self->ready())
                    emit self->readyChanged();
            },
            Qt::QueuedConnection);
    });
}

void ComposerFiles::remove(int row) {
    if (row < 0 || row >= m_files.size())
        return;
    const bool wasReady = ready();
    beginRemoveRows({}, row, row);
    m_files.removeAt(row);
    endRemoveRows();
    emit countChanged();
    if (ready() != wasReady)
        emit readyChanged();
}

void ComposerFiles::clear() {
    setRefusal({});
    if (m_files.isEmpty())
        return;
    const bool wasReady = ready();
    beginResetModel();
    m_files.clear();
    endResetModel();
    emit countChanged();
    if (!wasReady)
        emit readyChanged();
}

QVariantList ComposerFiles::takeUrls() {
    QVariantList urls;
    for (const File &f : std::as_const(m_files))
        urls.append(QUrl::fromLocalFile(f.path));
    clear();
    return urls;
}

void ComposerFiles::setRefusal(const QString &reason) {
    if (m_refusal == reason)
        return;
    m_refusal = reason;
    emit refusalChanged();
}

} // namespace msgr::core
