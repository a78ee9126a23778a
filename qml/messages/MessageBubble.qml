import QtQuick
import Messenger.Messages
import Messenger.Ui.Common

// One text message: a bubble on the right for outgoing, on the left for incoming, with its time
// and, for outgoing messages, the delivery mark. The text can be selected with the mouse and
// copied (Ctrl+C); web and e-mail addresses in it are links (MessageText: nothing the sender
// typed is markup).
Item {
    id: root

    property string text
    property bool outgoing: false
    property int deliveryState: 0
    property date date
    // Shown above the text in incoming bubbles of group chats; empty hides it.
    property string senderName
    // The text can be selected with the mouse (desktop layout). In the phone layout a drag
    // scrolls the chat, as a finger does; copying is the message menu's.
    property bool selectable: true
    // A tint across the row that fades in and out (a jump to this message).
    property bool highlighted: false
    // The sender changed the text after sending: "edited" beside the time.
    property bool edited: false
    // A reply (docs/protocol.md §19): who wrote the quoted message and its start; a tap on the
    // quote asks to show the original.
    property bool isReply: false
    property string replySenderName
    property string replyExcerpt
    // A forwarded copy: its first author's name ("" otherwise).
    property string forwardedFrom

    signal quoteClicked

    readonly property alias bubble: bubble
    readonly property int maxBubbleWidth: Math.min(width * 0.75, 520)

    implicitHeight: bubble.height + 4
    implicitWidth: 200

    Rectangle {
        anchors.fill: parent
        color: Theme.accent
        opacity: root.highlighted ? 0.25 : 0
        Behavior on opacity {
            NumberAnimation {
                duration: 300
            }
        }
    }

    readonly property string html: MessageText.html(root.text, Theme.accent.toString())

    // The text's width unwrapped (its widest line) sizes the bubble. Not body.implicitWidth:
    // a wrapping text's implicit width follows its width, which follows the bubble's (a loop).
    Text {
        id: naturalBody
        visible: false
        text: root.html
        font: body.font
        textFormat: Text.RichText
    }

    Rectangle {
        id: bubble
        objectName: "bubble"

        x: root.outgoing ? root.width - width - Theme.spacing : Theme.spacing
        y: 2
        width: Math.min(root.maxBubbleWidth,
                        Math.max(naturalBody.implicitWidth, sender.implicitWidth, meta.width,
                                 quoteLoader.implicitWidth, forwardLine.implicitWidth) + 20)
        height: content.implicitHeight + 12
        radius: Theme.radius
        color: root.outgoing ? Theme.outgoingBubble : Theme.incomingBubble

        Column {
            id: content
            x: 10
            y: 6
            width: bubble.width - 20
            spacing: 2

            Text {
                id: sender
                visible: !root.outgoing && root.senderName.length > 0
                text: root.senderName
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
                font.bold: true
            }
            Text {
                id: forwardLine
                objectName: "forwardedLine"
                visible: root.forwardedFrom.length > 0
                width: Math.min(implicitWidth, content.width)
                text: qsTr("Forwarded from %1").arg(root.forwardedFrom)
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
                font.italic: true
                elide: Text.ElideRight
            }
            Loader {
                id: quoteLoader
                width: content.width
                active: root.isReply
                visible: active
                sourceComponent: QuoteBlock {
                    objectName: "bubbleQuote"
                    senderName: root.replySenderName
                    excerpt: root.replyExcerpt
                    onClicked: root.quoteClicked()
                }
            }
            TextEdit {
                id: body
                objectName: "bubbleText"
                width: content.width
                text: root.html
                color: Theme.text
                selectionColor: Theme.accent
                selectedTextColor: Theme.textOnAccent
                font.pixelSize: Theme.fontSize
                wrapMode: TextEdit.Wrap
                textFormat: TextEdit.RichText
                readOnly: true
                selectByMouse: root.selectable
                // Only http(s), ftp and mailto links exist (MessageText).
                onLinkActivated: link => Qt.openUrlExternally(link)

                HoverHandler {
                    cursorShape: body.hoveredLink.length > 0 ? Qt.PointingHandCursor
                                                             : Qt.IBeamCursor
                }
            }
            Row {
                id: meta
                anchors.right: parent.right
                spacing: 4
                Text {
                    objectName: "editedMark"
                    visible: root.edited
                    text: qsTr("edited")
                    color: root.outgoing ? Theme.outgoingMeta : Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize - 1
                    font.italic: true
                }
                Text {
                    text: root.date.toLocaleTimeString(Qt.locale(), "hh:mm")
                    color: root.outgoing ? Theme.outgoingMeta : Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize - 1
                }
                DeliveryMark {
                    objectName: "deliveryMark"
                    visible: root.outgoing && glyph.length > 0
                    deliveryState: root.deliveryState
                    baseColor: Theme.outgoingMeta
                }
            }
        }
    }
}
