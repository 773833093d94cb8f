package dev.admbridge.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.FormatCheck;
import dev.admbridge.SampleFormat;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Any stream configuration, built, checked and opened: only the documented outcomes. The builder refuses
 * only a blank name and a rate that is not a number (2); the format check and init agree, and give
 * supported/opened or a documented code: 2 a value out of range, 4 no loopback without JACK, 1007 a rate the
 * device refuses, 1008/1011/1022 the direction's init failure.
 */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class StreamConfigProperties {
    private static final Set<AdmCode> DOCUMENTED = Set.of(AdmCode.ERR_INVALID_ARGUMENT, AdmCode.ERR_NOT_SUPPORTED,
            AdmCode.ERR_ADM_SAMPLE_RATE, AdmCode.ERR_ADM_INIT_PLAYOUT, AdmCode.ERR_ADM_INIT_RECORDING,
            AdmCode.ERR_ADM_INIT_LOOPBACK);

    private final SoundCard card;

    StreamConfigProperties(SoundCard card) {
        this.card = card;
    }

    /** A configuration as a caller might write it: the builder's calls with any values. */
    record Asked(int index, String name, int channels, SampleFormat format, double rate, int frames, Duration latency) {
        StreamConfig build() {
            StreamConfig.Builder builder = StreamConfig.builder().channels(channels).format(format).sampleRate(rate)
                    .framesPerBuffer(frames).suggestedLatency(latency);
            return name != null ? builder.device(name).build() : builder.device(index).build();
        }
    }

    private static Gen<Asked> asked(int system) {
        Gen<Integer> index = Gens.ints(-3, 40, system, system, 1);
        Gen<String> name = Generate.oneOf(Generate.pick(java.util.Arrays.asList(null, null, "system", "no such device",
                " ", "sys")), SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 12));
        Gen<Integer> channels = Gens.ints(-2, 70, 1, 2, 64, 65);
        Gen<Integer> frames = Gens.ints(-5, 20000, 64, 256, 16384, 16385);
        return index.zip(name, channels, Generate.enumValues(SampleFormat.class),
                (i, n, c, fmt) -> new Asked(i, n, c, fmt, 48000, 0, Duration.ZERO))
                .zip(Gens.rates(), frames, Gens.durations(),
                        (a, rate, f, latency) -> new Asked(a.index(), a.name(), a.channels(), a.format(), rate, f, latency));
    }

    @Test
    void shouldOnlyEverGiveDocumentedOutcomes() {
        try (AudioDeviceModule module = card.openModule()) {
            int system = card.playoutDevice(module).index();
            Gen<StreamKind> kinds = Generate.pick(List.of(StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK));
            qt().withExamples(300).forAll(asked(system), kinds).checkAssert((asked, kind) -> check(module, asked, kind));
        }
    }

    private static void check(AudioDeviceModule module, Asked asked, StreamKind kind) {
        StreamConfig config;
        try {
            config = asked.build();
        } catch (AdmException e) {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code(), e.getMessage());
            assertTrue(asked.name() != null && asked.name().isBlank() || !Double.isFinite(asked.rate()),
                    "the builder refuses only a blank name or a rate that is not a number: " + e.getMessage());
            return;
        }
        FormatCheck check = module.checkFormat(kind, config);
        assertTrue(check.supported() || DOCUMENTED.contains(check.code()), check.toString());
        AdmCode initCode = AdmCode.ERR_OK;
        try {
            AudioStream stream = module.initStream(kind, config);
            stream.close();
        } catch (AdmException e) {
            initCode = e.code();
            assertTrue(DOCUMENTED.contains(e.code()), e.getMessage());
        }
        if (check.code() == AdmCode.ERR_INVALID_ARGUMENT) {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, initCode, "the check and init agree on bad values: " + config);
        }
        if (check.supported()) {
            assertEquals(AdmCode.ERR_OK, initCode, "what the check accepts opens: " + config);
        }
    }
}
