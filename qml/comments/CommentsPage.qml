import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Comments
import Messenger.Ui.Common

// The comments under one channel post (docs/protocol.md §22), opened from the post's "N
// comments" / "Leave a comment" button: the thread oldest at the top, the newest page first,
// older pages as the user scrolls up (the reading position stays), new comments as they come;
// a composer with a length counter near the 4096-character limit. A comment shows at once,
// greyed until the server has it (sent again by itself when the connection returns); the
// user's own comments, and any comment for the channel's owner and admins, can be deleted.
// Refusals (subscribe to comment, wait, too long) show above the composer. Full screen at phone
// width, a centred panel on a wide window (as ChannelInfoPage).
Popup {
    id: page
    objectName: "commentsPage"

    property double channelId: 0
    property double postId: 0
    // The post's text, shown at the top for context.
    property string postText
    // The user is the channel's owner or an admin: may delete any comment.
    property bool moderator: false
    readonly property bool phone: parent ? parent.width < Theme.twoPaneBreakpoint : false
    readonly property alias thread: threadModel

    parent: Overlay.overlay
    modal: true
    padding: 0
    x: page.phone ? 0 : Math.round((parent.width - width) / 2)
    y: page.phone ? 0 : Math.round((parent.height - height) / 2)
    width: page.phone ? parent.width : Math.min(parent.width - 32, 520)
    height: page.phone ? parent.height : Math.min(parent.height - 32, 720)

    CommentsThread {
        id: threadModel
        context: Session.context
        // Only while shown: opening asks the server for the newest page.
        channelId: page.visible ? page.channelId : 0
        postId: page.visible ? page.postId : 0
        moderator: page.moderator
        onOlderLoaded: rows => list.keepPosition(rows)
        onSent: list.positionViewAtEnd()
    }

    background: Rectangle {
        color: Theme.window
        radius: page.phone ? 0 : 8
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            ToolButton {
                objectName: "commentsBack"
                text: page.phone ? "\u2190" : "\u2715"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Close")
                onClicked: page.close()
            }
            Label {
                objectName: "commentsTitle"
                Layout.fillWidth: true
                text: threadModel.count > 0 ? qsTr("%n comment(s)", "", threadModel.count)
                                            : qsTr("Comments")
                font.bold: true
                font.pixelSize: Theme.fontSize + 2
                color: Theme.text
                elide: Text.ElideRight
            }
            BusyIndicator {
                running: threadModel.loading
                visible: running
                Layout.preferredHeight: 24
                Layout.preferredWidth: 24
            }
        }

        Label {
            objectName: "commentsPost"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing * 2
            Layout.rightMargin: Theme.spacing * 2
            Layout.bottomMargin: Theme.spacing
            visible: page.postText.length > 0
            text: page.postText
            maximumLineCount: 3
            elide: Text.ElideRight
            wrapMode: Text.Wrap
            color: Theme.secondaryText
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: 1
            color: Theme.divider
        }

        ListView {
            id: list
            objectName: "commentsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: threadModel
            spacing: 4
            topMargin: Theme.spacing
            bottomMargin: Theme.spacing
            // The newest at the bottom, in view when opened; older pages as the top nears.
            property bool followNewest: true
            property int keepFromRow: -1

            // Older rows went above: the row that was first stays at the top of the view.
            function keepPosition(rows) {
                if (followNewest)
                    return;
                keepFromRow = rows;
                afterLayout.restart();
            }
            function loadOlderIfNearTop() {
                if (contentY - originY < height && threadModel.hasOlder && !threadModel.loading)
                    threadModel.loadOlder();
            }

            onCountChanged: {
                if (followNewest)
                    afterLayout.restart();
            }
            onMovementStarted: followNewest = false
            onMovementEnded: followNewest = atYEnd
            onContentYChanged: loadOlderIfNearTop()

            delegate: Item {
                id: commentRow
                required property int index
                required property double commentId
                required property string senderName
                required property date date
                required property string text
                required property bool own
                required property bool canDelete
                required property bool deleting
                required property bool unsent
                required property bool failed

                width: ListView.view.width
                implicitHeight: bubble.height + 4
                opacity: commentRow.deleting || (commentRow.unsent && !commentRow.failed) ? 0.6 : 1

                Rectangle {
                    id: bubble
                    objectName: "commentBubble"
                    x: commentRow.own ? commentRow.width - width - Theme.spacing : Theme.spacing
                    width: Math.min(commentRow.width * 0.8,
                                    Math.max(body.implicitWidth, name.implicitWidth,
                                             meta.implicitWidth) + 20)
                    height: column.implicitHeight + 12
                    radius: Theme.radius
                    color: commentRow.own ? Theme.outgoingBubble : Theme.incomingBubble
                    border.color: Theme.divider

                    Column {
                        id: column
                        x: 10
                        y: 6
                        width: bubble.width - 20
                        spacing: 2
                        Text {
                            id: name
                            visible: !commentRow.own
                            text: commentRow.senderName.length > 0 ? commentRow.senderName
                                                                   : qsTr("Someone")
                            color: Theme.accent
                            font.bold: true
                            font.pixelSize: Theme.smallFontSize
                        }
                        Text {
                            id: body
                            objectName: "commentText"
                            width: Math.min(implicitWidth, column.width)
                            text: commentRow.text
                            textFormat: Text.PlainText
                            wrapMode: Text.Wrap
                            color: Theme.text
                            font.pixelSize: Theme.fontSize
                        }
                        Text {
                            id: meta
                            anchors.right: parent.right
                            text: commentRow.failed ? qsTr("Not sent")
                                  : commentRow.unsent ? qsTr("Sending…")
                                  : commentRow.date.toLocaleString(Qt.locale(), "d MMM, hh:mm")
                            color: commentRow.failed ? Theme.danger : Theme.secondaryText
                            font.pixelSize: Theme.smallFontSize - 1
                        }
                    }
                    TapHandler {
                        acceptedButtons: Qt.RightButton
                        onTapped: commentMenu.popup()
                    }
                    TapHandler {
                        acceptedDevices: PointerDevice.TouchScreen
                        onLongPressed: commentMenu.popup()
                    }
                }
                Menu {
                    id: commentMenu
                    MenuItem {
                        objectName: "deleteComment"
                        text: qsTr("Delete")
                        visible: commentRow.canDelete && !commentRow.unsent
                        height: visible ? implicitHeight : 0
                        onTriggered: threadModel.remove(commentRow.commentId)
                    }
                    MenuItem {
                        text: qsTr("Send again")
                        visible: commentRow.failed
                        height: visible ? implicitHeight : 0
                        onTriggered: threadModel.retry(commentRow.index)
                    }
                    MenuItem {
                        text: qsTr("Discard")
                        visible: commentRow.failed
                        height: visible ? implicitHeight : 0
                        onTriggered: threadModel.discard(commentRow.index)
                    }
                }
            }

            Label {
                objectName: "noComments"
                anchors.centerIn: parent
                visible: threadModel.loaded && list.count === 0
                text: qsTr("No comments yet. Be the first!")
                color: Theme.secondaryText
            }
        }

        Label {
            objectName: "commentsError"
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            visible: threadModel.error.length > 0
            text: threadModel.error
            wrapMode: Text.Wrap
            color: Theme.danger
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: 1
            color: Theme.divider
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            spacing: Theme.spacing

            ScrollView {
                Layout.fillWidth: true
                Layout.maximumHeight: 120
                TextArea {
                    id: input
                    objectName: "commentInput"
                    placeholderText: qsTr("Write a comment…")
                    wrapMode: TextArea.Wrap
                    Keys.onPressed: event => {
                        if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                && !(event.modifiers & Qt.ShiftModifier)) {
                            event.accepted = true;
                            page.submit();
                        }
                    }
                }
            }
            Text {
                objectName: "commentCounter"
                Layout.alignment: Qt.AlignBottom
                // Shown in the last tenth before the limit, as the main composer's.
                visible: input.length > threadModel.maxLength * 0.9
                font.pixelSize: Theme.smallFontSize
                color: input.length > threadModel.maxLength ? Theme.danger : Theme.secondaryText
                text: qsTr("%L1 / %L2").arg(input.length).arg(threadModel.maxLength)
            }
            Button {
                objectName: "sendComment"
                text: qsTr("Send")
                enabled: input.text.trim().length > 0 && input.length <= threadModel.maxLength
                onClicked: page.submit()
            }
        }
    }

    // Runs once the view's layout is over (Qt.callLater does the same, but qmllint 6.4 rejects
    // it): the newest in view, or the row that was first before older ones went above it.
    Timer {
        id: afterLayout
        interval: 0
        onTriggered: {
            if (list.keepFromRow >= 0)
                list.positionViewAtIndex(list.keepFromRow, ListView.Beginning);
            else if (list.followNewest)
                list.positionViewAtEnd();
            list.keepFromRow = -1;
        }
    }

    function submit() {
        if (threadModel.send(input.text)) {
            input.text = "";
            list.followNewest = true;
        }
    }
}
