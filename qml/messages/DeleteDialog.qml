import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// Asks how to delete a sent message: for oneself only (not in a supergroup, whose messages are
// deleted for everyone, §23.8), or for everyone (one's own message within the edit window;
// docs/protocol.md §16).
Dialog {
    id: dialog
    objectName: "deleteDialog"

    property bool canDeleteForEveryone: false
    property bool canDeleteForMe: true

    signal deleteForMe
    signal deleteForEveryone

    title: qsTr("Delete message?")
    modal: true
    standardButtons: Dialog.Cancel

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: !dialog.canDeleteForMe
                  ? (dialog.canDeleteForEveryone
                     ? qsTr("It will be deleted for everyone in the chat.")
                     : qsTr("Only its sender and the admins can delete this message."))
                  : dialog.canDeleteForEveryone
                    ? qsTr("Delete it only on your devices, or for everyone in the chat?")
                    : qsTr("It will be deleted on your devices; the others keep it.")
        }
        Button {
            objectName: "deleteForMeButton"
            Layout.fillWidth: true
            visible: dialog.canDeleteForMe
            text: qsTr("Delete for me")
            onClicked: {
                dialog.close();
                dialog.deleteForMe();
            }
        }
        Button {
            objectName: "deleteForEveryoneButton"
            Layout.fillWidth: true
            visible: dialog.canDeleteForEveryone
            text: qsTr("Delete for everyone")
            palette.buttonText: Theme.danger
            onClicked: {
                dialog.close();
                dialog.deleteForEveryone();
            }
        }
    }
}
