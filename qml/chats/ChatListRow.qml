import QtQuick
import Messenger.Messages
import Messenger.Ui.Common

// The content of a chat list row (kept out of the delegate so its ids are not inside a
// deferred contentItem).
Item {
    id: row

    property string title
    property string lastText
    property string stamp
    property int unreadCount: 0
    property int lastOutgoingState: MessageState.None
    property bool pinned: false
    property bool secret: false
    // Muted: a speaker-off mark after the title and a grey badge (Telegram's look).
    property bool muted: false
    // Shown instead of the last message while someone types (Telegram's accent line).
    property string typingText
    // The chat's draft (docs/protocol.md §17.2); "" when none. One line of it is shown.
    property string draftText
    // The chat's photo URL (docs/protocol.md §24); "": the letter avatar.
    property string photo

    Avatar {
        id: avatar
        objectName: "chatAvatar"
        name: row.title
        photo: row.photo
        anchors.verticalCenter: parent.verticalCenter
    }

    Text {
        id: lockMark
        objectName: "secretLockMark"
        visible: row.secret
        anchors.left: avatar.right
        anchors.leftMargin: Theme.spacing + 4
        anchors.verticalCenter: titleText.verticalCenter
        width: visible ? implicitWidth + 4 : 0
        text: "\u{1F512}"
        color: Theme.outgoingMeta
        font.pixelSize: Theme.smallFontSize
        Accessible.name: qsTr("Secret chat")
    }

    Text {
        id: titleText
        anchors.left: lockMark.right
        anchors.leftMargin: 0
        anchors.right: meta.left
        anchors.rightMargin: Theme.spacing
        anchors.top: avatar.top
        anchors.topMargin: 2
        text: row.title
        elide: Text.ElideRight
        color: Theme.text
        font.pixelSize: Theme.fontSize
        font.bold: true
    }

    Row {
        id: meta
        anchors.right: parent.right
        anchors.verticalCenter: titleText.verticalCenter
        spacing: 4
        Text {
            objectName: "muteMark"
            visible: row.muted
            text: "\u{1F507}"
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
            Accessible.name: qsTr("Muted")
        }
        Text {
            // Telegram's pin mark: the chat stays on top until unpinned.
            objectName: "pinMark"
            visible: row.pinned
            text: "\u{1F4CC}"
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
        }
        DeliveryMark {
            deliveryState: row.lastOutgoingState
            baseColor: Theme.outgoingMeta
        }
        Text {
            text: row.stamp
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
        }
    }

    // Under the title: who is typing (accent), else the chat's draft ("Draft:" in the error
    // colour, as Telegram shows it), else the last message.
    Row {
        id: subtitle
        anchors.left: titleText.left
        anchors.right: badge.visible ? badge.left : parent.right
        anchors.rightMargin: Theme.spacing
        anchors.bottom: avatar.bottom
        anchors.bottomMargin: 2
        spacing: 4
        readonly property bool showDraft: row.typingText.length === 0 && row.draftText.length > 0

        Text {
            id: draftMark
            objectName: "rowDraftMark"
            visible: subtitle.showDraft
            text: qsTr("Draft:")
            color: Theme.danger
            font.pixelSize: Theme.fontSize - 1
        }
        Text {
            objectName: "rowSubtitle"
            width: subtitle.width - (draftMark.visible ? draftMark.width + subtitle.spacing : 0)
            text: row.typingText.length > 0 ? row.typingText
                                            : subtitle.showDraft ? row.draftText : row.lastText
            textFormat: Text.PlainText
            maximumLineCount: 1
            elide: Text.ElideRight
            color: row.typingText.length > 0 ? Theme.accent : Theme.secondaryText
            font.pixelSize: Theme.fontSize - 1
        }
    }

    UnreadBadge {
        id: badge
        anchors.right: parent.right
        anchors.bottom: avatar.bottom
        count: row.unreadCount
        muted: row.muted
    }
}
