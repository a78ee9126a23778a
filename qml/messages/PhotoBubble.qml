import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// A photo message: the small thumbnail that came with the message, scaled up (a blurred
// preview) at once, then the full photo over it once downloaded (decrypted in memory by the
// app, never written out). While it uploads or downloads, a progress bar; a pending one can be
// cancelled. A click opens it in the viewer.
Item {
    id: root

    property bool outgoing: false
    property date date
    property int deliveryState: 0
    property string caption
    // A forwarded copy's first author (docs/protocol.md §19); "" otherwise.
    property string forwardedFrom
    // A reply: who wrote the quoted message and its start; a tap on the quote asks for it.
    property bool isReply: false
    property string replySenderName
    property string replyExcerpt

    signal quoteClicked
    property string thumbnail
    property string image
    property int photoWidth: 0
    property int photoHeight: 0
    property string transferState
    property real transferProgress: 0
    property bool pending: false
    property bool highlighted: false
    // The message's other attachments (MessageListModel's moreAttachments).
    property var moreAttachments: []

    signal open(string source)
    signal cancel
    signal retry
    // A picture among the other attachments was tapped: its attachment index (the viewer).
    signal openPicture(int index)

    // The same thumbnail blurred by the provider (core/messages/thumbnail_blur.h), scaled up.
    readonly property string blurredThumbnail: root.thumbnail.length > 0
        ? root.thumbnail.replace("image://msgr-thumbnail/", "image://msgr-thumbnail/blur/") : ""
    readonly property bool uploadFailed: root.pending && root.transferState === "failed"
    readonly property int maxPhotoWidth: Math.min(width * 0.7, 360)
    readonly property real aspect: photoWidth > 0 && photoHeight > 0 ? photoHeight / photoWidth
                                                                      : 0.75
    readonly property bool moving: transferState === "running" || transferState === "queued"
                                   || transferState === "retrying"

    implicitHeight: bubble.height + 4
    implicitWidth: 200

    Rectangle {
        anchors.fill: parent
        color: Theme.accent
        opacity: root.highlighted ? 0.25 : 0
    }

    Rectangle {
        id: bubble
        objectName: "photoBubble"
        x: root.outgoing ? root.width - width - Theme.spacing : Theme.spacing
        y: 2
        width: root.maxPhotoWidth + 8
        height: column.implicitHeight + 8
        radius: Theme.radius
        color: root.outgoing ? Theme.outgoingBubble : Theme.incomingBubble

        Column {
            id: column
            x: 4
            y: 4
            width: bubble.width - 8
            spacing: 4

            Text {
                objectName: "forwardedLine"
                visible: root.forwardedFrom.length > 0
                x: 4
                width: column.width - 8
                text: qsTr("Forwarded from %1").arg(root.forwardedFrom)
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
                font.italic: true
                elide: Text.ElideRight
            }
            Loader {
                x: 4
                width: column.width - 8
                active: root.isReply
                visible: active
                sourceComponent: QuoteBlock {
                    objectName: "bubbleQuote"
                    senderName: root.replySenderName
                    excerpt: root.replyExcerpt
                    onClicked: root.quoteClicked()
                }
            }
            Item {
                width: column.width
                height: Math.min(Math.round(width * root.aspect), 480)

                Image {
                    id: preview
                    objectName: "photoThumbnail"
                    anchors.fill: parent
                    source: root.blurredThumbnail
                    fillMode: Image.PreserveAspectCrop
                    smooth: true
                    asynchronous: true
                    visible: full.status !== Image.Ready
                }
                Image {
                    id: full
                    objectName: "photoFull"
                    anchors.fill: parent
                    source: root.image
                    fillMode: Image.PreserveAspectCrop
                    asynchronous: true
                    sourceSize.width: 720
                }
                ProgressBar {
                    objectName: "photoProgress"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    anchors.margins: 8
                    visible: root.moving
                    value: root.transferProgress
                }
                Row {
                    anchors.centerIn: parent
                    spacing: Theme.spacing
                    RoundButton {
                        objectName: "photoRetry"
                        visible: root.uploadFailed
                        text: "\u21BB"
                        Accessible.name: qsTr("Retry upload")
                        onClicked: root.retry()
                    }
                    RoundButton {
                        objectName: "photoCancel"
                        visible: root.pending && (root.moving || root.uploadFailed)
                        text: "\u2715"
                        Accessible.name: qsTr("Cancel")
                        onClicked: root.cancel()
                    }
                }
                MouseArea {
                    anchors.fill: parent
                    enabled: full.status === Image.Ready
                    onClicked: root.open(root.image)
                }
            }
            MoreAttachments {
                x: 4
                width: column.width - 8
                attachments: root.moreAttachments
                outgoing: root.outgoing
                onOpenPicture: index => root.openPicture(index)
            }
            Text {
                width: column.width
                visible: root.caption.length > 0
                text: root.caption
                color: Theme.text
                font.pixelSize: Theme.fontSize
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
            Row {
                anchors.right: parent.right
                spacing: 4
                Text {
                    text: root.date.toLocaleTimeString(Qt.locale(), "hh:mm")
                    color: root.outgoing ? Theme.outgoingMeta : Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize - 1
                }
                DeliveryMark {
                    visible: root.outgoing && glyph.length > 0
                    deliveryState: root.deliveryState
                    baseColor: Theme.outgoingMeta
                }
            }
        }
    }
}
