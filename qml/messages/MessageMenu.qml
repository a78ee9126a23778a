import QtQuick
import QtQuick.Controls

// The context menu of one message (right-click on desktop, long-press on touch): what the user
// may do with it. The owner fills in the message's facts and acts on the signals.
Menu {
    id: menu
    objectName: "messageMenu"

    property string text
    // A sent message of one's own within the edit window (MessageActions.canEdit).
    property bool canEdit: false
    // Sent (on the server): edit and delete go through the server; a pending or failed one is
    // the composer's business (retry, delete).
    property bool sent: false
    // Replies and forwards exist in private chats and groups (docs/protocol.md §19), not in
    // channels or secret chats.
    property bool canReply: false
    // Pinning (docs/protocol.md §17.4): offered where replies are; `pinned`: this message is
    // the chat's pinned one, so the entry unpins it.
    property bool canPin: false
    property bool pinned: false
    // One's own sent message in a group of at most 100 members: who read it (§21).
    property bool canShowReaders: false

    signal copyRequested
    signal replyRequested
    signal forwardRequested
    signal selectRequested
    signal pinRequested(bool pin)
    signal editRequested
    signal deleteRequested
    signal readersRequested

    MenuItem {
        objectName: "menuCopy"
        text: qsTr("Copy")
        enabled: menu.text.length > 0
        onTriggered: menu.copyRequested()
    }
    MenuItem {
        objectName: "menuReply"
        text: qsTr("Reply")
        visible: menu.canReply && menu.sent
        height: visible ? implicitHeight : 0
        onTriggered: menu.replyRequested()
    }
    MenuItem {
        objectName: "menuForward"
        text: qsTr("Forward")
        visible: menu.canReply && menu.sent
        height: visible ? implicitHeight : 0
        onTriggered: menu.forwardRequested()
    }
    // Several messages at once (forward or copy): this one selected, then a tap on others.
    MenuItem {
        objectName: "menuSelect"
        text: qsTr("Select")
        visible: menu.sent
        height: visible ? implicitHeight : 0
        onTriggered: menu.selectRequested()
    }
    MenuItem {
        objectName: "menuPin"
        text: menu.pinned ? qsTr("Unpin") : qsTr("Pin")
        visible: menu.canPin && menu.sent
        height: visible ? implicitHeight : 0
        onTriggered: menu.pinRequested(!menu.pinned)
    }
    MenuItem {
        objectName: "menuReadBy"
        text: qsTr("Read by")
        visible: menu.canShowReaders && menu.sent
        height: visible ? implicitHeight : 0
        onTriggered: menu.readersRequested()
    }
    MenuItem {
        objectName: "menuEdit"
        text: qsTr("Edit")
        visible: menu.canEdit
        height: visible ? implicitHeight : 0
        onTriggered: menu.editRequested()
    }
    MenuItem {
        objectName: "menuDelete"
        text: qsTr("Delete")
        visible: menu.sent
        height: visible ? implicitHeight : 0
        onTriggered: menu.deleteRequested()
    }
}
