import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// One row of the message list: a day separator when the message opens a new day, then the
// message itself: a text bubble, a photo bubble, a player for a voice message, an audio file or
// a video (MediaBubble), or a file bubble, each its own component in its own Loader; under a
// refused message, why and what can be done.
Column {
    id: row

    property double localId: 0
    // The server's id (0 while pending) and whether the sender edited it.
    property double messageId: 0
    property bool edited: false
    property string text
    property bool outgoing: false
    property int deliveryState: 0
    property date date
    property bool dayStart: false
    property string senderName
    // Text selectable with the mouse (the desktop layout); in the phone layout drags scroll.
    property bool textSelectable: true
    // Shown for a moment after a jump to this message (from history search).
    property bool highlighted: false
    // The first attachment ("" without one) and its transfer (MessageListModel's roles).
    property string attachmentKind
    property string attachmentName
    property real attachmentSize: 0
    property int attachmentWidth: 0
    property int attachmentHeight: 0
    property string thumbnail
    property string image
    property string transferState
    property real transferProgress: 0
    property bool pending: false
    // Voice, audio, video: the cached file to play, its length, a voice message's levels, and
    // the session's context the player reads the cache through.
    property string fileId
    property real attachmentDuration: 0
    property var waveform: []
    // The attachments after the first (their kind, name, size and thumbnail).
    property var moreAttachments: []
    property var mediaContext: null
    // Why the server refused this message ("" unless it did) and whether sending again may help.
    property string failure
    property bool retryable: false
    // docs/protocol.md §19: the quoted message's server id (0: not a reply), its sender and
    // text; the first author of a forwarded copy ("" otherwise).
    property double replyToId: 0
    property string replySenderName
    property string replyExcerpt
    property string forwardedFrom
    // A group's service message in words ("Ann added Bob"): shown centred, without a bubble.
    property string serviceText
    // A photoChanged service message: the new photo, shown small under its words (§24).
    property string servicePhotoUrl
    readonly property bool isService: row.serviceText.length > 0
    readonly property bool isPlayable: row.mediaContext !== null
                                       && (row.attachmentKind === "voice" || row.attachmentKind === "audio"
                                           || row.attachmentKind === "video")
    // A channel post's comments (docs/protocol.md §22): its count; -1 (not a post) hides the
    // "N comments" / "Leave a comment" button under it.
    property int commentCount: -1

    signal cancelRequested
    signal retryRequested
    // A failed upload of ours: resume it from where it stopped.
    signal retryUploadRequested
    signal downloadRequested
    signal saveRequested
    // A photo of the message was tapped: its attachment index (0: the first), for the viewer.
    signal openPicture(int index)
    // The quote of a reply was tapped: show the original.
    signal quoteClicked
    // The post's comments button: open its thread.
    signal commentsRequested
    // Right-click (desktop) or long-press (touch) at (x, y) in the row: the message menu.
    signal menuRequested(real x, real y)

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: eventPoint => row.menuRequested(eventPoint.position.x, eventPoint.position.y)
    }
    TapHandler {
        acceptedDevices: PointerDevice.TouchScreen
        onLongPressed: row.menuRequested(point.position.x, point.position.y)
    }

    Loader {
        width: row.width
        active: row.dayStart
        visible: active
        sourceComponent: DaySeparator {
            day: row.date
        }
    }

    Loader {
        width: row.width
        active: row.isService
        visible: active
        sourceComponent: Item {
            implicitHeight: serviceLabel.implicitHeight + 12
                            + (row.servicePhotoUrl.length > 0 ? servicePhoto.height + 6 : 0)
            Avatar {
                id: servicePhoto
                objectName: "servicePhoto"
                visible: row.servicePhotoUrl.length > 0
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.bottom: parent.bottom
                anchors.bottomMargin: 3
                size: 56
                photo: row.servicePhotoUrl
            }
            Rectangle {
                anchors.horizontalCenter: parent.horizontalCenter
                y: (serviceLabel.implicitHeight + 12 - height) / 2
                width: serviceLabel.contentWidth + 20
                height: serviceLabel.implicitHeight + 6
                radius: height / 2
                color: Theme.divider
            }
            Label {
                id: serviceLabel
                objectName: "serviceMessage"
                anchors.horizontalCenter: parent.horizontalCenter
                y: 6
                width: row.width - 48
                text: row.serviceText
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                color: Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
            }
        }
    }

    Loader {
        width: row.width
        active: row.attachmentKind.length === 0 && !row.isService
        visible: active
        sourceComponent: MessageBubble {
            text: row.text
            outgoing: row.outgoing
            deliveryState: row.deliveryState
            date: row.date
            senderName: row.senderName
            highlighted: row.highlighted
            selectable: row.textSelectable
            edited: row.edited
            isReply: row.replyToId > 0
            replySenderName: row.replySenderName
            replyExcerpt: row.replyExcerpt
            forwardedFrom: row.forwardedFrom
            onQuoteClicked: row.quoteClicked()
        }
    }

    Loader {
        width: row.width
        active: row.attachmentKind === "photo"
        visible: active
        sourceComponent: PhotoBubble {
            outgoing: row.outgoing
            deliveryState: row.deliveryState
            date: row.date
            caption: row.text
            forwardedFrom: row.forwardedFrom
            isReply: row.replyToId > 0
            replySenderName: row.replySenderName
            replyExcerpt: row.replyExcerpt
            onQuoteClicked: row.quoteClicked()
            thumbnail: row.thumbnail
            image: row.image
            photoWidth: row.attachmentWidth
            photoHeight: row.attachmentHeight
            transferState: row.transferState
            transferProgress: row.transferProgress
            pending: row.pending
            highlighted: row.highlighted
            moreAttachments: row.moreAttachments
            onCancel: row.cancelRequested()
            onRetry: row.retryUploadRequested()
            onOpen: row.openPicture(0)
            onOpenPicture: index => row.openPicture(index)
        }
    }

    Loader {
        width: row.width
        active: row.isPlayable
        visible: active
        sourceComponent: MediaBubble {
            kind: row.attachmentKind
            mediaContext: row.mediaContext
            fileId: row.fileId
            fileName: row.attachmentName
            fileSize: row.attachmentSize
            durationMs: row.attachmentDuration
            thumbnail: row.thumbnail
            videoWidth: row.attachmentWidth
            videoHeight: row.attachmentHeight
            waveform: row.waveform
            outgoing: row.outgoing
            deliveryState: row.deliveryState
            date: row.date
            caption: row.text
            forwardedFrom: row.forwardedFrom
            isReply: row.replyToId > 0
            replySenderName: row.replySenderName
            replyExcerpt: row.replyExcerpt
            onQuoteClicked: row.quoteClicked()
            transferState: row.transferState
            transferProgress: row.transferProgress
            pending: row.pending
            highlighted: row.highlighted
            moreAttachments: row.moreAttachments
            onCancel: row.cancelRequested()
            onRetry: row.retryUploadRequested()
            onOpenPicture: index => row.openPicture(index)
        }
    }

    Loader {
        width: row.width
        active: row.attachmentKind.length > 0 && row.attachmentKind !== "photo" && !row.isPlayable
        visible: active
        sourceComponent: FileBubble {
            outgoing: row.outgoing
            deliveryState: row.deliveryState
            date: row.date
            caption: row.text
            forwardedFrom: row.forwardedFrom
            isReply: row.replyToId > 0
            replySenderName: row.replySenderName
            replyExcerpt: row.replyExcerpt
            onQuoteClicked: row.quoteClicked()
            fileName: row.attachmentName
            fileSize: row.attachmentSize
            transferState: row.transferState
            transferProgress: row.transferProgress
            pending: row.pending
            highlighted: row.highlighted
            moreAttachments: row.moreAttachments
            onCancel: row.cancelRequested()
            onRetry: row.retryUploadRequested()
            onDownload: row.downloadRequested()
            onSave: row.saveRequested()
            onOpenPicture: index => row.openPicture(index)
        }
    }

    Loader {
        width: row.width
        active: row.commentCount >= 0 && !row.isService
        visible: active
        sourceComponent: Item {
            implicitHeight: commentsButton.implicitHeight + 4
            Button {
                id: commentsButton
                objectName: "commentsButton"
                x: Theme.spacing
                flat: true
                font.pixelSize: Theme.smallFontSize
                text: row.commentCount > 0 ? qsTr("%n comment(s)", "", row.commentCount)
                                           : qsTr("Leave a comment")
                onClicked: row.commentsRequested()
            }
        }
    }

    Loader {
        width: row.width
        active: row.failure.length > 0
        visible: active
        sourceComponent: FailedMessageBar {
            reason: row.failure
            canRetry: row.retryable && row.pending
            // A refused message never reached the server: deleting it is local. (A refused
            // secret message is stored as sent; deleting sent messages is a message action.)
            canDelete: row.pending
            onRetry: row.retryRequested()
            onRemove: row.cancelRequested()
        }
    }
}
