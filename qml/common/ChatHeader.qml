import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The bar above a chat: back button (phone layout only), avatar, title and, under it, the
// status line (who is typing; the peer's online / last seen; a group's members online); a lock
// before the title of a secret chat, whose encryption page opens from the shield button; in a
// private chat, a button that starts a secret chat with the same person.
Rectangle {
    id: header

    property string title
    // The chat's photo URL (docs/protocol.md §24); "": the letter avatar.
    property string photo
    property bool showBack: false
    property bool secret: false
    property bool canStartSecret: false
    // A group: the title and an info button open the group info page.
    property bool canShowInfo: false
    // What the info button opens, as its tooltip says it.
    property string infoTip: qsTr("Group info")
    // Under the title; "" shows the title alone.
    property string subtitle
    // The accent colour (typing, online) or the secondary one (last seen).
    property bool subtitleAccent: true

    signal back
    signal secretInfoRequested
    signal startSecretRequested
    // The avatar or title was tapped (a private chat opens the peer's profile).
    signal profileRequested
    // The group info page was asked for (the title or the info button of a group).
    signal infoRequested

    implicitHeight: Theme.headerHeight
    color: Theme.window

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: header.showBack ? 4 : 12
        anchors.rightMargin: 12
        spacing: Theme.spacing

        IconButton {
            objectName: "backButton"
            visible: header.showBack
            text: "\u2190"
            tip: qsTr("Back")
            onClicked: header.back()
        }
        Avatar {
            objectName: "headerAvatar"
            name: header.title
            photo: header.photo
            size: 38
        }
        Label {
            objectName: "secretLock"
            visible: header.secret
            text: "\u{1F512}"
            color: Theme.outgoingMeta
            font.pixelSize: Theme.fontSize
            Accessible.name: qsTr("Secret chat")
        }
        Column {
            objectName: "headerTitle"
            Layout.fillWidth: true
            TapHandler {
                // A group opens its info page, a private chat the peer's profile.
                onTapped: header.canShowInfo ? header.infoRequested() : header.profileRequested()
            }
            Label {
                width: parent.width
                text: header.title
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontSize + 1
                font.bold: true
            }
            Label {
                objectName: "headerSubtitle"
                width: parent.width
                visible: text.length > 0
                text: header.subtitle
                elide: Text.ElideRight
                color: header.subtitleAccent ? Theme.accent : Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
            }
        }
        IconButton {
            objectName: "groupInfoButton"
            visible: header.canShowInfo
            text: "\u2139"
            tip: header.infoTip
            onClicked: header.infoRequested()
        }
        IconButton {
            objectName: "secretInfoButton"
            visible: header.secret
            text: "\u{1F6E1}"
            tip: qsTr("Encryption and self-destruct timer")
            onClicked: header.secretInfoRequested()
        }
        IconButton {
            objectName: "startSecretButton"
            visible: header.canStartSecret
            text: "\u{1F512}"
            tip: qsTr("Start a secret chat")
            onClicked: header.startSecretRequested()
        }
    }

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.divider
    }
}
