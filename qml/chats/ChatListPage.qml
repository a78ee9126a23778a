import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common
import Messenger.Ui.Search

// The chat list with its header (menu, title, history search) and the new-chat button.
Page {
    id: page
    objectName: "chatListPage"

    // Ids are 64-bit: a JS number (double) holds them exactly up to 2^53; an int would cut them
    // to 32 bits (docs/client-api.md).
    property double selectedChatId: 0
    property bool searching: false
    // The menu's "Accounts" entry (the app's switcher) and the unread count of the accounts
    // not shown; set by the window.
    property bool accountsEnabled: false
    property int otherAccountsUnread: 0
    // Who types where (docs/protocol.md §17): the row shows it instead of the last message.
    readonly property var typing: Session.context ? Session.context.typing : null
    // Each chat's draft (docs/protocol.md §17.2), shown instead of the last message.
    readonly property var drafts: Session.context ? Session.context.drafts : null

    signal chatChosen(double chatId, string title)
    signal messageChosen(double chatId, double localId, string chatTitle)
    signal newChatRequested
    signal newChannelRequested
    signal findChannelsRequested
    signal newGroupRequested
    signal joinByLinkRequested
    signal devicesRequested
    signal contactsRequested
    signal profileRequested
    signal settingsRequested
    signal logOutRequested
    signal accountsRequested
    // From a row's menu; the composition root hands it to the pins service (core/pins).
    signal pinRequested(double chatId, bool pin)
    // From a row's menu; the composition root hands it to the mutes service (core/mutes).
    signal muteRequested(double chatId, bool mute, int seconds)

    background: Rectangle {
        color: Theme.window
    }

    header: Column {
        Rectangle {
            width: parent.width
            height: Theme.headerHeight
            color: Theme.window

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 4
                anchors.rightMargin: 4
                spacing: 4

                IconButton {
                    objectName: "menuButton"
                    text: page.searching ? "\u2190" : "\u2630"
                    tip: page.searching ? qsTr("Close search") : qsTr("Menu")
                    onClicked: page.searching ? page.closeSearch() : menu.open()

                    Menu {
                        id: menu
                        y: parent.height
                        MenuItem {
                            text: qsTr("New chat")
                            onTriggered: page.newChatRequested()
                        }
                        MenuItem {
                            objectName: "newGroupMenuItem"
                            text: qsTr("New group")
                            onTriggered: page.newGroupRequested()
                        }
                        MenuItem {
                            objectName: "joinByLinkMenuItem"
                            text: qsTr("Join group by link")
                            onTriggered: page.joinByLinkRequested()
                        }
                        MenuItem {
                            objectName: "newChannelMenuItem"
                            text: qsTr("New channel")
                            onTriggered: page.newChannelRequested()
                        }
                        MenuItem {
                            objectName: "findChannelsMenuItem"
                            text: qsTr("Find channels")
                            onTriggered: page.findChannelsRequested()
                        }
                        MenuItem {
                            objectName: "contactsMenuItem"
                            text: qsTr("Contacts")
                            onTriggered: page.contactsRequested()
                        }
                        MenuItem {
                            objectName: "myProfileMenuItem"
                            text: qsTr("My profile")
                            onTriggered: page.profileRequested()
                        }
                        MenuItem {
                            text: qsTr("Devices")
                            onTriggered: page.devicesRequested()
                        }
                        MenuItem {
                            objectName: "accountsMenuItem"
                            // Only where the app keeps several accounts (not with --profile).
                            visible: page.accountsEnabled
                            height: visible ? implicitHeight : 0
                            text: page.otherAccountsUnread > 0
                                  ? qsTr("Accounts (%n unread)", "", page.otherAccountsUnread)
                                  : qsTr("Accounts")
                            onTriggered: page.accountsRequested()
                        }
                        MenuItem {
                            objectName: "settingsMenuItem"
                            text: qsTr("Settings")
                            onTriggered: page.settingsRequested()
                        }
                        MenuSeparator {}
                        MenuItem {
                            text: qsTr("Log out")
                            onTriggered: page.logOutRequested()
                        }
                    }
                }
                Label {
                    visible: !page.searching
                    Layout.fillWidth: true
                    text: qsTr("Chats")
                    color: Theme.text
                    font.pixelSize: Theme.fontSize + 3
                    font.bold: true
                }
                TextField {
                    id: searchField
                    objectName: "historySearchField"
                    visible: page.searching
                    Layout.fillWidth: true
                    placeholderText: qsTr("Search messages")
                    color: Theme.text
                    placeholderTextColor: Theme.secondaryText
                    Keys.onEscapePressed: page.closeSearch()
                }
                IconButton {
                    objectName: "openSearchButton"
                    visible: !page.searching
                    icon.source: "qrc:/Messenger/Ui/icons/search.svg"
                    tip: qsTr("Search messages")
                    onClicked: page.openSearch()
                }
            }
        }
        ConnectionBanner {
            width: parent.width
            connection: Session.connection
            networkReachable: Session.networkReachable
            retryAt: Session.retryAt
            proxyProblem: Session.proxyProblem
            onRetryRequested: Session.reconnectNow()
        }
        TransportNotice {
            width: parent.width
            radius: 0
            onAllowRequested: allow => Session.allowInsecureTransport = allow
        }
        Rectangle {
            width: parent.width
            height: 1
            color: Theme.divider
        }
    }

    function openSearch() {
        searching = true;
        searchField.forceActiveFocus();
    }

    function closeSearch() {
        searchField.clear();
        searching = false;
    }

    ListView {
        id: chats
        objectName: "chatList"
        anchors.fill: parent
        visible: !page.searching
        clip: true
        reuseItems: true
        model: Session.chats
        ScrollBar.vertical: ScrollBar {}

        delegate: ChatListDelegate {
            required property double chatId
            required property var model

            width: ListView.view.width
            title: model.title
            lastText: model.lastText
            lastDate: model.lastDate
            unreadCount: model.unreadCount
            lastOutgoingState: model.lastOutgoingState
            pinned: model.pinned
            muted: model.muted
            secret: model.isSecret
            photo: model.photoUrl
            typingText: page.typing && page.typing.revision >= 0
                        ? page.typing.line(chatId, model.kind === "group") : ""
            // A draft's newlines would break the one line: shown as spaces.
            draftText: page.drafts && page.drafts.revision >= 0
                       ? page.drafts.text(chatId).replace(/\s+/g, " ") : ""
            selected: chatId === page.selectedChatId
            onPinToggled: pin => page.pinRequested(chatId, pin)
            onMuteRequested: (mute, seconds) => page.muteRequested(chatId, mute, seconds)
            onClicked: page.chatChosen(chatId, title)
        }

        Label {
            anchors.centerIn: parent
            width: parent.width - 4 * Theme.spacing
            visible: chats.count === 0
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: qsTr("No chats yet. Start one with the pencil button.")
            color: Theme.secondaryText
        }
    }

    HistorySearch {
        anchors.fill: parent
        visible: page.searching
        query: searchField.text
        onHitChosen: (chatId, localId, chatTitle) => page.messageChosen(chatId, localId, chatTitle)
    }

    RoundButton {
        objectName: "newChatButton"
        visible: !page.searching
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 16
        width: 56
        height: 56
        text: "\u270E"
        font.pixelSize: 22
        Accessible.name: qsTr("New chat")
        palette.button: Theme.accent
        palette.buttonText: Theme.textOnAccent
        onClicked: page.newChatRequested()
    }

    // A pin or mute the server or the lost link refused: nothing changed; said for a few
    // seconds.
    Connections {
        target: Session
        function onPinRefused(chatId: double, pinned: bool, message: string) {
            page.showRefusal(message);
        }
        function onMuteRefused(chatId: double, muted: bool, message: string) {
            page.showRefusal(message);
        }
    }

    function showRefusal(message) {
        pinNotice.text = message;
        pinNotice.visible = true;
        pinNoticeTimer.restart();
    }

    Label {
        id: pinNotice
        objectName: "pinNotice"
        visible: false
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 88
        width: Math.min(implicitWidth, parent.width - 4 * Theme.spacing)
        padding: Theme.spacing
        wrapMode: Text.Wrap
        color: Theme.warningText
        background: Rectangle {
            radius: Theme.radius
            color: Theme.warning
        }

        Timer {
            id: pinNoticeTimer
            interval: 4000
            onTriggered: pinNotice.visible = false
        }
    }
}
