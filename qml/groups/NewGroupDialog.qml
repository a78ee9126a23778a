import QtQuick
import QtQuick.Controls
import Messenger.Account
import Messenger.Groups
import Messenger.Ui.Common

// "New group": a name and the members, picked by searching users; Create makes the group on
// the server (GroupCreator: one random id per opening, so a second press after a lost answer
// is the same group) and emits groupCreated once it is stored, for the shell to open it.
Dialog {
    id: dialog

    // Ids are 64-bit: doubles (docs/client-api.md).
    signal groupCreated(double chatId, string title)

    title: qsTr("New group")
    modal: true
    padding: Theme.spacing * 2

    onOpened: {
        creator.reset();
        titleField.clear();
        picker.clear();
        errorLabel.text = "";
        titleField.forceActiveFocus();
    }

    GroupCreator {
        id: creator
        context: Session.context
        onCreated: (chatId, title) => {
            dialog.close();
            dialog.groupCreated(chatId, title);
        }
        onFailed: message => errorLabel.text = message
    }

    Column {
        width: parent.width
        spacing: Theme.spacing

        TextField {
            id: titleField
            objectName: "groupTitleField"
            width: parent.width
            placeholderText: qsTr("Group name")
            maximumLength: 128
        }
        Label {
            text: picker.picked.length === 0 ? qsTr("Add members")
                                             : qsTr("%n member(s) picked", "", picker.picked.length)
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
        }
        UserPicker {
            id: picker
            width: parent.width
        }
        Label {
            id: errorLabel
            objectName: "newGroupError"
            width: parent.width
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: Theme.danger
        }
    }

    footer: DialogButtonBox {
        Button {
            text: qsTr("Cancel")
            onClicked: dialog.reject()
        }
        Button {
            objectName: "createGroupButton"
            text: creator.busy ? qsTr("Creating…") : qsTr("Create")
            enabled: !creator.busy && titleField.text.trim().length > 0
            onClicked: {
                errorLabel.text = "";
                creator.create(titleField.text, picker.pickedIds);
            }
        }
    }
}
