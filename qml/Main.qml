import QtQuick
import QtQuick.Controls
import Messenger.Account
import Messenger.Accounts
import Messenger.Notifications
import Messenger.Ui.Common
import Messenger.Ui.Login
import Messenger.Ui.Chats
import Messenger.Ui.Groups
import Messenger.Ui.Messages
import Messenger.Ui.Devices
import Messenger.Ui.Settings
import Messenger.Ui.Contacts

// The window: the login page until the session is signed in, then the chat list and chats.
ApplicationWindow {
    id: window

    width: 1100
    height: 720
    minimumWidth: 320
    minimumHeight: 480
    visible: true
    // Qt adds the application's name ("Alice — Messenger"); an empty title shows it alone. The
    // unread count of the chats not muted goes first, as in a browser tab: "(3) Alice".
    title: Session.chats && Session.chats.unreadTotal > 0
           ? qsTr("(%1) %2").arg(Session.chats.unreadTotal).arg(Session.displayName)
           : Session.displayName
    color: Theme.window

    palette.window: Theme.window
    palette.base: Theme.window
    palette.text: Theme.text
    palette.windowText: Theme.text
    palette.buttonText: Theme.text
    palette.button: Theme.pane
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.textOnAccent
    palette.placeholderText: Theme.secondaryText
    palette.mid: Theme.divider
    palette.dark: Theme.pane
    palette.light: Theme.window
    palette.midlight: Theme.pane

    Loader {
        anchors.fill: parent
        sourceComponent: {
            switch (Session.state) {
            case Session.SignedIn: return signedIn;
            case Session.Starting: return starting;
            default: return login;
            }
        }
    }

    Component {
        id: starting
        Rectangle {
            color: Theme.window
            BusyIndicator {
                anchors.centerIn: parent
                running: true
            }
        }
    }

    Component {
        id: login
        Item {
            LoginPage {
                anchors.fill: parent
            }
            // "Add account" opened this page: back to the account shown before.
            Button {
                objectName: "cancelAddAccount"
                visible: Accounts.adding
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: Theme.spacing * 2
                text: qsTr("Cancel")
                onClicked: Accounts.cancelAdding()
            }
            // A signed-out (or locked) account among others: the others stay reachable.
            Button {
                objectName: "loginAccountsButton"
                visible: Accounts.switchingEnabled && Accounts.count > 1 && !Accounts.adding
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: Theme.spacing * 2
                text: qsTr("Accounts")
                onClicked: loginSwitcher.open()
            }
            AccountSwitcher {
                id: loginSwitcher
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 420)
                onRemoveRequested: (index, name) => {
                    loginRemoveConfirm.index = index;
                    loginRemoveConfirm.text = qsTr("%1 is signed out on this computer and its messages are deleted from it. The account itself stays: log in again to use it here.").arg(name);
                    loginRemoveConfirm.open();
                }
            }
            ConfirmDialog {
                id: loginRemoveConfirm
                property int index: -1
                title: qsTr("Remove account?")
                actionText: qsTr("Remove")
                onAccepted: Accounts.removeAccount(index)
            }
        }
    }

    Component {
        id: signedIn

        AdaptiveShell {
            id: shell

            listPage: Component {
                ChatListPage {
                    id: chatListPage
                    selectedChatId: shell.wide ? shell.currentChatId : 0
                    onChatChosen: (chatId, title) => shell.openChat(chatId, title)
                    onMessageChosen: (chatId, localId, chatTitle) => shell.openChat(chatId, chatTitle, localId)
                    onNewChatRequested: newChat.open()
                    onNewChannelRequested: newChannel.open()
                    onFindChannelsRequested: findChannels.open()
                    onNewGroupRequested: newGroup.open()
                    onJoinByLinkRequested: joinByLink.open()
                    onDevicesRequested: devices.open()
                    onContactsRequested: contactsPopup.open()
                    onProfileRequested: myProfilePopup.open()
                    onSettingsRequested: settings.open()
                    onLogOutRequested: logOutConfirm.open()
                    accountsEnabled: Accounts.switchingEnabled
                    otherAccountsUnread: Accounts.otherUnread
                    onAccountsRequested: accountSwitcher.open()
                    onPinRequested: (chatId, pin) => Session.setChatPinned(chatId, pin)
                    onMuteRequested: (chatId, mute, seconds) => Session.setChatMuted(chatId, mute, seconds)

                    Connections {
                        target: shell
                        function onSearchRequested() {
                            chatListPage.openSearch();
                        }
                    }
                }
            }
            chatPage: Component {
                ChatPage {
                    onBack: shell.closeChat()
                    onOpenChatRequested: (chatId, title) => shell.openChat(chatId, title)
                    onUserProfileRequested: userId => userProfilePopup.show(userId)
                }
            }
            emptyChatPage: Component {
                EmptyChatPlaceholder {}
            }

            // Telegram Desktop's keys: Ctrl+K searches, Ctrl+Tab / Ctrl+Shift+Tab (and
            // Ctrl+PgDown / Ctrl+PgUp) walk the chat list, Esc closes the open chat.
            signal searchRequested

            function showChatAfter(steps) {
                const next = Session.chats.chatAfter(shell.currentChatId, steps);
                if (next !== 0)
                    shell.openChat(next, Session.chats.titleOf(next));
            }

            Shortcut {
                sequence: "Ctrl+K"
                onActivated: {
                    if (!shell.wide && shell.currentChatId !== 0)
                        shell.closeChat();
                    shell.searchRequested();
                }
            }
            Shortcut {
                sequences: ["Ctrl+Tab", "Ctrl+PgDown"]
                onActivated: shell.showChatAfter(1)
            }
            Shortcut {
                sequences: ["Ctrl+Shift+Tab", "Ctrl+Backtab", "Ctrl+PgUp"]
                onActivated: shell.showChatAfter(-1)
            }
            Shortcut {
                sequence: "Esc"
                enabled: shell.currentChatId !== 0
                onActivated: shell.closeChat()
            }

            // A secret chat this window started: open it (its row may not be listed yet).
            Connections {
                target: Session
                function onSecretChatStarted(chatId) {
                    const title = Session.chats.titleOf(chatId);
                    shell.openChat(chatId, title.length > 0 ? title : qsTr("Secret chat"));
                }
                function onSecretChatRefused(message) {
                    secretRefused.text = message;
                    secretRefused.open();
                }
            }

            Dialog {
                id: secretRefused
                objectName: "secretChatRefused"
                property alias text: refusedText.text
                anchors.centerIn: parent
                title: qsTr("Secret chat")
                modal: true
                standardButtons: Dialog.Ok
                Label {
                    id: refusedText
                    wrapMode: Text.Wrap
                    width: Math.min(window.width - 64, 360)
                }
            }

            // A click on a message's notification: back to the window, in that chat.
            Connections {
                target: Notifier
                function onChatRequested(chatId, title) {
                    window.show();
                    window.raise();
                    window.requestActivate();
                    shell.openChat(chatId, title);
                }
            }

            ConfirmDialog {
                id: logOutConfirm
                objectName: "logOutConfirm"
                title: qsTr("Log out?")
                text: qsTr("This device stops receiving messages until you log in again with your username and password.")
                actionText: qsTr("Log out")
                onAccepted: Session.logOut()
            }

            AccountSwitcher {
                id: accountSwitcher
                objectName: "accountSwitcher"
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 420)
                onRemoveRequested: (index, name) => {
                    removeAccountConfirm.index = index;
                    removeAccountConfirm.text = qsTr("%1 is signed out on this computer and its messages are deleted from it. The account itself stays: log in again to use it here.").arg(name);
                    removeAccountConfirm.open();
                }
            }

            ConfirmDialog {
                id: removeAccountConfirm
                objectName: "removeAccountConfirm"
                property int index: -1
                title: qsTr("Remove account?")
                actionText: qsTr("Remove")
                onAccepted: Accounts.removeAccount(index)
            }

            NewGroupDialog {
                id: newGroup
                objectName: "newGroupDialog"
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 420)
                onGroupCreated: (chatId, title) => shell.openChat(chatId, title)
            }

            JoinByLinkDialog {
                id: joinByLink
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 420)
                onJoined: (chatId, title) => shell.openChat(chatId, title)
            }

            NewChatDialog {
                id: newChat
                objectName: "newChatDialog"
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 420)
                onChatReady: (chatId, title) => shell.openChat(chatId, title)
            }

            NewChannelDialog {
                id: newChannel
                objectName: "newChannelDialog"
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 420)
                onChannelReady: (chatId, title) => shell.openChat(chatId, title)
            }

            FindChannelsDialog {
                id: findChannels
                objectName: "findChannelsDialog"
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 480)
                onChannelReady: (chatId, title) => shell.openChat(chatId, title)
            }

            Popup {
                id: devices
                anchors.centerIn: parent
                width: Math.min(parent.width, 480)
                height: Math.min(parent.height, 640)
                modal: true
                padding: 0
                contentItem: Loader {
                    active: devices.opened
                    sourceComponent: DevicesPage {
                        onCloseRequested: devices.close()
                    }
                }
            }

            // Contacts and profiles: full-window pages on a phone, a centred pane on a desktop
            // (as Devices and Settings).
            Popup {
                id: contactsPopup
                objectName: "contactsPopup"
                anchors.centerIn: parent
                width: Math.min(parent.width, 480)
                height: Math.min(parent.height, 720)
                modal: true
                padding: 0
                contentItem: Loader {
                    active: contactsPopup.opened
                    sourceComponent: ContactsPage {
                        onCloseRequested: contactsPopup.close()
                        onChatRequested: (userId, title) => shell.openPrivateChatWith(userId, title)
                        onProfileRequested: userId => userProfilePopup.show(userId)
                    }
                }
            }

            Popup {
                id: myProfilePopup
                objectName: "myProfilePopup"
                anchors.centerIn: parent
                width: Math.min(parent.width, 480)
                height: Math.min(parent.height, 720)
                modal: true
                padding: 0
                contentItem: Loader {
                    active: myProfilePopup.opened
                    sourceComponent: MyProfilePage {
                        onCloseRequested: myProfilePopup.close()
                    }
                }
            }

            Popup {
                id: userProfilePopup
                objectName: "userProfilePopup"
                property double userId: 0
                function show(id) {
                    userProfilePopup.userId = id;
                    userProfilePopup.open();
                }
                anchors.centerIn: parent
                width: Math.min(parent.width, 480)
                height: Math.min(parent.height, 720)
                modal: true
                padding: 0
                contentItem: Loader {
                    active: userProfilePopup.opened
                    sourceComponent: UserProfilePage {
                        userId: userProfilePopup.userId
                        onCloseRequested: userProfilePopup.close()
                        onChatRequested: (userId, title) => {
                            userProfilePopup.close();
                            contactsPopup.close();
                            shell.openPrivateChatWith(userId, title);
                        }
                    }
                }
            }

            // Opens the private chat with a user once the core has it locally.
            property string pendingChatTitle
            property bool chatPending: false
            function openPrivateChatWith(userId, title) {
                contactsPopup.close();
                shell.pendingChatTitle = title;
                shell.chatPending = true;
                Session.openPrivateChat(userId);
            }
            Connections {
                target: Session
                enabled: shell.chatPending
                function onChatOpened(chatId) {
                    shell.chatPending = false;
                    shell.openChat(chatId, shell.pendingChatTitle);
                }
            }

            Popup {
                id: settings
                objectName: "settingsPopup"
                anchors.centerIn: parent
                width: Math.min(parent.width, 480)
                height: Math.min(parent.height, 640)
                modal: true
                padding: 0
                contentItem: Loader {
                    active: settings.opened
                    sourceComponent: SettingsPage {
                        onCloseRequested: settings.close()
                        onDevicesRequested: {
                            settings.close();
                            devices.open();
                        }
                    }
                }
            }
        }
    }
}
