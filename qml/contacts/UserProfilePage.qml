import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Contacts
import Messenger.Ui.Common

// Another user's profile, opened from a private chat's header or the Contacts page: letter
// avatar, name, @username, "about", last seen as the user may see it (docs/protocol.md §14.1),
// and the acts: Message, Add contact (where they stand otherwise), Block / Unblock.
Page {
    id: page

    property double userId: 0

    signal closeRequested
    signal chatRequested(double userId, string title)

    readonly property var presence: Session.context ? Session.context.presence : null
    // The header's line while the presence knows it ("online", "last seen …"), else the
    // profile's own answer.
    readonly property string lastSeenLine: {
        const live = page.presence && page.presence.revision >= 0 && page.userId > 0
                     ? page.presence.line(page.userId) : "";
        if (live.length > 0)
            return live;
        if (profile.lastSeenAt > 0)
            return qsTr("last seen %1").arg(new Date(profile.lastSeenAt).toLocaleString(Qt.locale(), Locale.ShortFormat));
        switch (profile.lastSeen) {
        case "recently": return qsTr("last seen recently");
        case "lastWeek": return qsTr("last seen within a week");
        case "lastMonth": return qsTr("last seen within a month");
        case "longAgo": return qsTr("last seen a long time ago");
        }
        return "";
    }

    onUserIdChanged: {
        if (page.presence && page.userId > 0)
            page.presence.watch(page.userId);
    }

    background: Rectangle {
        color: Theme.window
    }

    header: ChatHeader {
        title: qsTr("Profile")
        showBack: true
        onBack: page.closeRequested()
    }

    ProfileModel {
        id: profile
        objectName: "userProfileModel"
        context: Session.context
        userId: page.userId
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + Theme.spacing * 4
        clip: true

        ColumnLayout {
            id: column
            x: Theme.spacing * 2
            y: Theme.spacing * 2
            width: parent.width - Theme.spacing * 4
            spacing: Theme.spacing

            Avatar {
                Layout.alignment: Qt.AlignHCenter
                objectName: "userProfileAvatar"
                name: profile.displayName.length > 0 ? profile.displayName : profile.username
                photo: profile.photoUrl
                size: 96
            }
            Label {
                objectName: "userProfileName"
                Layout.alignment: Qt.AlignHCenter
                text: profile.displayName
                color: Theme.text
                font.pixelSize: Theme.fontSize + 4
                font.bold: true
            }
            Label {
                objectName: "userProfileLastSeen"
                Layout.alignment: Qt.AlignHCenter
                visible: text.length > 0
                text: page.lastSeenLine
                color: Theme.secondaryText
            }
            Label {
                objectName: "userProfileUsername"
                text: "@" + profile.username
                visible: profile.username.length > 0
                color: Theme.accent
            }
            Label {
                objectName: "userProfileAbout"
                Layout.fillWidth: true
                visible: text.length > 0
                text: profile.about
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "userProfileRelation"
                Layout.fillWidth: true
                visible: text.length > 0
                text: profile.blocked ? qsTr("You blocked this user.")
                    : profile.contactStatus === "contact" ? qsTr("In your contacts")
                    : profile.contactStatus === "outgoing" ? qsTr("Invitation sent")
                    : profile.contactStatus === "incoming" ? qsTr("Invited you to their contacts")
                    : profile.contactStatus === "denied" ? qsTr("Your invitation was denied")
                    : ""
                color: Theme.secondaryText
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "userProfileError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: profile.errorText
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Button {
                    objectName: "messageButton"
                    text: qsTr("Message")
                    highlighted: true
                    onClicked: page.chatRequested(page.userId, profile.displayName)
                }
                Button {
                    objectName: "addContactButton"
                    visible: profile.contactStatus === "none" || profile.contactStatus === "incoming"
                    enabled: !profile.busy
                    text: profile.contactStatus === "incoming" ? qsTr("Accept invitation")
                                                               : qsTr("Add contact")
                    onClicked: profile.addContact()
                }
                Button {
                    objectName: "blockButton"
                    enabled: !profile.busy
                    text: profile.blocked ? qsTr("Unblock") : qsTr("Block")
                    onClicked: profile.setBlocked(!profile.blocked)
                }
            }
        }
    }
}
