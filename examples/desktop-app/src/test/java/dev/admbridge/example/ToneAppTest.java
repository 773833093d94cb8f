package dev.admbridge.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.junit.EventRecorder;
import dev.admbridge.junit.Recording;
import dev.admbridge.junit.SignalAssertions;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The app's tone, heard on the sound card: played by the app, captured through the card's loopback. */
@SoundCardTest(outputs = 1, loopback = true)
class ToneAppTest {

    @Test
    void playsItsToneOnTheCard(AudioDeviceModule adm, SoundCard card, EventRecorder events) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ToneApp app = new ToneApp(new PrintStream(printed, true, StandardCharsets.UTF_8));
        app.listDevices(adm);

        CompletableFuture<Void> playing = CompletableFuture.runAsync(
                () -> app.playTone(adm, card.playoutConfig(adm).build(), 440, -12, Duration.ofSeconds(2)));
        Thread.sleep(300);  // the tone has started
        Recording heard = card.recordLoopback(adm, Duration.ofMillis(800));
        playing.get();

        SignalAssertions.assertTone(heard, 440, -12, 1.0);
        events.assertNone(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR);
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains(card.playoutDevice(adm).name()), report);
        assertTrue(report.contains("played 2.0 s of 440 Hz at -12 dBFS"), report);
    }
}
