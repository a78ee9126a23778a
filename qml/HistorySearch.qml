import QtQuick
import QtQuick.Controls
import Messenger.Core

// Results of a search through the local message history; choosing one asks to open its chat at
// that message.
ListView {
    id: results

    property alias query: searchModel.query

    signal hitChosen(int chatId, int localId, string chatTitle)

    clip: true
    reuseItems: true
    model: HistorySearchModel {
        id: searchModel
    }

    delegate: ItemDelegate {
        id: hit

        required property int chatId
        required property int localId
        required property string chatTitle
        required property string snippet
        required property date date

        width: ListView.view.width
        padding: Theme.spacing + 4
        background: Rectangle {
            color: hit.hovered ? Theme.pane : Theme.window
        }
        contentItem: Column {
            spacing: 2
            Item {
                width: parent.width
                height: hitTitle.implicitHeight
                Text {
                    id: hitTitle
                    anchors.left: parent.left
                    anchors.right: hitDate.left
                    text: hit.chatTitle
                    elide: Text.ElideRight
                    color: Theme.text
                    font.bold: true
                    font.pixelSize: Theme.fontSize
                }
                Text {
                    id: hitDate
                    anchors.right: parent.right
                    text: hit.date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize
                }
            }
            Text {
                width: parent.width
                text: hit.snippet
                textFormat: Text.PlainText
                maximumLineCount: 2
                wrapMode: Text.Wrap
                elide: Text.ElideRight
                color: Theme.secondaryText
                font.pixelSize: Theme.fontSize - 1
            }
        }
        onClicked: results.hitChosen(chatId, localId, chatTitle)
    }

    Text {
        anchors.centerIn: parent
        visible: results.count === 0 && results.query.length > 0
        text: qsTr("No messages found")
        color: Theme.secondaryText
    }
}
