import QtQuick
import QtQuick.Controls
import Messenger.Account
import Messenger.Channels
import Messenger.Ui.Common

// Create a channel (docs/protocol.md §15): a title, an optional description and an optional
// public @name (without one the channel is private). The server's refusal (a taken or invalid
// name, too long) is shown under the fields; channelReady follows a channel created and stored.
Dialog {
    id: dialog

    // Ids are 64-bit: doubles, exact up to 2^53 (an int would cut them to 32 bits).
    signal channelReady(double chatId, string title)

    title: qsTr("New channel")
    modal: true
    padding: Theme.spacing * 2

    onOpened: {
        titleField.clear();
        aboutField.clear();
        nameField.clear();
        titleField.forceActiveFocus();
    }

    ChannelDirectory {
        id: directory
        context: Session.context
        onCreated: (chatId, title) => {
            dialog.channelReady(chatId, title);
            dialog.close();
        }
    }

    function create() {
        if (!directory.busy)
            directory.create(titleField.text, aboutField.text, nameField.text);
    }

    Column {
        width: parent.width
        spacing: Theme.spacing

        TextField {
            id: titleField
            objectName: "channelTitleField"
            width: parent.width
            placeholderText: qsTr("Channel title")
            maximumLength: 128
            onAccepted: dialog.create()
        }
        TextField {
            id: aboutField
            objectName: "channelAboutField"
            width: parent.width
            placeholderText: qsTr("Description (optional)")
            maximumLength: 255
        }
        TextField {
            id: nameField
            objectName: "channelNameField"
            width: parent.width
            placeholderText: qsTr("Public @name (optional)")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            maximumLength: 33
            onAccepted: dialog.create()
        }
        Label {
            width: parent.width
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
            text: nameField.text.length > 0
                  ? qsTr("Public: anyone can find it by its name, title or description.")
                  : qsTr("Private: only people you add can read it.")
        }
        Label {
            objectName: "newChannelError"
            width: parent.width
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: Theme.danger
            text: directory.error
        }
        Row {
            anchors.right: parent.right
            spacing: Theme.spacing
            Button {
                text: qsTr("Cancel")
                flat: true
                onClicked: dialog.close()
            }
            Button {
                objectName: "createChannelButton"
                text: qsTr("Create")
                enabled: titleField.text.trim().length > 0 && !directory.busy
                onClicked: dialog.create()
            }
        }
    }
}
