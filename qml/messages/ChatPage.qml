import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import Messenger.Messages
import Messenger.Account
import Messenger.Channels
import Messenger.Comments
import Messenger.Ui.Comments
import Messenger.Ui.Common
import Messenger.Ui.Groups

// One open chat: header, the messages (newest at the bottom, older pages fetched when the user
// scrolls up) and the composer. Marks the chat read while it is on screen and scrolled down.
//
// Following the newest message: while the user is at the bottom (view.followNewest), anything
// that moves the end of the content (an arrival, a sent message, a delegate growing after
// layout, a resize re-wrapping the texts) puts the view back at the end. Only the user's own
// scrolling (a drag or flick, the wheel, the scroll bar; decided when it ends) leaves or rejoins
// the bottom, never the view's own moves (a layout, a resize, a page inserted). Older pages are
// inserted above what the user reads, which ListView keeps in place.
Page {
    id: page
    objectName: "chatPage"

    // Ids are 64-bit: a JS number (double) holds them exactly up to 2^53; an int would cut them
    // to 32 bits (docs/client-api.md).
    property double chatId: 0
    property string chatTitle
    property bool showBack: false
    // A message to show when the page opens (from history search); 0: the newest.
    property double jumpToLocalId: 0
    // Names above incoming bubbles: only useful with more than one other person (groups).
    property bool showSenderNames: false
    // The message shown highlighted for a moment after a jump to it; 0: none.
    property double highlightedLocalId: 0

    signal back
    // Another chat is to be shown in place of this one (an upgraded group's supergroup).
    signal openChatRequested(double chatId, string title)
    // The private chat's header was tapped: the peer's profile.
    signal userProfileRequested(double userId)

    // A channel (docs/protocol.md §15): the header counts its subscribers; its owner and admins
    // post with the composer, everyone else gets Mute/Unmute and Leave channel instead.
    ChannelDirectory {
        id: channelInfo
        context: Session.context
        channelId: page.chatId
        onLeft: page.back()
    }
    readonly property bool isChannel: channelInfo.isChannel
    // A supergroup is a channel whose members all write (§23): a group to its users, without
    // comment threads under its messages.
    readonly property bool isBroadcast: isChannel && !channelInfo.isSupergroup

    // Who types here, shared with the chat list (Session.context.typing; docs/protocol.md §17).
    // Reading revision makes the binding follow every change of the indicators.
    readonly property var typing: Session.context ? Session.context.typing : null
    readonly property bool isGroup: Session.chats.kindOf(page.chatId) === "group"
    // The supergroup this group became (docs/protocol.md §23.4); 0: not upgraded. The group
    // then takes no new messages: the composer gives way to a bar that opens the supergroup.
    property double upgradedToChatId: 0
    function refreshUpgrade() {
        page.upgradedToChatId = page.isGroup ? messages.upgradedTo() : 0;
    }
    onIsGroupChanged: page.refreshUpgrade()
    readonly property string typingLine: page.typing && page.typing.revision >= 0
                                         ? page.typing.line(page.chatId, page.isGroup) : ""
    // The chat the composer last told typing notices about (a stop goes there on a switch).
    property double typingChatId: 0

    onChatIdChanged: {
        page.cancelReply(); // a reply answers a message of the chat it was started in
        page.cancelSelection(); // a selection is of one chat's messages
        composerFiles.clear(); // files picked for one chat are not sent to another
        if (page.typing && page.typingChatId !== 0)
            page.typing.composerStopped(page.typingChatId);
        page.typingChatId = page.chatId;
        if (page.completed)
            page.switchDraft();
    }
    Component.onDestruction: {
        if (page.typing && page.typingChatId !== 0)
            page.typing.composerStopped(page.typingChatId);
        if (page.drafts && page.draftChatId !== 0)
            page.drafts.saveNow(page.draftChatId); // leaving the chat keeps what was typed
        if (page.presence && page.isGroup)
            page.presence.watchGroup([]); // no minute's fetch for a group no longer shown
    }

    // ---- Drafts (docs/protocol.md §17.2): the composer's text is the chat's draft, shared
    // with the chat list and the account's other devices (Session.context.drafts).
    readonly property var drafts: Session.context ? Session.context.drafts : null
    // The chat whose draft the composer holds, and whether the page is complete (a chat id set
    // while it is created is restored in Component.onCompleted).
    property double draftChatId: 0
    property bool completed: false
    // Set while the page itself writes the composer (a restored draft): not the user typing.
    property bool restoringDraft: false

    function putComposerText(text) {
        page.restoringDraft = true;
        composer.text = text;
        page.restoringDraft = false;
    }
    function switchDraft() {
        if (!page.drafts || page.draftChatId === page.chatId)
            return;
        if (page.draftChatId !== 0)
            page.drafts.saveNow(page.draftChatId);
        page.draftChatId = page.chatId;
        page.putComposerText(page.drafts.text(page.chatId));
    }
    // The draft changed elsewhere (another device, or the store loaded it): taken into the
    // composer unless the user typed here within the last seconds (their text wins and is
    // saved next) or is editing a sent message.
    function offerDraft() {
        if (!page.drafts || page.draftChatId === 0 || page.editingMessageId > 0)
            return;
        const text = page.drafts.text(page.draftChatId);
        if (text === composer.text || recentTyping.running)
            return;
        page.putComposerText(text);
    }
    Connections {
        target: page.drafts
        function onChanged() { page.offerDraft(); }
    }
    Timer {
        id: recentTyping
        interval: 3000
    }

    readonly property bool windowActive: Window.active

    function markReadIfSeen() {
        if (page.visible && page.windowActive && view.followNewest && view.atYEnd
                && view.count > 0)
            messages.markRead();
    }

    background: Rectangle {
        color: Theme.chatBackground
    }

    // Secret chats have negative ids (docs/protocol.md §12); a private chat's other member can
    // be asked for one.
    readonly property bool secret: chatId < 0
    readonly property double peerUserId: Session.chats.peerUserIdOf(chatId)
    // The peer's "online" / "last seen …" (docs/protocol.md §17.3), fetched when the chat opens
    // and followed by the server's pushes; revision also moves each minute as the time ages.
    readonly property var presence: Session.context ? Session.context.presence : null
    readonly property string presenceLine: page.presence && page.presence.revision >= 0
                                           && page.peerUserId > 0
                                           ? page.presence.line(page.peerUserId) : ""
    // A group: "N members, M online", its members fetched when it opens (and each minute).
    readonly property var memberIds: page.isGroup ? Session.chats.memberIdsOf(page.chatId) : []
    readonly property string membersLine: {
        if (!page.isGroup || page.memberIds.length === 0)
            return "";
        const members = qsTr("%n member(s)", "", page.memberIds.length);
        const online = page.presence && page.presence.revision >= 0
                     ? page.presence.onlineCount(page.memberIds) : 0;
        return online > 0 ? qsTr("%1, %2").arg(members).arg(qsTr("%n online", "", online))
                          : members;
    }
    function watchPeer() {
        if (!page.presence)
            return;
        page.presence.watchGroup(page.memberIds); // [] unless a group: stops the minute's fetch
        if (page.peerUserId > 0)
            page.presence.watch(page.peerUserId);
    }
    onPeerUserIdChanged: page.watchPeer()
    onMemberIdsChanged: page.watchPeer()

    header: Column {
        ChatHeader {
            width: parent.width
            // A group's title as stored now (renamed here or by another member).
            title: groupInfo.info.isGroup && groupInfo.info.title.length > 0 ? groupInfo.info.title
                                                                              : page.chatTitle
            // §24: a group's photo as its info says (live); a channel's or a private chat's peer's
            // as the chat list has it (photoRevision: again whenever a listed photo changes).
            photo: groupInfo.info.isGroup ? groupInfo.info.photoUrl
                                          : (Session.chats.photoRevision, Session.chats.photoUrlOf(page.chatId))
            // Typing comes first; "online" is in the accent colour, "last seen" in grey.
            subtitle: channelInfo.isSupergroup ? qsTr("%n member(s)", "", channelInfo.subscriberCount)
                    : page.isChannel ? qsTr("%n subscriber(s)", "", channelInfo.subscriberCount)
                    : page.typingLine.length > 0 ? page.typingLine
                    : page.isGroup ? page.membersLine : page.presenceLine
            subtitleAccent: page.typingLine.length > 0
                            || (page.presence !== null && page.presence.revision >= 0
                                && page.presence.isOnline(page.peerUserId))
            showBack: page.showBack
            secret: page.secret
            canStartSecret: !page.secret && page.peerUserId > 0
            onBack: page.back()
            onSecretInfoRequested: secretDialog.open()
            onStartSecretRequested: Session.startSecretChat(page.peerUserId)
            onProfileRequested: {
                if (page.peerUserId > 0)
                    page.userProfileRequested(page.peerUserId);
            }
            // The info model finds the group in the store (also a group just created, which
            // the chat list may not list yet when the page opens).
            canShowInfo: groupInfo.info.isGroup || page.isChannel
            infoTip: page.isBroadcast ? qsTr("Channel info") : qsTr("Group info")
            onInfoRequested: page.isChannel ? channelInfoPage.open() : groupInfo.open()
        }
        // At phone width the chat list (and its banner) is hidden behind the chat: say here
        // why messages may not arrive.
        ConnectionBanner {
            objectName: "chatConnectionBanner"
            width: parent.width
            visible: page.showBack && message.length > 0
            connection: Session.connection
            networkReachable: Session.networkReachable
            retryAt: Session.retryAt
            proxyProblem: Session.proxyProblem
            onRetryRequested: Session.reconnectNow()
        }
        // Loud, and above the messages: a changed key is never accepted silently (§12.6).
        Rectangle {
            objectName: "keyChangedBanner"
            visible: secretInfo.keyChanged
            width: parent.width
            height: visible ? bannerText.implicitHeight + 2 * Theme.spacing : 0
            color: Theme.warning
            Label {
                id: bannerText
                anchors.fill: parent
                anchors.margins: Theme.spacing
                wrapMode: Text.Wrap
                color: Theme.warningText
                text: qsTr("%1's key changed. Tap here to compare the safety number; sending is paused until you do.").arg(page.chatTitle)
            }
            TapHandler {
                onTapped: secretDialog.open()
            }
        }
        PinnedBar {
            objectName: "chatPinnedBar"
            width: parent.width
            visible: page.pinnedMessageId > 0 && page.pinnedFound
            height: visible ? implicitHeight : 0
            senderName: page.pinnedSenderName
            excerpt: page.pinnedExcerpt
            canUnpin: page.canPin()
            onActivated: page.showPinned()
            onUnpin: actions.pin(page.chatId, page.pinnedMessageId, false)
        }
    }

    // ---- Pinned message (docs/protocol.md §17.4): the chat's pinned message, as the chat list
    // holds it, shown above the messages once this device has it stored.
    property double pinnedMessageId: 0
    property bool pinnedFound: false
    property string pinnedSenderName
    property string pinnedExcerpt

    // Either side of a private chat; in a group its owner and admins (the role the chat list
    // stored from the server's Chat).
    function canPin() {
        return page.canReply() && !channelInfo.isSupergroup && Session.chats !== null
                && Session.chats.mayPinMessagesIn(page.chatId);
    }
    // A tap on the bar: the message shown highlighted, as a search hit (loaded first if needed:
    // jumpReady then shows it).
    function showPinned() {
        view.followNewest = false;
        const row = messages.jumpToMessage(page.pinnedMessageId);
        if (row >= 0)
            page.showRow(row, messages.data(messages.index(row, 0), MessageListModel.LocalIdRole));
    }
    function refreshPinned(force) {
        const id = Session.chats ? Session.chats.pinnedMessageIdOf(page.chatId) : 0;
        if (id === page.pinnedMessageId && !force)
            return;
        page.pinnedMessageId = id;
        page.pinnedFound = false;
        if (id > 0)
            messages.loadPinned(id);
    }
    Connections {
        target: Session.chats
        function onDataChanged() { page.refreshPinned(); }
        function onRowsInserted() { page.refreshPinned(); }
        function onModelReset() { page.refreshPinned(); }
    }
    Connections {
        target: messages
        // Read from the model's own chat once it follows the page's.
        function onChatIdChanged() {
            page.refreshPinned(true);
            page.refreshUpgrade();
        }
        // The pinned message may be stored after the pin arrived (a history page).
        function onRowsInserted() {
            if (page.pinnedMessageId > 0 && !page.pinnedFound)
                messages.loadPinned(page.pinnedMessageId);
        }
    }

    SecretChatInfo {
        id: secretInfo
        context: Session.context
        chatId: page.secret ? page.chatId : 0
    }

    // A group's members and what the user may do to it (opened from the header).
    GroupInfoPage {
        id: groupInfo
        chatId: page.chatId
        onLeftGroup: page.back()
        // The supergroup is stored and followed now: it is opened in place of this group.
        onUpgradedTo: (chatId, title) => page.openChatRequested(chatId, title)
    }

    // Comments on channel posts (docs/protocol.md §22): the counts under the posts, and the
    // thread page a post's button opens.
    PostCommentCounts {
        id: postCounts
        context: Session.context
        chatId: page.isBroadcast ? page.chatId : 0
    }
    CommentsPage {
        id: commentsPage
        channelId: page.chatId
        moderator: channelInfo.canPost
    }
    function openComments(postId, postText) {
        commentsPage.postId = postId;
        commentsPage.postText = postText;
        commentsPage.open();
    }

    // A channel's facts, staff and settings (opened from the header).
    ChannelInfoPage {
        id: channelInfoPage
        channelId: page.chatId
        onLeftChannel: page.back()
    }

    SecretChatDialog {
        id: secretDialog
        objectName: "secretChatDialog"
        info: secretInfo
        peerName: page.chatTitle
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 32 : 400, 460)
        height: Math.min(parent ? parent.height - 32 : 600, 640)
    }

    footer: Column {
        ChannelBar {
            objectName: "channelBar"
            width: parent.width
            visible: page.isChannel && !channelInfo.canPost
            muted: channelInfo.muted
            canLeave: channelInfo.canLeave
            busy: channelInfo.busy
            onMuteToggled: channelInfo.setMuted(page.chatId, !channelInfo.muted)
            onLeaveRequested: channelInfo.unsubscribe(page.chatId)
        }
        UpgradedBar {
            objectName: "upgradedBar"
            width: parent.width
            visible: page.upgradedToChatId > 0
            onOpenRequested: page.openChatRequested(page.upgradedToChatId, page.chatTitle)
        }
        ComposerFilesBar {
            width: parent.width
            files: composerFiles
            visible: composer.visible && composer.canAttach
                     && (composerFiles.count > 0 || composerFiles.refusal.length > 0)
        }
        Composer {
            id: composer
            width: parent.width
            fileCount: composerFiles.count
            visible: (!page.isChannel || channelInfo.canPost) && page.upgradedToChatId === 0
            // Files and voice messages everywhere: a channel's posts carry them (§15.8), a secret
            // chat's go sealed (§12.8, a voice message as kind 6 with its waveform).
            canRecord: page.editingMessageId === 0
            recording: voiceRecorder.recording
            recordedMs: voiceRecorder.duration
            recordError: voiceRecorder.error
            onRecordStarted: voiceRecorder.start(page.isBroadcast ? 0 : page.replyToId)
            onRecordFinished: voiceRecorder.finish()
            onRecordCancelled: voiceRecorder.cancel()

            BlockedBar {
                objectName: "blockedBar"
                anchors.fill: parent
                z: 10
                peerUserId: page.secret || page.isChannel ? 0 : page.peerUserId
            }
            maxChars: messages.maxTextChars
            // A caption goes in the files' one message: it is never cut into several.
            maxParts: composerFiles.count > 0 ? 1 : messages.maxMessageParts
            // Only counted past the limit: cheap while typing a normal message.
            parts: text.length > maxChars ? messages.partsFor(text) : 1
            escapeCancels: page.editingMessageId > 0 || page.replyToId > 0 || page.selecting
                           || composerFiles.count > 0 || composerFiles.refusal.length > 0
            // The user's typing, as notices to the others (at most one per 5 s; a stop when the
            // text is cleared, which sending does).
            onTextChanged: {
                if (page.restoringDraft)
                    return; // a restored draft is not the user typing: no notice, nothing to save
                if (page.typing)
                    page.typing.composerEdited(page.chatId, composer.text);
                if (page.drafts && page.editingMessageId === 0 && page.draftChatId !== 0) {
                    page.drafts.edit(page.draftChatId, composer.text);
                    recentTyping.restart();
                }
            }
            onSend: text => {
                if (page.editingMessageId > 0) {
                    page.finishEdit(text);
                    return;
                }
                if (page.isBroadcast) { // a post: pending in the outbox until the server has it
                    if (composerFiles.count > 0) // the files, the text their caption (§15.8)
                        messages.sendFiles(text, composerFiles.takeUrls(), 0);
                    else
                        messages.send(text, 0);
                    view.followNewestAgain();
                    return;
                }
                // The composer cleared itself: the draft goes now, as Telegram's does on sending.
                if (page.drafts && page.draftChatId !== 0)
                    page.drafts.saveNow(page.draftChatId);
                if (composerFiles.count > 0) // ONE message: the files, the text their caption
                    messages.sendFiles(text, composerFiles.takeUrls(), page.replyToId);
                else
                    messages.send(text, page.replyToId);
                page.cancelReply();
                view.followNewestAgain(); // the sent message arrives as a row insert: followed
            }
            onEscapePressed: {
                if (page.selecting)
                    page.cancelSelection();
                else if (composerFiles.count > 0 || composerFiles.refusal.length > 0)
                    composerFiles.clear();
                else if (page.editingMessageId > 0)
                    page.cancelEdit();
                else
                    page.cancelReply();
            }
            onUpInEmpty: page.editLast()
            onAttach: attachDialog.open()
            pasteFiles: function () {
                // A subscriber who cannot post has no composer: nothing to paste into.
                return composer.visible && composerFiles.addFromClipboard();
            }
        }
    }

    // Files picked with the attach button, dropped on the chat or pasted: listed above the
    // composer (at most ComposerFiles.maxFiles, the rest refused with the reason shown) until
    // Send sends them as ONE message with the text as its caption, shown at once as pending
    // with its uploads' progress. A reply being written goes with them, as a text would; a
    // channel's post carries them too (§15.8) and answers nothing.
    ComposerFiles {
        id: composerFiles
    }
    function attachFiles(urls) {
        if (urls.length === 0 || !composer.visible) // a subscriber does not post
            return;
        composerFiles.add(urls);
        composer.focusInput();
    }

    FileDialog {
        id: attachDialog
        objectName: "attachDialog"
        title: qsTr("Attach files")
        fileMode: FileDialog.OpenFiles
        onAccepted: page.attachFiles(selectedFiles)
    }

    // "Save as": the one plain copy of a received file, where the user chose.
    FileDialog {
        id: saveDialog
        objectName: "saveDialog"

        property double localId: 0

        title: qsTr("Save as")
        fileMode: FileDialog.SaveFile
        onAccepted: messages.saveAs(localId, selectedFile)
    }

    ImageViewer {
        id: imageViewer
        messageModel: messages
        parent: Overlay.overlay
        width: parent ? parent.width : 0
        height: parent ? parent.height : 0
    }

    DropArea {
        objectName: "fileDropArea"
        anchors.fill: parent
        onDropped: drop => {
            if (!drop.hasUrls)
                return;
            page.attachFiles(drop.urls);
            drop.accept();
        }
    }

    // ---- Replies (docs/protocol.md §19): the message the composer's text will answer (its
    // server id; 0: none), shown in the reply bar; in private chats, groups and supergroups.
    // Asked when the menu opens: the chat list may have learnt the chat's kind after the page
    // opened (kindOf is a call, not a property a binding follows).
    function canReply() {
        const kind = Session.chats.kindOf(page.chatId);
        return page.chatId > 0
                && (kind === "private" || kind === "group" || channelInfo.isSupergroup);
    }
    property double replyToId: 0
    property string replySenderName
    property string replyExcerpt

    function startReply(messageId, senderName, text) {
        page.cancelEdit();
        page.replyToId = messageId;
        page.replySenderName = senderName;
        page.replyExcerpt = text;
        composer.focusInput();
    }
    function cancelReply() {
        page.replyToId = 0;
        page.replySenderName = "";
        page.replyExcerpt = "";
    }
    // A tap on a reply's quote: the original, when it is loaded, shown as a jump shows it.
    function showQuoted(messageId) {
        const row = messages.rowOfMessage(messageId);
        if (row < 0)
            return;
        page.showRow(row, messages.data(messages.index(row, 0), MessageListModel.LocalIdRole));
    }

    ReplyBar {
        objectName: "replyBar"
        visible: page.replyToId > 0 && page.editingMessageId === 0
        z: 1
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        senderName: page.replySenderName
        excerpt: page.replyExcerpt
        onCancel: {
            page.cancelReply();
            composer.focusInput();
        }
    }

    // ---- Message actions (docs/protocol.md §16): the menu, editing, deleting.

    // The sent message being edited in the composer (0: none) and its text before.
    property double editingMessageId: 0
    property string editingOriginal

    function startEdit(messageId, text) {
        page.cancelReply();
        if (page.drafts && page.draftChatId !== 0)
            page.drafts.saveNow(page.draftChatId); // set aside; back when the edit ends
        page.editingMessageId = messageId;
        page.editingOriginal = text;
        composer.text = text;
        composer.focusInput();
    }
    function cancelEdit() {
        if (page.editingMessageId === 0)
            return;
        page.editingMessageId = 0;
        page.editingOriginal = "";
        if (page.typing)
            page.typing.composerStopped(page.chatId); // the edit's text is gone
        // The draft the edit had set aside comes back.
        page.putComposerText(page.drafts ? page.drafts.text(page.draftChatId) : "");
    }
    function finishEdit(text) {
        if (text !== page.editingOriginal)
            actions.edit(page.chatId, page.editingMessageId, text);
        page.editingMessageId = 0;
        page.editingOriginal = "";
        page.putComposerText(page.drafts ? page.drafts.text(page.draftChatId) : "");
    }
    // Up in the empty composer: the newest message of one's own that may still be edited.
    function editLast() {
        for (let row = messages.rowCount() - 1; row >= 0; --row) {
            const index = messages.index(row, 0);
            if (!messages.data(index, MessageListModel.OutgoingRole))
                continue;
            const messageId = messages.data(index, MessageListModel.MessageIdRole);
            const date = messages.data(index, MessageListModel.DateRole);
            if (!actions.canEdit(true, messageId, date.getTime()))
                return;
            page.startEdit(messageId, messages.data(index, MessageListModel.TextRole));
            return;
        }
    }
    function openMessageMenu(item, x, y, messageId, text, outgoing, date, senderName) {
        messageMenu.messageId = messageId;
        messageMenu.senderName = senderName;
        messageMenu.canReply = page.canReply();
        messageMenu.canPin = page.canPin();
        messageMenu.pinned = messageId > 0 && messageId === page.pinnedMessageId;
        messageMenu.outgoing = outgoing;
        messageMenu.date = date;
        messageMenu.text = text;
        messageMenu.sent = messageId > 0;
        messageMenu.canEdit = actions.canEdit(outgoing, messageId, date.getTime());
        messageMenu.canShowReaders = outgoing && groupInfo.info.isGroup
                && groupInfo.info.memberCount <= 100;
        messageMenu.popup(item, x, y);
    }

    MessageActions {
        id: actions
        context: Session.context
        onRefused: reason => {
            actionError.text = reason;
            actionError.open();
        }
    }

    MessageMenu {
        id: messageMenu

        property double messageId: 0
        property bool outgoing: false
        property date date
        property string senderName

        onCopyRequested: actions.copyText(messageMenu.text)
        onReplyRequested: page.startReply(messageMenu.messageId, messageMenu.senderName,
                                          messageMenu.text)
        onForwardRequested: {
            forwardDialog.messageIds = [messageMenu.messageId];
            forwardDialog.open();
        }
        onSelectRequested: page.startSelection(messageMenu.messageId)
        onEditRequested: page.startEdit(messageMenu.messageId, messageMenu.text)
        onPinRequested: pin => actions.pin(page.chatId, messageMenu.messageId, pin)
        onReadersRequested: {
            readersPopup.messageId = messageMenu.messageId;
            readersPopup.open();
        }
        // Closing a popup hands the focus back to the window's content, after the item's
        // handler ran: the composer takes it again here, so the user can type the edit at once.
        onClosed: {
            if (page.selecting)
                selectionBar.forceActiveFocus(); // Esc ends the selection
            else if (page.editingMessageId > 0 || page.replyToId > 0)
                composer.focusInput();
        }
        onDeleteRequested: {
            deleteDialog.messageId = messageMenu.messageId;
            // A supergroup deletes for everyone only (§23.8): one's own messages, and the
            // owner's and admins' anyone's.
            deleteDialog.canDeleteForMe = !channelInfo.isSupergroup;
            deleteDialog.canDeleteForEveryone = channelInfo.isSupergroup
                    ? messageMenu.outgoing || channelInfo.isStaff
                    : actions.canDeleteForEveryone(messageMenu.outgoing, messageMenu.messageId,
                                                   messageMenu.date.getTime());
            deleteDialog.open();
        }
    }

    ReadersPopup {
        id: readersPopup
        chatId: page.chatId
    }

    ForwardDialog {
        id: forwardDialog

        // What goes, oldest first: one message from the menu, or the selection.
        property var messageIds: []

        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 2 * Theme.spacing : 360, 360)
        onChatChosen: chatId => {
            actions.forward(page.chatId, forwardDialog.messageIds, chatId);
            page.cancelSelection();
        }
        // Cancelled: the selection stays, and Esc still ends it.
        onClosed: {
            if (page.selecting)
                selectionBar.forceActiveFocus();
        }
    }

    // ---- Selecting several messages (the menu's "Select", then a tap on each bubble): the
    // selection bar forwards them in one messages.forward (docs/protocol.md §19) or copies their
    // texts. Only sent messages can be selected (they have server ids).
    property bool selecting: false
    // Server ids of the selected messages; a new array on every change, so bindings follow.
    property var selectedIds: []
    // messages.forward takes at most this many ids (docs/protocol.md §19).
    readonly property int maxSelected: 100

    function startSelection(messageId) {
        page.cancelEdit();
        page.cancelReply();
        page.selecting = true;
        page.selectedIds = messageId > 0 ? [messageId] : [];
        selectionBar.forceActiveFocus();
    }
    function cancelSelection() {
        if (!page.selecting)
            return;
        page.selecting = false;
        page.selectedIds = [];
        composer.focusInput();
    }
    function toggleSelected(messageId) {
        if (messageId <= 0)
            return; // pending or failed: not on the server
        const at = page.selectedIds.indexOf(messageId);
        const ids = page.selectedIds.slice();
        if (at >= 0)
            ids.splice(at, 1);
        else if (ids.length < page.maxSelected)
            ids.push(messageId);
        page.selectedIds = ids;
    }
    // A tap at (x, y) of the message list while selecting.
    function toggleSelectedAt(x, y) {
        const row = view.indexAt(x + view.contentX, y + view.contentY);
        if (row >= 0)
            page.toggleSelected(messages.data(messages.index(row, 0),
                                              MessageListModel.MessageIdRole));
        selectionBar.forceActiveFocus(); // Esc still ends the selection
    }
    // The selected messages' rows, oldest first (ids grow in time order, §4).
    function selectedRows() {
        const rows = [];
        for (let row = 0; row < messages.rowCount(); ++row) {
            const id = messages.data(messages.index(row, 0), MessageListModel.MessageIdRole);
            if (page.selectedIds.indexOf(id) >= 0)
                rows.push(row);
        }
        return rows;
    }
    function forwardSelected() {
        const ids = page.selectedIds.slice().sort((a, b) => a - b);
        if (ids.length === 0)
            return;
        forwardDialog.messageIds = ids;
        forwardDialog.open();
    }
    function copySelected() {
        const texts = page.selectedRows().map(
                        row => messages.data(messages.index(row, 0), MessageListModel.TextRole))
                        .filter(text => text.length > 0);
        actions.copyText(texts.join("\n\n"));
        page.cancelSelection();
    }

    // While selecting, a tap on the list toggles the message under it. A passive tap: the list
    // still scrolls under a drag or the wheel.
    Item {
        objectName: "selectionTapArea"
        anchors.fill: view
        z: 1
        visible: page.selecting
        TapHandler {
            onTapped: eventPoint => page.toggleSelectedAt(eventPoint.position.x,
                                                          eventPoint.position.y)
        }
    }

    SelectionBar {
        id: selectionBar
        visible: page.selecting
        z: 2
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: implicitHeight
        count: page.selectedIds.length
        canForward: page.canReply()
        onForward: page.forwardSelected()
        onCopy: page.copySelected()
        onCancel: page.cancelSelection()
    }

    DeleteDialog {
        id: deleteDialog

        property double messageId: 0

        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 2 * Theme.spacing : 360, 360)
        onDeleteForMe: actions.remove(page.chatId, [deleteDialog.messageId], false)
        onDeleteForEveryone: actions.remove(page.chatId, [deleteDialog.messageId], true)
    }

    ToolTip {
        id: actionError
        objectName: "actionError"
        timeout: 4000
        x: (page.width - width) / 2
        y: page.height - height - Theme.spacing
    }

    EditBar {
        objectName: "editBar"
        visible: page.editingMessageId > 0
        z: 1
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        originalText: page.editingOriginal
        onCancel: page.cancelEdit()
    }

    VoiceRecorder {
        id: voiceRecorder
        messages: messages
        onSent: {
            page.cancelReply();
            view.followNewestAgain();
        }
    }

    MessageListModel {
        id: messages
        context: Session.context
        // A jump target that was not loaded yet arrives later.
        onJumpReady: row => page.showRow(row, row >= 0 ? messages.data(
                                             messages.index(row, 0), MessageListModel.LocalIdRole)
                                                       : 0)
        onPinnedLoaded: (messageId, found, senderName, text) => {
            if (messageId !== page.pinnedMessageId)
                return; // an older answer
            page.pinnedFound = found;
            page.pinnedSenderName = senderName;
            page.pinnedExcerpt = text;
        }
        // Arrivals while the user reads older messages are counted on the button (they land
        // at the end, or just above the user's own pending messages). Older pages are inserted
        // at row 0 and a jump's window replaces all rows: not counted.
        onRowsInserted: (parent, first, last) => {
            page.refreshUpgrade();
            if (!view.followNewest && first > 0)
                view.newCount += last - first + 1;
            view.anchorSettling = false; // the anchor taken before is the one to keep
            if (view.anchorRow >= first)
                view.anchorRow += last - first + 1;
        }
        onRowsRemoved: (parent, first, last) => {
            page.refreshUpgrade();
            if (view.anchorRow > last)
                view.anchorRow -= last - first + 1;
            else if (view.anchorRow >= first)
                view.anchorRow = -1;
        }
        onModelReset: {
            view.anchorRow = -1;
            page.refreshUpgrade();
        }
    }

    // A Binding rather than "chatId: page.chatId" (kept from when the property was a qint64,
    // which Qt 6.4 cannot assign from QML; MessageListModel.chatId is a double now).
    Binding {
        target: messages
        property: "chatId"
        value: page.chatId
    }

    ListView {
        id: view
        objectName: "messageList"

        // True while the user is at the newest message: the view then stays at the end.
        property bool followNewest: true
        // Messages that arrived since the user scrolled up (shown on the button).
        property int newCount: 0
        // pinToEnd() is running (it is called again from the layout it triggers).
        property bool positioning: false
        // Room below the last bubble for the button while it is shown, so it never covers it.
        readonly property real bottomRoom: followNewest ? Theme.spacing
                                                        : scrollButton.height + 2 * scrollButton.anchors.margins

        // How far the last bubble's bottom (plus the usual spacing) is below the view's bottom;
        // the button's extra room does not count, or showing it would leave the end.
        function distanceFromEnd() {
            return originY + contentHeight - (bottomRoom - Theme.spacing) - contentY - height;
        }
        function pinToEnd() {
            if (!followNewest || positioning)
                return;
            positioning = true;
            // positionViewAtEnd() lays out the last delegates first: their real heights count.
            positionViewAtEnd();
            positioning = false;
        }
        // Content changes arrive in the middle of the view's own layout: re-pin after it.
        function pinAfterLayout() {
            if (followNewest)
                afterLayout.restart();
        }
        // What the user reads while not following the newest message: a row and where its top
        // is in the view, put back after every change of the content. ListView lays rows out
        // from the first one it holds, above the screen, so rows inserted or growing there (an
        // older page arriving, bubbles' heights settling after layout) moved the text being
        // read by a line or off the screen. -1: none (following, or the user is scrolling).
        property int anchorRow: -1
        property real anchorTop: 0
        function rememberAnchor(row) {
            anchorRow = -1;
            if (row < 0)
                return;
            const item = itemAtIndex(row);
            if (item === null)
                return;
            anchorTop = item.y - contentY;
            anchorRow = row;
        }
        function rememberReadRow() {
            if (!followNewest)
                rememberAnchor(indexAt(width / 2, contentY + height / 2));
        }
        function keepAnchor() {
            if (anchorRow < 0 || followNewest || positioning)
                return;
            // Only a move that is needed: positioning at the row every time re-laid the rows
            // above it, which changed the content's height, which asked for another pass, for
            // as long as the user read (thousands of passes a second, the view never at rest).
            let item = itemAtIndex(anchorRow);
            positioning = true;
            if (item === null) {
                positionViewAtIndex(anchorRow, ListView.Beginning);
                item = itemAtIndex(anchorRow);
            }
            if (item !== null && Math.abs(item.y - anchorTop - contentY) >= 0.5)
                contentY = item.y - anchorTop;
            positioning = false;
        }
        function keepAfterLayout() {
            if (anchorRow >= 0)
                afterLayout.restart();
        }
        function followNewestAgain() {
            anchorRow = -1;
            followNewest = true;
            newCount = 0;
            pinToEnd();
        }
        // The user scrolled: following again at the end, reading older messages otherwise.
        function userScrolled() {
            const atEnd = distanceFromEnd() < 1;
            if (atEnd === followNewest)
                return;
            followNewest = atEnd;
            if (atEnd)
                newCount = 0;
        }
        // Few messages sit at the bottom, next to the composer, like in every messenger. Set
        // here rather than bound: a binding on contentHeight re-enters the view's layout.
        function updateTopMargin() {
            const margin = Math.max(Theme.spacing, height - contentHeight - Theme.spacing);
            if (Math.abs(margin - topMargin) >= 1)
                topMargin = margin;
        }

        anchors.fill: parent
        topMargin: Theme.spacing
        // A footer, not bottomMargin: positionViewAtEnd() ignores the margin, which left the
        // view short of its end.
        footer: Item {
            height: view.bottomRoom
        }
        clip: true
        reuseItems: true
        model: messages
        ScrollBar.vertical: ScrollBar {
            // Dragging the bar is the user's scrolling too, decided when it is let go.
            onPressedChanged: {
                if (pressed) {
                    view.anchorRow = -1;
                    view.followNewest = false;
                } else {
                    view.userScrolled();
                    view.rememberReadRow();
                }
            }
        }

        delegate: MessageDelegate {
            id: messageRow
            required property var model

            width: ListView.view.width
            text: model.text
            outgoing: model.outgoing
            deliveryState: model.state
            date: model.date
            dayStart: model.dayStart
            senderName: page.showSenderNames && !model.outgoing ? model.senderName : ""
            highlighted: (page.highlightedLocalId > 0 && model.localId === page.highlightedLocalId)
                         || (page.selecting && page.selectedIds.indexOf(model.messageId) >= 0)
            localId: model.localId
            messageId: model.messageId
            edited: model.edited
            attachmentKind: model.attachmentKind
            attachmentName: model.attachmentName
            attachmentSize: model.attachmentSize
            attachmentWidth: model.attachmentWidth
            attachmentHeight: model.attachmentHeight
            thumbnail: model.thumbnail
            image: model.image
            transferState: model.transferState
            transferProgress: model.transferProgress
            pending: model.outgoing && model.messageId === 0
            fileId: model.fileId
            attachmentDuration: model.attachmentDuration
            waveform: model.waveform
            moreAttachments: model.moreAttachments
            mediaContext: Session.context
            // The phone layout: drags scroll; while selecting, a tap selects the message.
            textSelectable: !page.showBack && !page.selecting
            failure: model.failure
            retryable: model.retryable
            onRetryRequested: messages.retry(localId)
            onRetryUploadRequested: messages.retryUpload(localId)
            onCancelRequested: {
                if (pending)
                    messages.cancelPending(localId);
                else
                    messages.cancelDownload(localId);
            }
            onDownloadRequested: messages.download(localId)
            onSaveRequested: {
                saveDialog.localId = localId;
                saveDialog.currentFile = "file:///" + attachmentName;
                saveDialog.open();
            }
            replyToId: model.replyToId
            replySenderName: model.replySenderName
            replyExcerpt: model.replyExcerpt
            forwardedFrom: model.forwardedFrom
            serviceText: model.serviceText
            servicePhotoUrl: model.servicePhotoUrl
            // Under each channel post: its comment count and the button to its thread.
            commentCount: page.isBroadcast && model.messageId > 0
                          ? (postCounts.revision, postCounts.count(model.messageId)) : -1
            onCommentsRequested: page.openComments(messageId, text)
            onQuoteClicked: page.showQuoted(replyToId)
            // A service message ("Ann added Bob") is no one's text: nothing to reply to or pin.
            onMenuRequested: (x, y) => {
                if (!messageRow.isService)
                    page.openMessageMenu(messageRow, x, y, messageRow.messageId, messageRow.text,
                                         messageRow.outgoing, messageRow.date, model.senderName);
            }
            onOpenPicture: index => imageViewer.openAt(messageRow.localId, index)
            // A received photo is fetched when its bubble is shown (the model asks once).
            function fetchPhoto() {
                if (attachmentKind === "photo" && !pending && image.length === 0)
                    messages.download(localId);
            }
            Component.onCompleted: fetchPhoto()
            ListView.onReused: fetchPhoto()
        }

        onMovementStarted: {
            anchorSettling = false;
            anchorRow = -1;
            followNewest = false;
        }
        onMovementEnded: {
            userScrolled();
            rememberReadRow();
            // Rows resized by the scroll (a reused delegate taking its new message's height)
            // are laid out at the next frame's polish: until then item.y may be stale, so the
            // anchor is taken again once that frame is out, unless rows came in meanwhile.
            anchorSettling = anchorRow >= 0;
        }
        property bool anchorSettling: false
        Connections {
            target: page.Window.window
            enabled: view.anchorSettling
            function onFrameSwapped() {
                view.anchorSettling = false;
                view.rememberReadRow();
            }
        }
        onCountChanged: {
            pinToEnd();
            keepAfterLayout();
            page.markReadIfSeen();
        }
        onContentHeightChanged: {
            updateTopMargin();
            pinAfterLayout();
            keepAfterLayout();
        }
        onHeightChanged: {
            updateTopMargin();
            pinAfterLayout();
            keepAfterLayout();
        }
        // Asks for the next older page before the user reaches the top. The origin moves too,
        // without the content moving, when the rows above are laid out after the user stopped.
        function fetchOlderIfNearTop() {
            if (contentY - originY < height && messages.canFetchMore(messages.index(-1, -1)))
                messages.fetchMore(messages.index(-1, -1));
        }
        onContentYChanged: fetchOlderIfNearTop()
        onOriginYChanged: fetchOlderIfNearTop()
        onAtYEndChanged: page.markReadIfSeen()
        onFollowNewestChanged: page.markReadIfSeen()
    }

    // Runs once the view's current layout is over: a zero timer fires on the next pass of the
    // event loop (Qt.callLater does the same, but qmllint 6.4 rejects it).
    Timer {
        id: afterLayout
        interval: 0
        onTriggered: {
            view.pinToEnd();
            view.keepAnchor();
        }
    }

    Button {
        id: scrollButton
        objectName: "scrollToNewestButton"

        readonly property int newCount: view.newCount

        visible: !view.followNewest
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 12
        height: 40
        leftPadding: 14
        rightPadding: 14
        text: newCount > 0 ? qsTr("%n new message(s)", "", newCount) + "  \u2193" : "\u2193"
        Accessible.name: newCount > 0 ? text : qsTr("Scroll to newest")
        background: Rectangle {
            radius: height / 2
            color: Theme.window
            border.color: Theme.divider
        }
        onClicked: view.followNewestAgain()
    }

    onWindowActiveChanged: markReadIfSeen()

    Timer {
        id: highlightTimer
        interval: 2000
        onTriggered: page.highlightedLocalId = 0
    }

    // `localId`: the message to highlight (a quote's original); the jump target without it.
    function showRow(row, localId) {
        if (row < 0)
            return;
        view.followNewest = false;
        view.positionViewAtIndex(row, ListView.Center);
        view.rememberAnchor(row); // kept there until the user scrolls
        page.highlightedLocalId = localId !== undefined ? localId : page.jumpToLocalId;
        highlightTimer.restart();
    }

    Component.onCompleted: {
        page.watchPeer();
        page.refreshPinned();
        page.completed = true;
        page.switchDraft();
        composer.focusInput();
        if (jumpToLocalId > 0) {
            view.followNewest = false; // showRow positions the view, now or on jumpReady
            const row = messages.jumpTo(jumpToLocalId);
            if (row >= 0)
                showRow(row);
            return;
        }
        view.pinToEnd();
    }
}
