import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// The message input. Enter sends, Shift+Enter inserts a newline; whitespace-only text is never
// sent. Emits send(text) and clears itself; what sending means is the owner's business.
// Near the length limit a counter appears; a longer text says into how many messages it will
// be cut, and one too long even for that is refused with the reason shown (not sent).
Rectangle {
    id: composer

    signal send(string text)
    // The attach button: the owner picks files (a file dialog).
    signal attach
    // Ctrl+V: the owner sends copied files and returns true; otherwise the text is pasted.
    property var pasteFiles: function () {
        return false;
    }

    // Set by the owner while Esc has something to cancel (an edit): the key is then the
    // composer's, not the window's (which closes the chat).
    property bool escapeCancels: false
    // False where files cannot be sent (a channel's posts are text only, docs/protocol.md §15).
    property bool canAttach: true
    signal escapePressed
    // Up in an empty composer: the owner edits the user's last message (Telegram's key).
    signal upInEmpty

    property alias text: input.text
    property alias placeholderText: input.placeholderText
    // The longest text of one message (0: no limit shown), how many messages one send may
    // make, and how many the owner will cut the current text into.
    property int maxChars: 0
    property int maxParts: 1
    property int parts: 1
    readonly property bool tooLong: parts > maxParts
    readonly property bool canSend: input.text.trim().length > 0 && !tooLong

    function submit() {
        if (!canSend)
            return;
        const message = input.text.trim();
        input.clear();
        composer.send(message);
    }

    function focusInput() {
        input.forceActiveFocus();
    }

    implicitHeight: Math.min(layout.implicitHeight, 160) + 2 * Theme.spacing
    color: Theme.window

    RowLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        RoundButton {
            id: attachButton
            objectName: "attachButton"
            visible: composer.canAttach
            Layout.alignment: Qt.AlignBottom
            text: "\uD83D\uDCCE"
            font.pixelSize: 18
            flat: true
            Accessible.name: qsTr("Attach a file")
            onClicked: composer.attach()
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: input.implicitHeight

            TextArea {
                id: input
                objectName: "composerInput"
                placeholderText: qsTr("Message")
                wrapMode: TextEdit.Wrap
                color: Theme.text
                placeholderTextColor: Theme.secondaryText
                font.pixelSize: Theme.fontSize
                background: null
                focus: true

                Keys.onShortcutOverride: event => {
                    event.accepted = event.key === Qt.Key_Escape && composer.escapeCancels;
                }
                Keys.onPressed: event => {
                    if (event.key === Qt.Key_Escape && composer.escapeCancels) {
                        event.accepted = true;
                        composer.escapePressed();
                        return;
                    }
                    if (event.key === Qt.Key_Up && input.text.length === 0) {
                        event.accepted = true;
                        composer.upInEmpty();
                        return;
                    }
                    if (event.matches(StandardKey.Paste) && composer.pasteFiles()) {
                        event.accepted = true;
                        return;
                    }
                    if (event.key !== Qt.Key_Return && event.key !== Qt.Key_Enter)
                        return;
                    if (event.modifiers & Qt.ShiftModifier)
                        return; // TextArea inserts the newline itself.
                    event.accepted = true;
                    composer.submit();
                }
            }
        }

        Text {
            id: counter
            objectName: "lengthCounter"
            Layout.alignment: Qt.AlignBottom
            Layout.bottomMargin: Theme.spacing
            Layout.maximumWidth: composer.width / 3
            // Shown in the last tenth before the limit, as the limit nears.
            visible: composer.maxChars > 0 && input.length > composer.maxChars * 0.9
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignRight
            font.pixelSize: Theme.smallFontSize
            color: composer.tooLong ? Theme.danger : Theme.secondaryText
            text: {
                if (composer.tooLong)
                    return qsTr("Too long: at most %L1 characters").arg(composer.maxChars * composer.maxParts);
                const count = qsTr("%L1 / %L2").arg(input.length).arg(composer.maxChars);
                if (composer.parts <= 1)
                    return count;
                return qsTr("%1 · sent as %n messages", "", composer.parts).arg(count);
            }
        }

        RoundButton {
            id: sendButton
            objectName: "sendButton"
            Layout.alignment: Qt.AlignBottom
            enabled: composer.canSend
            text: "\u27A4"
            font.pixelSize: 18
            flat: true
            Accessible.name: qsTr("Send")
            onClicked: composer.submit()
        }
    }
}
