package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.EventRecorder;
import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Device change events on the virtual card (issue 11): the JACK server's "system" device goes when the server is
 * killed and comes back when it starts again, in both directions, with and without a stream open on it.
 */
class DeviceChangesSoundcardTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final String JACK = "JACK Audio Connection Kit";

    @Test
    @VirtualSoundCard
    void shouldReportTheServersDeviceGoingAndComingBack(AudioDeviceModule adm, VirtualCard card, EventRecorder events)
            throws Exception {
        Changes changes = new Changes();
        adm.addListener(changes);
        long killed = System.nanoTime();
        card.kill();
        DeviceChange playoutGone = changes.await(DeviceChange.Change.REMOVED, StreamKind.PLAYOUT, "system");
        DeviceChange recordingGone = changes.await(DeviceChange.Change.REMOVED, StreamKind.RECORDING, "system");
        assertEquals(DeviceChange.STATE_NOT_PRESENT, playoutGone.state());
        assertEquals(JACK, recordingGone.device().hostApi());
        assertTrue(adm.devices().stream().noneMatch(d -> d.hostApi().equals(JACK)), adm.devices().toString());
        // The same changes reach onDevicesChanged, in words.
        events.await(e -> e.kind() == AdmEvent.Kind.DEVICES_CHANGED
                && e.message().equals("playout device removed: \"system\" (" + JACK + ")"), "the removal in words", WITHIN);
        long restarted = System.nanoTime();
        card.restart();
        DeviceChange playoutBack = changes.await(DeviceChange.Change.ADDED, StreamKind.PLAYOUT, "system");
        DeviceChange recordingBack = changes.await(DeviceChange.Change.ADDED, StreamKind.RECORDING, "system");
        assertEquals(DeviceChange.STATE_ACTIVE, playoutBack.state());
        assertTrue(adm.devices().stream().anyMatch(d -> d.name().equals("system") && d.hostApi().equals(JACK)));
        System.out.printf(Locale.ROOT, "device changes: removed %d / %d ms after the kill, added %d / %d ms after the "
                + "restart began%n", ms(playoutGone.nanos() - killed), ms(recordingGone.nanos() - killed),
                ms(playoutBack.nanos() - restarted), ms(recordingBack.nanos() - restarted));
        // A stream on it runs again.
        try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
            playout.start();
        }
    }

    @Test
    @VirtualSoundCard
    void shouldReportTheRemovalUnderAStreamAndTheAdditionOnceTheStreamIsClosed(AudioDeviceModule adm,
            VirtualCard card, EventRecorder events) throws Exception {
        Changes changes = new Changes();
        adm.addListener(changes);
        AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build());
        playout.start();
        card.kill();
        events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, WITHIN);
        changes.await(DeviceChange.Change.REMOVED, StreamKind.PLAYOUT, "system");
        card.restart();
        // The playout failed running and was isolated: PortAudio no longer counts it and lists afresh, so the list
        // is current and has the new server's device (streams that were idle at the death keep PortAudio from
        // listing again, and the list says it is stale: test_server_faults).
        DeviceList underTheStream = adm.deviceList();
        assertFalse(underTheStream.stale(), underTheStream.toString());
        assertTrue(underTheStream.devices().stream().anyMatch(d -> d.name().equals("system")),
                underTheStream.toString());
        playout.close();
        changes.await(DeviceChange.Change.ADDED, StreamKind.PLAYOUT, "system");
        changes.await(DeviceChange.Change.ADDED, StreamKind.RECORDING, "system");
        DeviceList afterwards = adm.deviceList();
        assertFalse(afterwards.stale(), afterwards.toString());
        assertTrue(afterwards.devices().stream().anyMatch(d -> d.name().equals("system")), afterwards.toString());
    }

    @Test
    @VirtualSoundCard
    void shouldSayTheListIsStaleUnderAnIdleStreamOfARestartedServerUntilItCloses(AudioDeviceModule adm,
            VirtualCard card, EventRecorder events) throws Exception {
        AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build());
        assertFalse(adm.deviceList().stale());
        card.kill();
        events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, WITHIN);
        card.restart();
        // The idle playout is still open: PortAudio cannot list again, and says so.
        DeviceList underTheStream = adm.deviceList();
        assertTrue(underTheStream.stale(), underTheStream.toString());
        assertTrue(underTheStream.devices().stream().noneMatch(d -> d.name().equals("system")),
                "the dead server's device is left out: " + underTheStream);
        playout.close();
        DeviceList afterwards = adm.deviceList();
        assertFalse(afterwards.stale(), afterwards.toString());
        assertTrue(afterwards.devices().stream().anyMatch(d -> d.name().equals("system")), afterwards.toString());
    }

    @Test
    @VirtualSoundCard
    void shouldSayNothingWhenNothingChanged(AudioDeviceModule adm, VirtualCard card) throws Exception {
        Changes changes = new Changes();
        adm.addListener(changes);
        // A client of the server comes and goes: the server's socket does not, so nothing is listed again.
        try (AudioStream recording = adm.initRecording(card.recordingConfig(adm).build())) {
            recording.start();
            Thread.sleep(1000);
        }
        Thread.sleep(1000);
        assertEquals(List.of(), changes.seen);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The device changes a listener got. */
    private static final class Changes implements AdmEventListener {
        final List<DeviceChange> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onDeviceChanged(DeviceChange change) {
            seen.add(change);
        }

        DeviceChange await(DeviceChange.Change change, StreamKind direction, String name) throws InterruptedException {
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                for (DeviceChange c : seen) {
                    if (c.change() == change && c.direction() == direction && c.device().name().equals(name)) {
                        return c;
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no " + change + " of " + direction + " device \"" + name + "\" within " + WITHIN
                    + "; seen: " + seen);
        }
    }
}
