import QtQuick
import QtTest
import Messenger.Ui.Messages

// Enter sends, Shift+Enter starts a new line, and empty or blank text is never sent.
TestCase {
    id: test
    name: "Composer"
    width: 400
    height: 200
    visible: true
    when: windowShown

    Component {
        id: composerComponent
        Composer {
            width: 400
        }
    }

    SignalSpy {
        id: sendSpy
        signalName: "send"
    }

    function makeComposer() {
        const composer = createTemporaryObject(composerComponent, test);
        sendSpy.clear();
        sendSpy.target = composer;
        const input = findChild(composer, "composerInput");
        input.forceActiveFocus();
        tryVerify(() => input.activeFocus);
        return composer;
    }

    function typeText(text) {
        for (const ch of text)
            keyClick(ch);
    }

    function test_enter_sends_the_text_and_clears() {
        const composer = makeComposer();
        typeText("hello");
        compare(composer.text, "hello");
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][0], "hello");
        compare(composer.text, "");
    }

    function test_keypad_enter_sends_too() {
        const composer = makeComposer();
        typeText("hi");
        keyClick(Qt.Key_Enter, Qt.KeypadModifier);
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][0], "hi");
    }

    function test_shift_enter_inserts_a_newline_and_does_not_send() {
        const composer = makeComposer();
        typeText("one");
        keyClick(Qt.Key_Return, Qt.ShiftModifier);
        typeText("two");
        compare(sendSpy.count, 0);
        compare(composer.text, "one\ntwo");
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][0], "one\ntwo");
    }

    function test_empty_text_is_not_sent() {
        const composer = makeComposer();
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 0);
    }

    function test_whitespace_only_is_not_sent_and_kept() {
        const composer = makeComposer();
        typeText("   ");
        keyClick(Qt.Key_Return, Qt.ShiftModifier);
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 0);
        verify(!composer.canSend);
        verify(!findChild(composer, "sendButton").enabled, "send button disabled");
    }

    function test_surrounding_whitespace_is_trimmed() {
        const composer = makeComposer();
        typeText("  hey  ");
        keyClick(Qt.Key_Return);
        compare(sendSpy.signalArguments[0][0], "hey");
    }

    function test_send_button_sends() {
        const composer = makeComposer();
        typeText("via button");
        const button = findChild(composer, "sendButton");
        verify(button.enabled);
        mouseClick(button);
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][0], "via button");
        compare(composer.text, "");
    }

    Component {
        id: limitedComposerComponent
        // A limit of 10 characters and 3 messages, cut every 10 characters (the real cut is
        // MessageListModel::partsFor, tested in tst_message_text and tst_send_failures).
        Composer {
            width: 400
            maxChars: 10
            maxParts: 3
            parts: text.length > 10 ? Math.ceil(text.length / 10) : 1
        }
    }

    function test_counter_appears_near_the_limit_and_says_how_a_long_text_is_sent() {
        const composer = createTemporaryObject(limitedComposerComponent, test);
        const counter = findChild(composer, "lengthCounter");
        const send = findChild(composer, "sendButton");
        composer.text = "12345678";
        verify(!counter.visible, "no counter far from the limit");
        composer.text = "1234567890";
        verify(counter.visible);
        compare(counter.text, "10 / 10");
        verify(send.enabled);
        composer.text = "1234567890123";
        compare(counter.text, "13 / 10 · sent as 2 messages");
        verify(send.enabled);
        composer.text = "x".repeat(31);
        compare(counter.text, "Too long: at most 30 characters");
        verify(!send.enabled, "a text too long even for several messages cannot be sent");
        sendSpy.clear();
        sendSpy.target = composer;
        composer.focusInput();
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 0);
        compare(composer.text.length, 31, "the text stays for the user to shorten");
    }

    Component {
        id: filesComposerComponent
        // Two files wait above it (ChatPage's ComposerFiles): the text is their caption.
        Composer {
            width: 400
            canRecord: true
            fileCount: 2
        }
    }

    function test_with_files_an_empty_caption_sends_and_the_mic_gives_way() {
        const composer = createTemporaryObject(filesComposerComponent, test);
        sendSpy.clear();
        sendSpy.target = composer;
        verify(!findChild(composer, "micButton").visible, "no microphone while files wait");
        const send = findChild(composer, "sendButton");
        verify(send.visible && send.enabled, "the files alone may be sent");
        composer.focusInput();
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][0], "", "no caption");
        composer.fileCount = 0;
        verify(findChild(composer, "micButton").visible, "no files, no text: the microphone");
    }
}
