import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Accounts
import Messenger.Ui.Common
import Messenger.Ui.Chats

// The accounts of this app (Telegram Desktop's switcher): each one's name and unread count, the
// shown one marked; a click shows another, "Add account" opens a new log-in page, and the
// remove button asks the window to remove an account (signed out, forgotten on this computer).
Popup {
    id: switcher

    // The remove button: the window asks for confirmation, then calls Accounts.removeAccount.
    signal removeRequested(int index, string name)

    modal: true
    padding: 0

    // A child, not contentItem: ids inside a deferred contentItem are not allowed (qmllint).
    ColumnLayout {
        width: parent.width
        spacing: 0

        Label {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing * 2
            text: qsTr("Accounts")
            color: Theme.text
            font.pixelSize: 18
            font.bold: true
        }

        ListView {
            objectName: "accountList"
            Layout.fillWidth: true
            Layout.preferredHeight: contentHeight
            interactive: false
            model: Accounts

            delegate: ItemDelegate {
                id: row
                objectName: "accountRow"
                required property int index
                required property string name
                required property int unread
                required property bool active
                required property bool adding

                width: ListView.view.width
                height: 64
                highlighted: active
                onClicked: {
                    switcher.close();
                    Accounts.switchTo(index);
                }

                contentItem: RowLayout {
                    spacing: Theme.spacing * 1.5
                    Avatar {
                        name: row.name.length > 0 ? row.name : "?"
                        size: 40
                    }
                    Label {
                        objectName: "accountName"
                        Layout.fillWidth: true
                        text: row.name.length > 0 ? row.name
                                                  : (row.adding ? qsTr("New account") : qsTr("Signing in…"))
                        color: Theme.text
                        elide: Text.ElideRight
                        font.bold: row.active
                    }
                    UnreadBadge {
                        objectName: "accountUnread"
                        count: row.unread
                    }
                    IconButton {
                        objectName: "removeAccountButton"
                        text: "\u2715"
                        tip: qsTr("Remove account")
                        onClicked: {
                            switcher.close();
                            switcher.removeRequested(row.index, row.name);
                        }
                    }
                }
            }
        }

        ItemDelegate {
            objectName: "addAccountButton"
            Layout.fillWidth: true
            visible: Accounts.canAdd && !Accounts.adding
            text: qsTr("Add account")
            onClicked: {
                switcher.close();
                Accounts.addAccount();
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing * 2
            visible: !Accounts.canAdd
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
            text: qsTr("This app keeps up to %n accounts.", "", 3)
        }
    }
}
