import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Groups
import Messenger.Ui.Common

// "Join group by link" (docs/protocol.md §20), from the chat list's menu: the user pastes a
// link (msgr://join/<token>), Check shows the group it leads to (title, member count), Join
// joins it and emits joined once the group is stored, for the shell to open it. A dead link, a
// wait after too many attempts, a full group show as sentences under the field.
Dialog {
    id: dialog
    objectName: "joinByLinkDialog"

    // Ids are 64-bit: doubles (docs/client-api.md).
    signal joined(double chatId, string title)

    readonly property alias joiner: joiner

    title: qsTr("Join group by link")
    modal: true
    padding: Theme.spacing * 2

    onOpened: {
        joiner.reset();
        linkField.clear();
        linkField.forceActiveFocus();
    }

    InviteJoiner {
        id: joiner
        context: Session.context
        onJoined: (chatId, title) => {
            dialog.close();
            dialog.joined(chatId, title);
        }
    }

    ColumnLayout {
        width: parent.width
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: linkField
                objectName: "joinLinkField"
                Layout.fillWidth: true
                placeholderText: qsTr("msgr://join/…")
                maximumLength: 512
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                onTextEdited: joiner.reset()
                onAccepted: checkButton.clicked()
            }
            Button {
                id: checkButton
                objectName: "joinLinkCheck"
                text: qsTr("Check")
                enabled: linkField.text.trim().length > 0 && !joiner.busy
                onClicked: joiner.check(linkField.text)
            }
        }
        BusyIndicator {
            objectName: "joinLinkBusy"
            Layout.alignment: Qt.AlignHCenter
            visible: joiner.busy
            running: visible
        }
        RowLayout {
            objectName: "joinLinkPreview"
            Layout.fillWidth: true
            visible: joiner.previewed
            spacing: Theme.spacing + 4
            Avatar {
                name: joiner.title
                size: 48
            }
            Column {
                Layout.fillWidth: true
                Label {
                    objectName: "joinLinkTitle"
                    width: parent.width
                    text: joiner.title
                    elide: Text.ElideRight
                    font.bold: true
                    color: Theme.text
                }
                Label {
                    objectName: "joinLinkMembers"
                    width: parent.width
                    text: joiner.alreadyMember
                          ? qsTr("%n member(s), you are one of them", "", joiner.memberCount)
                          : qsTr("%n member(s)", "", joiner.memberCount)
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize
                }
            }
        }
        Label {
            objectName: "joinLinkError"
            Layout.fillWidth: true
            visible: text.length > 0
            text: joiner.error
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
            objectName: "joinLinkJoin"
            text: joiner.alreadyMember ? qsTr("Open") : qsTr("Join")
            enabled: joiner.previewed && !joiner.busy
            onClicked: joiner.join()
        }
    }
}
