import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// A file message: its name and size, a progress bar while it uploads or downloads with a
// cancel button, and for a received file a download button, then "Save as".
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
    property string fileName
    property real fileSize: 0
    property string transferState
    property real transferProgress: 0
    property bool pending: false
    property bool highlighted: false
    // The message's other attachments (MessageListModel's moreAttachments).
    property var moreAttachments: []

    signal cancel
    signal download
    signal save
    signal retry
    // A picture among the other attachments was tapped: its attachment index (the viewer).
    signal openPicture(int index)

    readonly property bool moving: transferState === "running" || transferState === "queued"
                                   || transferState === "retrying"
    // Our upload stopped for good (the file changed, the server refused it): it can be resumed
    // from where it stopped, or cancelled.
    readonly property bool uploadFailed: root.pending && root.transferState === "failed"

    implicitHeight: bubble.height + 4
    implicitWidth: 200

    Rectangle {
        anchors.fill: parent
        color: Theme.accent
        opacity: root.highlighted ? 0.25 : 0
    }

    Rectangle {
        id: bubble
        objectName: "fileBubble"
        x: root.outgoing ? root.width - width - Theme.spacing : Theme.spacing
        y: 2
        width: Math.min(root.width * 0.75, 360)
        height: column.implicitHeight + 12
        radius: Theme.radius
        color: root.outgoing ? Theme.outgoingBubble : Theme.incomingBubble

        ColumnLayout {
            id: column
            x: 10
            y: 6
            width: bubble.width - 20
            spacing: 4

            Text {
                objectName: "forwardedLine"
                visible: root.forwardedFrom.length > 0
                Layout.fillWidth: true
                text: qsTr("Forwarded from %1").arg(root.forwardedFrom)
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
                font.italic: true
                elide: Text.ElideRight
            }
            Loader {
                Layout.fillWidth: true
                active: root.isReply
                visible: active
                sourceComponent: QuoteBlock {
                    objectName: "bubbleQuote"
                    senderName: root.replySenderName
                    excerpt: root.replyExcerpt
                    onClicked: root.quoteClicked()
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Text {
                    text: "\uD83D\uDCC4"
                    font.pixelSize: 24
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Text {
                        objectName: "fileName"
                        Layout.fillWidth: true
                        text: root.fileName
                        color: Theme.text
                        font.pixelSize: Theme.fontSize
                        elide: Text.ElideMiddle
                        textFormat: Text.PlainText
                    }
                    Text {
                        objectName: "fileSize"
                        text: Qt.locale().formattedDataSize(root.fileSize)
                        color: root.outgoing ? Theme.outgoingMeta : Theme.secondaryText
                        font.pixelSize: Theme.smallFontSize
                    }
                }
                ToolButton {
                    objectName: "fileRetry"
                    visible: root.uploadFailed
                    text: "\u21BB"
                    Accessible.name: qsTr("Retry upload")
                    onClicked: root.retry()
                }
                ToolButton {
                    objectName: "fileCancel"
                    visible: root.moving || root.uploadFailed
                    text: "\u2715"
                    Accessible.name: qsTr("Cancel")
                    onClicked: root.cancel()
                }
                ToolButton {
                    objectName: "fileDownload"
                    visible: !root.pending && !root.moving && root.transferState !== "done"
                    text: "\u2B07"
                    Accessible.name: qsTr("Download")
                    onClicked: root.download()
                }
                ToolButton {
                    objectName: "fileSave"
                    visible: !root.pending && root.transferState === "done"
                    text: qsTr("Save as…")
                    onClicked: root.save()
                }
            }
            ProgressBar {
                objectName: "fileProgress"
                Layout.fillWidth: true
                visible: root.moving
                value: root.transferProgress
            }
            MoreAttachments {
                Layout.fillWidth: true
                attachments: root.moreAttachments
                outgoing: root.outgoing
                onOpenPicture: index => root.openPicture(index)
            }
            Text {
                Layout.fillWidth: true
                visible: root.caption.length > 0
                text: root.caption
                color: Theme.text
                font.pixelSize: Theme.fontSize
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
            Row {
                Layout.alignment: Qt.AlignRight
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
