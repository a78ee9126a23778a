import QtQuick
import Messenger.Messages

// The state of an outgoing message: a clock while pending, one tick when the server has it,
// two when delivered, two accent ticks when read, a red "!" when it failed.
Text {
    id: mark

    property int deliveryState: MessageState.None
    // On an outgoing bubble the ticks take the bubble's meta colour.
    property color baseColor: Theme.secondaryText

    readonly property string glyph: {
        switch (deliveryState) {
        case MessageState.Pending: return "\u25F7";
        case MessageState.Sent: return "\u2713";
        case MessageState.Delivered: return "\u2713\u2713";
        case MessageState.Read: return "\u2713\u2713";
        case MessageState.Failed: return "!";
        default: return "";
        }
    }

    visible: glyph.length > 0
    text: glyph
    color: deliveryState === MessageState.Failed ? Theme.danger
         : deliveryState === MessageState.Read ? Theme.accent : baseColor
    font.pixelSize: Theme.smallFontSize
    font.bold: deliveryState === MessageState.Failed

    Accessible.name: {
        switch (deliveryState) {
        case MessageState.Pending: return qsTr("Sending");
        case MessageState.Sent: return qsTr("Sent");
        case MessageState.Delivered: return qsTr("Delivered");
        case MessageState.Read: return qsTr("Read");
        case MessageState.Failed: return qsTr("Not sent");
        default: return "";
        }
    }
}
