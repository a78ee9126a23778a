import QtQuick
import QtQuick.Controls

// Asks before an action that cannot be undone from here (logging out, signing a device out):
// the question, what follows from it, and a button named after the action. Cancel, Esc and a
// click outside do nothing.
Dialog {
    id: dialog

    property string text
    property string actionText

    modal: true
    padding: Theme.spacing * 2
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 400, 420)

    Label {
        objectName: "confirmText"
        width: parent.width
        text: dialog.text
        wrapMode: Text.Wrap
        color: Theme.text
    }

    footer: DialogButtonBox {
        Button {
            objectName: "confirmCancel"
            text: qsTr("Cancel")
            onClicked: dialog.reject()
        }
        Button {
            objectName: "confirmAction"
            text: dialog.actionText
            palette.buttonText: Theme.danger
            onClicked: dialog.accept()
        }
    }
}
