import QtQuick
import QtQuick.Controls
import Messenger.Search
import Messenger.Account
import Messenger.Ui.Common

// Results of a search through the local message history; choosing one asks to open its chat at
// that message.
ListView {
    id: results

    property alias query: searchModel.query

    objectName: "historySearch"

    // Ids are 64-bit: doubles, exact up to 2^53 (an int would cut them to 32 bits).
    signal hitChosen(double chatId, double localId, string chatTitle)

    clip: true
    reuseItems: true
    model: HistorySearchModel {
        id: searchModel
        context: Session.context
    }

    delegate: ItemDelegate {
        id: hit

        required property double chatId
        required property double localId
        required property string chatTitle
        required property string snippet
        required property date date

        width: ListView.view.width
        padding: Theme.spacing + 4
        background: Rectangle {
            color: hit.hovered ? Theme.pane : Theme.window
        }
        contentItem: SearchHitRow {
            chatTitle: hit.chatTitle
            snippet: hit.snippet
            date: hit.date
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
