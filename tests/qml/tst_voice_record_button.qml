import QtQuick
import QtTest
import Messenger.Ui.Messages

// The composer's microphone (voice messages): shown only with the text field empty; press,
// hold and release over it sends; sliding off before releasing, or Esc while holding, throws
// the recording away and sends nothing.
TestCase {
    id: test
    name: "VoiceRecordButton"
    width: 400
    height: 200
    visible: true
    when: windowShown

    Component {
        id: composerComponent
        Composer {
            width: 400
            canRecord: true
        }
    }

    SignalSpy {
        id: started
        signalName: "recordStarted"
    }
    SignalSpy {
        id: finished
        signalName: "recordFinished"
    }
    SignalSpy {
        id: cancelled
        signalName: "recordCancelled"
    }

    function makeComposer() {
        const composer = createTemporaryObject(composerComponent, test);
        for (const spy of [started, finished, cancelled]) {
            spy.clear();
            spy.target = composer;
        }
        return composer;
    }

    function test_the_microphone_replaces_send_only_when_empty() {
        const composer = makeComposer();
        const mic = findChild(composer, "micButton");
        const send = findChild(composer, "sendButton");
        verify(mic.visible);
        verify(!send.visible);
        composer.text = "hello";
        verify(!mic.visible);
        verify(send.visible);
    }

    function test_press_hold_release_sends() {
        const composer = makeComposer();
        const area = findChild(composer, "micArea");
        mousePress(area, area.width / 2, area.height / 2);
        compare(started.count, 1);
        composer.recording = true; // as the owner's recorder reports
        composer.recordedMs = 1500;
        const timer = findChild(composer, "recordTimer");
        verify(timer.visible);
        verify(timer.text.indexOf("0:01") >= 0);
        mouseRelease(area, area.width / 2, area.height / 2);
        compare(finished.count, 1);
        compare(cancelled.count, 0);
    }

    function test_sliding_away_cancels() {
        const composer = makeComposer();
        const area = findChild(composer, "micArea");
        mousePress(area, area.width / 2, area.height / 2);
        composer.recording = true;
        mouseMove(area, -200, area.height / 2);
        mouseRelease(area, -200, area.height / 2);
        compare(cancelled.count, 1);
        compare(finished.count, 0);
    }

    function test_escape_while_holding_cancels_and_release_sends_nothing() {
        const composer = makeComposer();
        const area = findChild(composer, "micArea");
        mousePress(area, area.width / 2, area.height / 2);
        composer.recording = true;
        keyClick(Qt.Key_Escape);
        compare(cancelled.count, 1);
        composer.recording = false;
        mouseRelease(area, area.width / 2, area.height / 2);
        compare(finished.count, 0);
        compare(cancelled.count, 1);
    }
}
