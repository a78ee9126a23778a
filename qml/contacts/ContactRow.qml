import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// One row of the Contacts page: avatar, name and @username (or where an invitation stands),
// and the acts of its section.
ItemDelegate {
    id: row

    required property double userId // 64-bit: a double keeps it exact
    required property string username
    required property string displayName
    required property string section
    required property string status

    signal acceptRequested
    signal denyRequested
    signal cancelRequested
    signal removeRequested
    signal blockRequested
    signal unblockRequested

    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacing

    contentItem: RowLayout {
        spacing: Theme.spacing + 4

        Avatar {
            name: row.displayName
            size: 40
        }
        Column {
            Layout.fillWidth: true
            Label {
                width: parent.width
                text: row.displayName
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontSize
            }
            Label {
                width: parent.width
                text: row.status === "denied" ? qsTr("@%1 · invitation denied").arg(row.username)
                                              : "@" + row.username
                elide: Text.ElideRight
                color: Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
            }
        }
        Button {
            objectName: "acceptButton"
            visible: row.section === "incoming"
            text: qsTr("Accept")
            highlighted: true
            onClicked: row.acceptRequested()
        }
        Button {
            objectName: "denyButton"
            visible: row.section === "incoming"
            text: qsTr("Deny")
            flat: true
            onClicked: row.denyRequested()
        }
        Button {
            objectName: "cancelButton"
            visible: row.section === "outgoing"
            text: row.status === "denied" ? qsTr("Dismiss") : qsTr("Cancel")
            flat: true
            onClicked: row.cancelRequested()
        }
        Button {
            objectName: "unblockButton"
            visible: row.section === "blocked"
            text: qsTr("Unblock")
            flat: true
            onClicked: row.unblockRequested()
        }
        IconButton {
            objectName: "contactMenuButton"
            visible: row.section === "contacts"
            text: "\u22ee"
            tip: qsTr("More")
            onClicked: contactMenu.popup()
        }
    }

    // Outside contentItem: an id inside a deferred property would make it immediate.
    Menu {
        id: contactMenu
        MenuItem {
            objectName: "removeContactItem"
            text: qsTr("Remove from contacts")
            onTriggered: row.removeRequested()
        }
        MenuItem {
            objectName: "blockContactItem"
            text: qsTr("Block")
            onTriggered: row.blockRequested()
        }
    }
}
