import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Channels
import Messenger.Ui.Common

// A channel's info page, opened from its chat header: title, description, public @name (or
// "private channel"), the subscriber count, the owner and admins, the user's own role, Mute and
// Leave (asked first; not for the owner). The owner and admins edit the title and description
// and add subscribers by @username; the owner makes and removes admins. Full screen at phone
// width, a centred panel on a wide window (as GroupInfoPage). Only allowed actions are offered
// (ChannelInfo); the server still decides and a refusal shows under the title.
Popup {
    id: page
    objectName: "channelInfoPage"

    property double channelId: 0
    readonly property bool phone: parent ? parent.width < Theme.twoPaneBreakpoint : false
    readonly property alias info: channelModel

    // The user left the channel: the chat closes.
    signal leftChannel

    parent: Overlay.overlay
    modal: true
    padding: 0
    x: page.phone ? 0 : Math.round((parent.width - width) / 2)
    y: page.phone ? 0 : Math.round((parent.height - height) / 2)
    width: page.phone ? parent.width : Math.min(parent.width - 32, 460)
    height: page.phone ? parent.height : Math.min(parent.height - 32, 680)

    onOpened: editor.editing = false

    ChannelInfo {
        id: channelModel
        context: Session.context
        // Only while shown: the admins are asked of the server.
        channelId: page.visible ? page.channelId : 0
        onActionDone: {
            editor.editing = false;
            usernameField.text = "";
        }
        onLeft: {
            page.close();
            page.leftChannel();
        }
    }

    background: Rectangle {
        color: Theme.window
        radius: page.phone ? 0 : 8
    }

    ColumnLayout {
        objectName: "channelInfoContent"
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: 4
            Layout.rightMargin: 12
            IconButton {
                objectName: "channelInfoClose"
                text: page.phone ? "\u2190" : "\u00d7"
                tip: qsTr("Close")
                onClicked: page.close()
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Channel info")
                font.bold: true
                font.pixelSize: Theme.fontSize + 1
                color: Theme.text
            }
        }

        Flickable {
            objectName: "channelInfoFlickable"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            // Near the end of the loaded members, the next page is asked for.
            onContentYChanged: {
                if (contentHeight - (contentY + height) < height && channelModel.megagroup)
                    members.loadMore();
            }
            contentWidth: width
            contentHeight: body.implicitHeight
            ScrollBar.vertical: ScrollBar {}

            ColumnLayout {
                id: body
                width: parent.width
                spacing: 0

                ColumnLayout {
                    id: editor
                    property bool editing: false
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing * 2
                    spacing: Theme.spacing

                    RowLayout {
                        Layout.fillWidth: true
                        visible: !editor.editing
                        spacing: Theme.spacing + 4
                        Avatar {
                            objectName: "channelAvatar"
                            name: channelModel.title
                            photo: channelModel.photoUrl
                            size: 56
                        }
                        Column {
                            Layout.fillWidth: true
                            Label {
                                objectName: "channelTitle"
                                width: parent.width
                                text: channelModel.title
                                elide: Text.ElideRight
                                color: Theme.text
                                font.pixelSize: Theme.fontSize + 3
                                font.bold: true
                            }
                            Label {
                                objectName: "subscriberCount"
                                text: channelModel.megagroup
                                      ? qsTr("%n member(s)", "", channelModel.subscriberCount)
                                      : qsTr("%n subscriber(s)", "", channelModel.subscriberCount)
                                color: Theme.secondaryText
                                font.pixelSize: Theme.smallFontSize
                            }
                        }
                        IconButton {
                            objectName: "editChannelButton"
                            visible: channelModel.canEdit
                            text: "\u270e"
                            tip: qsTr("Edit the title and description")
                            onClicked: {
                                titleField.text = channelModel.title;
                                aboutField.text = channelModel.about;
                                editor.editing = true;
                                titleField.forceActiveFocus();
                            }
                        }
                    }
                    PhotoButtons {
                        visible: channelModel.canEdit && !editor.editing
                        hasPhoto: channelModel.photoUrl.length > 0
                        busy: channelModel.photoBusy
                        onPhotoChosen: file => channelModel.setPhoto(file)
                        onRemoveRequested: channelModel.removePhoto()
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: editor.editing
                        TextField {
                            id: titleField
                            objectName: "infoTitleField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("Channel title")
                        }
                        Label {
                            objectName: "titleLimit"
                            Layout.alignment: Qt.AlignRight
                            text: qsTr("%1 / %2").arg(titleField.text.length)
                                                 .arg(channelModel.maxTitleLength)
                            color: titleField.text.length > channelModel.maxTitleLength
                                   ? Theme.danger : Theme.secondaryText
                            font.pixelSize: Theme.smallFontSize
                        }
                        TextArea {
                            id: aboutField
                            objectName: "infoAboutField"
                            Layout.fillWidth: true
                            wrapMode: TextEdit.Wrap
                            placeholderText: qsTr("Description (optional)")
                        }
                        Label {
                            objectName: "aboutLimit"
                            Layout.alignment: Qt.AlignRight
                            text: qsTr("%1 / %2").arg(aboutField.text.length)
                                                 .arg(channelModel.maxAboutLength)
                            color: aboutField.text.length > channelModel.maxAboutLength
                                   ? Theme.danger : Theme.secondaryText
                            font.pixelSize: Theme.smallFontSize
                        }
                        RowLayout {
                            Button {
                                objectName: "channelEditSave"
                                text: qsTr("Save")
                                enabled: titleField.text.trim().length > 0 && !channelModel.busy
                                onClicked: channelModel.edit(titleField.text, aboutField.text)
                            }
                            Button {
                                text: qsTr("Cancel")
                                onClicked: editor.editing = false
                            }
                        }
                    }
                    Label {
                        objectName: "channelActionError"
                        Layout.fillWidth: true
                        visible: text.length > 0
                        text: channelModel.error
                        wrapMode: Text.Wrap
                        color: Theme.danger
                    }
                    Label {
                        objectName: "channelAbout"
                        Layout.fillWidth: true
                        visible: !editor.editing && channelModel.about.length > 0
                        text: channelModel.about
                        wrapMode: Text.Wrap
                        color: Theme.text
                    }
                    Label {
                        objectName: "channelLink"
                        Layout.fillWidth: true
                        text: channelModel.name.length > 0 ? "@" + channelModel.name
                                                           : qsTr("Private channel")
                        color: channelModel.name.length > 0 ? Theme.accent : Theme.secondaryText
                    }
                    Label {
                        objectName: "ownRole"
                        Layout.fillWidth: true
                        text: channelModel.role === "owner" ? qsTr("You own this channel.")
                            : channelModel.role === "admin" ? qsTr("You are an admin of this channel.")
                            : channelModel.role === "subscriber" ? qsTr("You are subscribed.")
                            : qsTr("You are not subscribed to this channel.")
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallFontSize
                    }
                }

                SettingsHeading {
                    text: qsTr("Owner and admins")
                }
                StaffRow {
                    objectName: "ownerRow"
                    name: channelModel.ownerName
                    badge: qsTr("owner")
                    removable: false
                }
                Repeater {
                    objectName: "adminRows"
                    model: channelModel.admins
                    delegate: StaffRow {
                        required property var modelData
                        objectName: "adminRow"
                        name: modelData.name
                        badge: qsTr("admin")
                        removable: channelModel.canSetRoles
                        onRemoveRequested: confirm.ask(
                            qsTr("Remove %1 from the admins?").arg(name.length > 0 ? name : "\u2026"),
                            qsTr("Remove admin"), "demote", modelData.userId)
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing * 2
                    visible: channelModel.canEdit
                    spacing: Theme.spacing
                    TextField {
                        id: usernameField
                        objectName: "channelUsernameField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("@username (several: separated by spaces)")
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        Button {
                            objectName: "addSubscribersButton"
                            text: channelModel.megagroup ? qsTr("Add members") : qsTr("Add subscribers")
                            enabled: usernameField.text.trim().length > 0 && !channelModel.busy
                            onClicked: channelModel.addSubscribers(usernameField.text)
                        }
                        Button {
                            objectName: "makeAdminButton"
                            visible: channelModel.canSetRoles
                            text: qsTr("Make admin")
                            enabled: usernameField.text.trim().length > 0 && !channelModel.busy
                            onClicked: channelModel.setAdminByUsername(usernameField.text, true)
                        }
                        Button {
                            // A supergroup's member (docs/protocol.md §23): the server refuses
                            // an admin removing an admin or the owner.
                            objectName: "removeMemberButton"
                            visible: channelModel.megagroup
                            text: qsTr("Remove from group")
                            enabled: usernameField.text.trim().length > 0 && !channelModel.busy
                            onClicked: channelModel.removeMemberByUsername(usernameField.text)
                        }
                    }
                }

                Switch {
                    objectName: "channelMuteSwitch"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    visible: channelModel.role.length > 0
                    text: qsTr("Mute notifications")
                    checked: channelModel.muted
                    enabled: !channelModel.busy
                    onToggled: {
                        channelModel.setMuted(checked);
                        // The switch follows the model again (another device may change it).
                        checked = Qt.binding(() => channelModel.muted);
                    }
                }

                ItemDelegate {
                    objectName: "leaveChannelItem"
                    Layout.fillWidth: true
                    visible: channelModel.canLeave
                    text: channelModel.megagroup ? qsTr("Leave group") : qsTr("Leave channel")
                    palette.buttonText: Theme.danger
                    onClicked: confirm.ask(qsTr("Leave “%1”? You will no longer get its posts.")
                                           .arg(channelModel.title), qsTr("Leave"), "leave", 0)
                }

                // A supergroup's members (§23.3), in pages of 200 loaded as the user scrolls
                // down to them: it may have 200,000, so never all at once.
                SettingsHeading {
                    visible: channelModel.megagroup
                    text: qsTr("Members")
                }
                Repeater {
                    objectName: "supergroupMemberRows"
                    model: channelModel.megagroup ? members : null
                    delegate: StaffRow {
                        required property double userId
                        required property string role
                        required name
                        objectName: "supergroupMemberRow"
                        // StaffRow's own `name` is the shown one; the role's is the badge.
                        badge: role === "owner" ? qsTr("owner") : role === "admin" ? qsTr("admin") : ""
                    }
                }
                BusyIndicator {
                    Layout.alignment: Qt.AlignHCenter
                    visible: channelModel.megagroup && members.busy
                    running: visible
                }
            }
        }
    }

    SupergroupMembers {
        id: members
        context: Session.context
        // Only while shown, and asked again each time it is (members come and go).
        chatId: page.visible && channelModel.megagroup ? page.channelId : 0
    }

    ConfirmDialog {
        id: confirm
        objectName: "channelConfirm"
        // What Accept does: "leave", or "demote" the admin pendingUserId.
        property string pendingAction
        property double pendingUserId: 0
        function ask(question, actionName, action, userId) {
            confirm.text = question;
            confirm.actionText = actionName;
            confirm.pendingAction = action;
            confirm.pendingUserId = userId;
            confirm.open();
        }
        title: qsTr("Channel")
        onAccepted: {
            if (confirm.pendingAction === "leave")
                channelModel.leave();
            else if (confirm.pendingAction === "demote")
                channelModel.setAdmin(confirm.pendingUserId, false);
            confirm.pendingAction = "";
        }
    }

    // A heading above a list on this page.
    component SettingsHeading: Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacing * 2
        Layout.topMargin: Theme.spacing
        font.bold: true
        color: Theme.accent
        font.pixelSize: Theme.smallFontSize
    }

    // The owner or an admin: avatar, name, badge, and (for the owner's eyes) "remove admin".
    component StaffRow: ItemDelegate {
        id: staff
        property string name
        property string badge
        property bool removable: false
        signal removeRequested
        Layout.fillWidth: true
        contentItem: RowLayout {
            spacing: Theme.spacing + 4
            Avatar {
                name: staff.name
                size: 36
            }
            Label {
                Layout.fillWidth: true
                text: staff.name.length > 0 ? staff.name : "\u2026"
                elide: Text.ElideRight
                color: Theme.text
            }
            Label {
                text: staff.badge
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
            }
            IconButton {
                objectName: "removeAdminButton"
                visible: staff.removable
                text: "\u00d7"
                tip: qsTr("Remove admin")
                onClicked: staff.removeRequested()
            }
        }
    }
}
