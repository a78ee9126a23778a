import QtQuick
import QtQuick.Controls
import Messenger.Account
import Messenger.Channels
import Messenger.Ui.Common

// Find public channels by @name, title or description (channels.search, most subscribers
// first), look at one (its description and subscriber count) and subscribe: channelReady
// follows once the subscription is stored, and the channel opens as a chat.
Dialog {
    id: dialog

    // Ids are 64-bit: doubles, exact up to 2^53 (an int would cut them to 32 bits).
    signal channelReady(double chatId, string title)

    // The result shown in the preview (its map from ChannelDirectory.results); null: the list.
    property var preview: null

    title: dialog.preview === null ? qsTr("Find channels") : dialog.preview.title
    modal: true
    padding: Theme.spacing * 2

    onOpened: {
        dialog.preview = null;
        queryField.clear();
        queryField.forceActiveFocus();
    }

    ChannelDirectory {
        id: directory
        context: Session.context
        onSubscribed: (chatId, title) => {
            dialog.channelReady(chatId, title);
            dialog.close();
        }
    }

    // Asked a moment after the last key, not on every one.
    Timer {
        id: searchDelay
        interval: 300
        onTriggered: directory.search(queryField.text)
    }

    Column {
        width: parent.width
        spacing: Theme.spacing

        TextField {
            id: queryField
            objectName: "channelSearchField"
            visible: dialog.preview === null
            width: parent.width
            placeholderText: qsTr("Channel name, title or description")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            maximumLength: 64
            onTextChanged: searchDelay.restart()
            onAccepted: {
                searchDelay.stop();
                directory.search(queryField.text);
            }
        }

        ListView {
            id: results
            objectName: "channelSearchResults"
            visible: dialog.preview === null
            width: parent.width
            height: Math.min(contentHeight, 360)
            clip: true
            model: directory.results
            delegate: ItemDelegate {
                id: row
                required property var modelData
                width: ListView.view.width
                contentItem: Row {
                    spacing: Theme.spacing + 4
                    Avatar {
                        name: row.modelData.title
                        size: 40
                    }
                    Column {
                        anchors.verticalCenter: parent.verticalCenter
                        Text {
                            text: row.modelData.title
                            color: Theme.text
                            font.pixelSize: Theme.fontSize
                        }
                        Text {
                            text: "@" + row.modelData.name + " \u00b7 "
                                  + qsTr("%n subscriber(s)", "", row.modelData.subscribers)
                            color: Theme.secondaryText
                            font.pixelSize: Theme.smallFontSize
                        }
                    }
                }
                onClicked: dialog.preview = row.modelData
            }
        }

        Label {
            visible: dialog.preview === null && queryField.text.trim().length > 0
                     && results.count === 0 && !directory.busy
            text: Session.connection === Session.Online ? qsTr("No channels found")
                                                        : qsTr("Search needs a connection")
            color: Theme.secondaryText
        }

        // The preview of one channel.
        Column {
            objectName: "channelPreview"
            visible: dialog.preview !== null
            width: parent.width
            spacing: Theme.spacing

            Label {
                text: dialog.preview !== null ? "@" + dialog.preview.name : ""
                color: Theme.secondaryText
            }
            Label {
                width: parent.width
                wrapMode: Text.Wrap
                text: dialog.preview !== null ? dialog.preview.about : ""
                color: Theme.text
            }
            Label {
                objectName: "channelPreviewSubscribers"
                // A public supergroup (docs/protocol.md §23.7) is found here too: it has members.
                text: dialog.preview === null ? ""
                      : dialog.preview.megagroup ? qsTr("%n member(s)", "", dialog.preview.subscribers)
                      : qsTr("%n subscriber(s)", "", dialog.preview.subscribers)
                color: Theme.secondaryText
            }
        }

        Label {
            width: parent.width
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: Theme.danger
            text: directory.error
        }

        Row {
            anchors.right: parent.right
            spacing: Theme.spacing
            Button {
                text: dialog.preview === null ? qsTr("Close") : qsTr("Back")
                flat: true
                onClicked: dialog.preview === null ? dialog.close() : dialog.preview = null
            }
            Button {
                objectName: "subscribeChannelButton"
                visible: dialog.preview !== null
                text: dialog.preview !== null && dialog.preview.megagroup ? qsTr("Join group")
                                                                          : qsTr("Subscribe")
                enabled: !directory.busy
                onClicked: directory.subscribe(dialog.preview.channelId)
            }
        }
    }
}
