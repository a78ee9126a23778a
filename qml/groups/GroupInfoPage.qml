import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Groups
import Messenger.Ui.Common

// A group's info page, opened from the chat header: its name (renamed by the owner and
// admins), the member count, the members with role badges and, per member, what the user's
// role allows (make admin, remove admin, remove from group); "Add members", the invite link (owner
// and admins) and "Leave group".
// Full screen at phone width, a centred panel on a wide window. Only allowed actions are
// offered (GroupInfoModel); the server still decides and a refusal shows under the name.
Popup {
    id: page
    objectName: "groupInfoPage"

    property double chatId: 0
    // The page covers the window at phone width (AdaptiveShell's breakpoint).
    readonly property bool phone: parent ? parent.width < Theme.twoPaneBreakpoint : false
    readonly property alias info: infoModel

    // The user left the group: the chat closes.
    signal leftGroup
    // The group became the supergroup `chatId` (docs/protocol.md §23): the page opens it.
    signal upgradedTo(double chatId, string title)

    parent: Overlay.overlay
    modal: true
    padding: 0
    x: page.phone ? 0 : Math.round((parent.width - width) / 2)
    y: page.phone ? 0 : Math.round((parent.height - height) / 2)
    width: page.phone ? parent.width : Math.min(parent.width - 32, 460)
    height: page.phone ? parent.height : Math.min(parent.height - 32, 680)

    onOpened: {
        errorLabel.text = "";
        renameRow.editing = false;
    }

    GroupInfoModel {
        id: infoModel
        context: Session.context
        chatId: page.chatId
        onActionFailed: message => errorLabel.text = message
        onActionDone: errorLabel.text = ""
        onLeftGroup: {
            page.close();
            page.leftGroup();
        }
        onUpgraded: (chatId, title) => {
            page.close();
            page.upgradedTo(chatId, title);
        }
    }

    background: Rectangle {
        color: Theme.window
        radius: page.phone ? 0 : 8
    }

    ColumnLayout {
        objectName: "groupInfoContent"
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: 4
            Layout.rightMargin: 12
            IconButton {
                objectName: "groupInfoClose"
                text: page.phone ? "\u2190" : "\u00d7"
                tip: qsTr("Close")
                onClicked: page.close()
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Group info")
                font.bold: true
                font.pixelSize: Theme.fontSize + 1
                color: Theme.text
            }
        }

        ColumnLayout {
            id: renameRow
            property bool editing: false
            Layout.fillWidth: true
            Layout.margins: Theme.spacing * 2
            spacing: Theme.spacing

            RowLayout {
                Layout.fillWidth: true
                visible: !renameRow.editing
                spacing: Theme.spacing + 4
                Avatar {
                    objectName: "groupAvatar"
                    name: infoModel.title
                    photo: infoModel.photoUrl
                    size: 56
                }
                Column {
                    Layout.fillWidth: true
                    Label {
                        objectName: "groupTitle"
                        width: parent.width
                        text: infoModel.title
                        elide: Text.ElideRight
                        color: Theme.text
                        font.pixelSize: Theme.fontSize + 3
                        font.bold: true
                    }
                    Label {
                        objectName: "memberCount"
                        text: qsTr("%n member(s)", "", infoModel.memberCount)
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallFontSize
                    }
                }
                IconButton {
                    objectName: "renameButton"
                    visible: infoModel.canRename
                    text: "\u270e"
                    tip: qsTr("Rename the group")
                    onClicked: {
                        titleField.text = infoModel.title;
                        renameRow.editing = true;
                        titleField.forceActiveFocus();
                    }
                }
            }
            PhotoButtons {
                visible: infoModel.canRename && !renameRow.editing
                hasPhoto: infoModel.photoUrl.length > 0
                busy: infoModel.photoBusy
                onPhotoChosen: file => infoModel.setPhoto(file)
                onRemoveRequested: infoModel.removePhoto()
            }
            RowLayout {
                Layout.fillWidth: true
                visible: renameRow.editing
                TextField {
                    id: titleField
                    objectName: "renameField"
                    Layout.fillWidth: true
                    maximumLength: 128
                    placeholderText: qsTr("Group name")
                    onAccepted: saveButton.clicked()
                }
                Button {
                    id: saveButton
                    objectName: "renameSave"
                    text: qsTr("Save")
                    enabled: titleField.text.trim().length > 0 && !infoModel.busy
                    onClicked: {
                        infoModel.rename(titleField.text);
                        renameRow.editing = false;
                    }
                }
                Button {
                    text: qsTr("Cancel")
                    onClicked: renameRow.editing = false
                }
            }
            Label {
                id: errorLabel
                objectName: "groupActionError"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.Wrap
                color: Theme.danger
            }
            Label {
                objectName: "notAMember"
                visible: !infoModel.isMember && infoModel.title.length > 0
                text: qsTr("You are not a member of this group.")
                color: Theme.secondaryText
            }
        }

        ItemDelegate {
            objectName: "addMembersButton"
            Layout.fillWidth: true
            visible: infoModel.canAddMembers
            text: qsTr("Add members")
            palette.buttonText: Theme.accent
            onClicked: addDialog.open()
        }

        InviteLinkSection {
            id: inviteSection
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing * 2
            Layout.rightMargin: Theme.spacing * 2
            Layout.bottomMargin: Theme.spacing
            // The owner and admins (docs/protocol.md §20): the ones who may add members.
            visible: infoModel.canAddMembers
            chatId: page.chatId
            onRevokeRequested: confirm.ask(
                                   qsTr("Revoke the invite link? Nobody will be able to join by "
                                        + "it any more; members who joined by it stay."),
                                   qsTr("Revoke"), "revoke", 0)
        }

        ListView {
            id: members
            objectName: "groupMembers"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: infoModel
            delegate: MemberRow {
                id: memberDelegate
                width: ListView.view.width
                onActionsRequested: (x, y) => {
                    memberMenu.userId = userId;
                    memberMenu.name = name;
                    memberMenu.role = role;
                    memberMenu.canRemove = canRemove;
                    memberMenu.canSetRole = canSetRole;
                    memberMenu.popup(memberDelegate, x, y);
                }
            }
            ScrollBar.vertical: ScrollBar {}
        }

        ItemDelegate {
            objectName: "upgradeGroupButton"
            Layout.fillWidth: true
            // The owner of a group (docs/protocol.md §23): past 200 members it must be one.
            visible: infoModel.isMember && infoModel.selfRole === "owner"
            text: qsTr("Upgrade to supergroup")
            palette.buttonText: Theme.accent
            onClicked: confirm.ask(qsTr("Upgrade “%1” to a supergroup? It can then have up to "
                                        + "200,000 members; the group keeps its history and "
                                        + "takes no new messages.").arg(infoModel.title),
                                   qsTr("Upgrade"), "upgrade", 0)
        }

        ItemDelegate {
            objectName: "leaveGroupButton"
            Layout.fillWidth: true
            visible: infoModel.isMember
            text: qsTr("Leave group")
            palette.buttonText: Theme.danger
            onClicked: confirm.ask(qsTr("Leave “%1”? You will no longer get its messages.")
                                   .arg(infoModel.title), qsTr("Leave"), "leave", 0)
        }
    }

    Menu {
        id: memberMenu
        objectName: "memberMenu"
        property double userId: 0
        property string name
        property string role
        property bool canRemove: false
        property bool canSetRole: false

        MenuItem {
            objectName: "makeAdminItem"
            text: qsTr("Make admin")
            visible: memberMenu.canSetRole && memberMenu.role === "member"
            height: visible ? implicitHeight : 0
            onTriggered: infoModel.setAdmin(memberMenu.userId, true)
        }
        MenuItem {
            objectName: "removeAdminItem"
            text: qsTr("Remove admin")
            visible: memberMenu.canSetRole && memberMenu.role === "admin"
            height: visible ? implicitHeight : 0
            onTriggered: infoModel.setAdmin(memberMenu.userId, false)
        }
        MenuItem {
            objectName: "removeMemberItem"
            text: qsTr("Remove from group")
            visible: memberMenu.canRemove
            height: visible ? implicitHeight : 0
            onTriggered: {
                confirm.ask(qsTr("Remove %1 from the group?").arg(memberMenu.name),
                            qsTr("Remove"), "remove", memberMenu.userId);
            }
        }
    }

    ConfirmDialog {
        id: confirm
        objectName: "groupConfirm"
        // What Accept does: "leave", "revoke" the invite link, or "remove" the member userId.
        property string pendingAction
        property double pendingUserId: 0
        function ask(question, actionName, action, userId) {
            confirm.text = question;
            confirm.actionText = actionName;
            confirm.pendingAction = action;
            confirm.pendingUserId = userId;
            confirm.open();
        }
        title: qsTr("Group")
        onAccepted: {
            if (confirm.pendingAction === "leave")
                infoModel.leave();
            else if (confirm.pendingAction === "upgrade")
                infoModel.upgrade();
            else if (confirm.pendingAction === "remove")
                infoModel.removeMember(confirm.pendingUserId);
            else if (confirm.pendingAction === "revoke")
                inviteSection.invite.revoke();
            confirm.pendingAction = "";
        }
    }

    Dialog {
        id: addDialog
        objectName: "addMembersDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 32 : 400, 420)
        modal: true
        title: qsTr("Add members")
        padding: Theme.spacing * 2
        onOpened: {
            addPicker.clear();
            addPicker.focusSearch();
        }

        UserPicker {
            id: addPicker
            width: parent.width
            excluded: {
                const ids = [];
                for (let row = 0; row < infoModel.memberCount; ++row)
                    ids.push(infoModel.userIdAt(row));
                return ids;
            }
        }

        // Past 200 members a group must become a supergroup first (docs/protocol.md §23).
        readonly property bool tooMany: infoModel.memberCount + addPicker.picked.length > 200

        footer: DialogButtonBox {
            Button {
                text: qsTr("Cancel")
                onClicked: addDialog.reject()
            }
            Button {
                objectName: "upgradeInsteadButton"
                visible: addDialog.tooMany && infoModel.selfRole === "owner"
                text: qsTr("Upgrade to supergroup")
                onClicked: {
                    addDialog.close();
                    infoModel.upgrade();
                }
            }
            Button {
                objectName: "addMembersConfirm"
                text: qsTr("Add")
                enabled: addPicker.picked.length > 0 && !infoModel.busy && !addDialog.tooMany
                onClicked: {
                    infoModel.addMembers(addPicker.pickedIds);
                    addDialog.close();
                }
            }
        }
    }
}
