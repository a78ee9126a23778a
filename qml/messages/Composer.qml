import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// The message input. Enter sends, Shift+Enter inserts a newline; whitespace-only text is never
// sent, unless files wait to go with it (`fileCount`: the text is then their caption, and may
// be empty). Emits send(text) and clears itself; what sending means is the owner's business.
// Near the length limit a counter appears; a longer text says into how many messages it will
// be cut, and one too long even for that is refused with the reason shown (not sent).
Rectangle {
    id: composer

    signal send(string text)
    // The attach button: the owner picks files (a file dialog).
    signal attach
    // How many files the owner holds to send with the text (ComposerFiles): Send is enabled
    // with an empty text then, and the microphone gives way to it.
    property int fileCount: 0
    // Ctrl+V: the owner takes copied files and returns true; otherwise the text is pasted.
    property var pasteFiles: function () {
        return false;
    }

    // Set by the owner while Esc has something to cancel (an edit): the key is then the
    // composer's, not the window's (which closes the chat).
    property bool escapeCancels: false
    // False where files cannot be sent (every chat kind takes them now; kept for the owner).
    property bool canAttach: true
    signal escapePressed
    // Up in an empty composer: the owner edits the user's last message (Telegram's key).
    signal upInEmpty

    // Voice messages: with the text field empty the send button is a microphone. Pressing and
    // holding it starts recording (recordStarted); releasing sends (recordFinished); sliding
    // off it before releasing, or Esc, throws the recording away (recordCancelled). The owner
    // records (VoiceRecorder) and sets `recording` and `recordedMs` for the timer shown.
    property bool canRecord: false
    property bool recording: false
    property real recordedMs: 0
    property string recordError: "" // why recording failed (no microphone...), shown on the button
    signal recordStarted
    signal recordFinished
    signal recordCancelled
    readonly property bool micShown: canRecord && input.text.length === 0 && fileCount === 0

    property alias text: input.text
    property alias placeholderText: input.placeholderText
    // The longest text of one message (0: no limit shown), how many messages one send may
    // make, and how many the owner will cut the current text into.
    property int maxChars: 0
    property int maxParts: 1
    property int parts: 1
    readonly property bool tooLong: parts > maxParts
    readonly property bool canSend: (input.text.trim().length > 0 || fileCount > 0) && !tooLong

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

    function cancelRecording() {
        if (micArea.pressed)
            micArea.dropped = true;
        composer.recordCancelled();
    }

    Shortcut {
        sequence: "Esc"
        enabled: composer.recording || micArea.pressed
        onActivated: composer.cancelRecording()
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

        Text {
            id: recordTimer
            objectName: "recordTimer"
            visible: composer.recording
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            color: Theme.danger
            font.pixelSize: Theme.fontSize
            text: {
                const seconds = Math.floor(composer.recordedMs / 1000);
                const time = qsTr("%1:%2").arg(Math.floor(seconds / 60)).arg(String(seconds % 60).padStart(2, "0"));
                return micArea.containsMouse || !micArea.pressed ? qsTr("\u25CF %1 · release to send, slide away to cancel").arg(time) : qsTr("\u25CF %1 · release to cancel").arg(time);
            }
        }

        ScrollView {
            visible: !composer.recording
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
            id: micButton
            objectName: "micButton"
            visible: composer.micShown
            Layout.alignment: Qt.AlignBottom
            text: "\uD83C\uDFA4"
            font.pixelSize: 18
            flat: true
            down: micArea.pressed
            Accessible.name: qsTr("Hold to record a voice message")
            ToolTip.visible: composer.recordError !== "" && micArea.containsMouse
            ToolTip.text: composer.recordError

            MouseArea {
                id: micArea
                objectName: "micArea"
                anchors.fill: parent
                hoverEnabled: true
                // Held: recording; released over the button: sent; released elsewhere: dropped.
                property bool dropped: false
                onPressed: {
                    dropped = false;
                    composer.recordStarted();
                }
                onReleased: {
                    if (dropped)
                        return; // Esc already threw it away
                    if (containsMouse)
                        composer.recordFinished();
                    else
                        composer.recordCancelled();
                }
                onCanceled: composer.recordCancelled()
            }
        }

        RoundButton {
            id: sendButton
            objectName: "sendButton"
            visible: !composer.micShown
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
