package dev.admbridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AudioDeviceModule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBufferPoolTest {

    @Test
    void shouldHandABufferGivenBackToTheNextTakerClearedAndKeepOnlyAFew() {
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < BatchBufferPool.KEPT + 3; i++) {
            taken.add(BatchBufferPool.take());  // empties what earlier tests left, then allocates
        }
        assertEquals(0, BatchBufferPool.kept());
        ByteBuffer first = taken.get(0);
        assertTrue(first.isDirect());
        assertEquals(ByteOrder.nativeOrder(), first.order());
        assertTrue(first.capacity() >= EventDispatcher.BATCH_RECORDS * EventRecordLayout.SIZE);
        first.position(64).limit(128);
        for (ByteBuffer buffer : taken) {
            BatchBufferPool.give(buffer);
        }
        assertEquals(BatchBufferPool.KEPT, BatchBufferPool.kept(), "only a few are kept");
        ByteBuffer again = BatchBufferPool.take();
        assertSame(first, again, "the first given back is the first handed out again");
        assertEquals(0, again.position());
        assertEquals(again.capacity(), again.limit());
        BatchBufferPool.give(again);
    }

    @Test
    void shouldLetModulesOpenedOneAfterAnotherShareTheirDispatchersBuffer() throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(new EventDispatcherTest.Recorder("r"));
        }
        int kept = BatchBufferPool.kept();
        assertTrue(kept >= 1, "a closed module's dispatcher gives its buffer back");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(new EventDispatcherTest.Recorder("r"));
            EventTesting.await(() -> BatchBufferPool.kept() == kept - 1, "the next dispatcher to take a kept buffer");
        }
        assertEquals(kept, BatchBufferPool.kept(), "and to give it back as it ends");
    }
}
