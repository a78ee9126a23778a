import QtQuick
import QtQuick.Controls
import Messenger.Messages
import Messenger.Ui.Common

// One row of the chat list: avatar, title, last message, its time, the unread count and, when
// the last message is ours, its delivery mark, the pin and mute marks. A right click or a long
// press opens the row's menu (pin or unpin, mute for a time or unmute). Plain properties so it
// can be tested alone.
ItemDelegate {
    id: row

    property string title
    property string lastText
    property date lastDate
    property int unreadCount: 0
    property int lastOutgoingState: MessageState.None
    property bool selected: false
    property bool pinned: false
    property bool muted: false
    // An end-to-end encrypted secret chat: a lock before the title (Telegram's green lock).
    property bool secret: false
    property string typingText
    property string draftText
    // The chat's photo URL (docs/protocol.md §24); "": the letter avatar.
    property string photo

    // The user asked to pin (true) or unpin (false) this chat; the list's owner asks the server.
    signal pinToggled(bool pin)
    // The user asked to mute for `seconds` (0: forever), or to unmute (`mute` false).
    signal muteRequested(bool mute, int seconds)

    function openMenu() {
        rowMenu.popup();
    }

    // Today: the time; this week: the weekday; older: the date.
    function shortStamp(when) {
        if (isNaN(when.getTime()))
            return "";
        const now = new Date();
        const ageDays = (now - when) / 86400000;
        if (when.toDateString() === now.toDateString())
            return when.toLocaleTimeString(Qt.locale(), "hh:mm");
        if (ageDays < 6)
            return when.toLocaleDateString(Qt.locale(), "ddd");
        return when.toLocaleDateString(Qt.locale(), Locale.ShortFormat);
    }

    implicitHeight: Theme.avatarSize + 2 * Theme.spacing + 4
    padding: Theme.spacing
    leftPadding: Theme.spacing + 4
    rightPadding: Theme.spacing + 4

    background: Rectangle {
        color: row.selected ? Theme.selection : row.hovered ? Theme.pane : Theme.window
    }

    onPressAndHold: openMenu()

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: row.openMenu()
    }

    Menu {
        id: rowMenu
        objectName: "chatRowMenu"
        MenuItem {
            objectName: "pinMenuItem"
            text: row.pinned ? qsTr("Unpin") : qsTr("Pin to top")
            onTriggered: row.pinToggled(!row.pinned)
        }
        MenuItem {
            objectName: "unmuteMenuItem"
            visible: row.muted
            height: visible ? implicitHeight : 0
            text: qsTr("Unmute")
            onTriggered: row.muteRequested(false, 0)
        }
        // Telegram's choices; the server counts the time on its own clock.
        Menu {
            id: muteMenu
            objectName: "muteMenu"
            title: qsTr("Mute")
            enabled: !row.muted
            MenuItem {
                objectName: "muteHourMenuItem"
                text: qsTr("For 1 hour")
                onTriggered: row.muteRequested(true, 3600)
            }
            MenuItem {
                objectName: "muteEightHoursMenuItem"
                text: qsTr("For 8 hours")
                onTriggered: row.muteRequested(true, 8 * 3600)
            }
            MenuItem {
                objectName: "muteTwoDaysMenuItem"
                text: qsTr("For 2 days")
                onTriggered: row.muteRequested(true, 2 * 24 * 3600)
            }
            MenuItem {
                objectName: "muteForeverMenuItem"
                text: qsTr("Forever")
                onTriggered: row.muteRequested(true, 0)
            }
        }
    }

    contentItem: ChatListRow {
        title: row.title
        lastText: row.lastText
        stamp: row.shortStamp(row.lastDate)
        unreadCount: row.unreadCount
        lastOutgoingState: row.lastOutgoingState
        pinned: row.pinned
        muted: row.muted
        secret: row.secret
        typingText: row.typingText
        draftText: row.draftText
        photo: row.photo
    }
}
