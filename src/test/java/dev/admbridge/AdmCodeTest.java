package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdmCodeTest {

    @Test
    void shouldEqualTheNativeTableRowByRow() {
        NativeLibrary.ensureLoaded();
        int rows = NativeAdm.codeCount();
        assertEquals(AdmCode.values().length, rows, "the Java and native tables differ in size");
        for (int row = 0; row < rows; row++) {
            String name = NativeLibrary.string(NativeAdm.codeName(row));
            AdmCode code = AdmCode.findByName(name).orElseThrow(() -> new AssertionError("Java lacks " + name));
            assertEquals(code.value(), NativeAdm.codeValue(row), name);
            assertEquals(code.kind().ordinal(), NativeAdm.codeKind(row), name);
            assertEquals(code.internalOnly(), NativeAdm.codeInternalOnly(row), name);
            assertEquals(code.extension(), NativeAdm.codeExtension(row), name);
            assertEquals(code.description(), NativeLibrary.string(NativeAdm.codeDescription(row)), name);
            assertEquals(code.ordinal(), row, "rows are in the same order: " + name);
        }
    }

    @Test
    void shouldAnswerOutOfRangeNativeRowsWithoutCrashing() {
        NativeLibrary.ensureLoaded();
        assertEquals(-1, NativeAdm.codeValue(-1));
        assertEquals(-1, NativeAdm.codeKind(NativeAdm.codeCount()));
        assertNull(NativeLibrary.string(NativeAdm.codeName(Integer.MAX_VALUE)));
        assertFalse(NativeAdm.codeInternalOnly(-5));
        assertFalse(NativeAdm.codeExtension(NativeAdm.codeCount()));
    }

    /** Every row of the SDK's seed table is a code with its exact value and name. */
    @Test
    void shouldHoldEverySeedRowWithItsValue() throws Exception {
        String seed = TestEnvironment.seedTable();
        int warnings = seed.indexOf("<td>WARN_");
        Matcher row = Pattern.compile("<td>((?:ERR|WARN)_\\w+)</td>\\s*<td>(\\d+)</td>").matcher(seed);
        List<String> checked = new ArrayList<>();
        while (row.find()) {
            String name = row.group(1);
            int value = Integer.parseInt(row.group(2));
            AdmCodeKind kind = row.start() < warnings ? AdmCodeKind.ERROR : AdmCodeKind.WARNING;
            AdmCode code = AdmCode.find(kind, value).orElseThrow(() -> new AssertionError(name + " " + value));
            if (value == 1031 && kind == AdmCodeKind.WARNING) {
                // The seed repeats WARN_ADM_RECORD_MALFUNCTION for 1031 (docs/codes.md): one name, one value.
                assertEquals(AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL, code);
            } else {
                assertEquals(name, code.name(), "value " + value);
            }
            checked.add(name + "=" + value);
        }
        // 48 error rows (6 of them repeated) and 16 warning rows.
        assertEquals(64, checked.size(), "seed rows parsed: " + checked);
        long seedCodes = java.util.Arrays.stream(AdmCode.values()).filter(code -> !code.extension()).count();
        assertEquals(seedCodes, checked.stream().distinct().count(), "every code but the extensions comes from the seed");
        for (AdmCode code : AdmCode.values()) {
            if (code.extension()) {
                assertFalse(seed.contains(">" + code.value() + "<"), code + " is no seed row: its number is not there");
            }
        }
    }

    /** The codes beyond the seed, with the numbers and names of the SDK's later headers (docs/codes.md). */
    @Test
    void shouldMarkExactlyTheExtensions() {
        Set<AdmCode> extensions = EnumSet.noneOf(AdmCode.class);
        for (AdmCode code : AdmCode.values()) {
            if (code.extension()) {
                extensions.add(code);
                assertEquals(AdmCodeKind.WARNING, code.kind(), code + ": the extensions are warnings");
                assertFalse(code.internalOnly(), code + ": an extension reaches the application");
            }
        }
        assertEquals(EnumSet.of(AdmCode.WARN_ADM_PLAYOUT_AUDIO_LOWLEVEL, AdmCode.WARN_ADM_RECORD_AUDIO_IS_ACTIVE,
                AdmCode.WARN_ADM_INCONSISTENT_AUDIO_DEVICE, AdmCode.WARN_ADM_GLITCH_STATE,
                AdmCode.WARN_ADM_WIN_CORE_NO_RECORDING_DEVICE, AdmCode.WARN_ADM_WIN_CORE_NO_PLAYOUT_DEVICE), extensions);
        assertEquals(1032, AdmCode.WARN_ADM_PLAYOUT_AUDIO_LOWLEVEL.value());
        assertEquals(1033, AdmCode.WARN_ADM_RECORD_AUDIO_IS_ACTIVE.value());
        assertEquals(1042, AdmCode.WARN_ADM_INCONSISTENT_AUDIO_DEVICE.value());
        assertEquals(1052, AdmCode.WARN_ADM_GLITCH_STATE.value());
        assertEquals(1322, AdmCode.WARN_ADM_WIN_CORE_NO_RECORDING_DEVICE.value());
        assertEquals(1323, AdmCode.WARN_ADM_WIN_CORE_NO_PLAYOUT_DEVICE.value());
    }

    @Test
    void shouldKeepTwentyApartByKind() {
        assertEquals(AdmCode.ERR_ABORTED, AdmCode.error(20));
        assertEquals(AdmCode.WARN_PENDING, AdmCode.warning(20));
        assertEquals(Optional.of(AdmCode.ERR_ABORTED), AdmCode.find(AdmCodeKind.ERROR, 20));
    }

    @Test
    void shouldMarkExactlyTheInternalOnlyErrors() {
        Set<AdmCode> internal = EnumSet.noneOf(AdmCode.class);
        for (AdmCode code : AdmCode.values()) {
            if (code.internalOnly()) {
                internal.add(code);
            }
        }
        assertEquals(EnumSet.of(AdmCode.ERR_REFUSED, AdmCode.ERR_NO_PERMISSION, AdmCode.ERR_CANCELED,
                AdmCode.ERR_TOO_OFTEN, AdmCode.ERR_BIND_SOCKET, AdmCode.ERR_NET_DOWN, AdmCode.ERR_NET_NOBUFS,
                AdmCode.ERR_ABORTED), internal);
    }

    @Test
    void shouldFindByName() {
        assertEquals(Optional.of(AdmCode.ERR_ADM_INIT_PLAYOUT), AdmCode.findByName("ERR_ADM_INIT_PLAYOUT"));
        assertEquals(Optional.of(AdmCode.WARN_ADM_HOWLING), AdmCode.findByName("WARN_ADM_HOWLING"));
        assertEquals(Optional.empty(), AdmCode.findByName("WARN_APM_HOWLING"));
        assertEquals(Optional.empty(), AdmCode.findByName("err_ok"));
        assertEquals(Optional.empty(), AdmCode.findByName(null));
    }

    @Test
    void shouldAnswerUnknownNumbersClearly() {
        assertEquals(Optional.empty(), AdmCode.find(AdmCodeKind.ERROR, 8));
        assertEquals(Optional.empty(), AdmCode.find(AdmCodeKind.WARNING, 1015));
        assertEquals("unknown error code 4242", AdmCode.describe(AdmCodeKind.ERROR, 4242));
        assertEquals("ERR_ADM_SAMPLE_RATE (1007)", AdmCode.describe(AdmCodeKind.ERROR, 1007));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdmCode.warning(-1));
        assertTrue(e.getMessage().contains("unknown warning code -1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> AdmCode.find(null, 1));
        assertThrows(NullPointerException.class, () -> AdmCode.ofKind(null));
    }

    @Test
    void shouldListEachKindInValueOrder() {
        List<AdmCode> warnings = AdmCode.ofKind(AdmCodeKind.WARNING);
        assertEquals(22, warnings.size());  // 16 seed rows and 6 extensions
        assertEquals(42, AdmCode.ofKind(AdmCodeKind.ERROR).size());
        for (int i = 1; i < warnings.size(); i++) {
            assertTrue(warnings.get(i - 1).value() < warnings.get(i).value());
        }
    }

    /** docs/codes.md is the table users read: every code stands there with its value and kind. */
    @Test
    void shouldBeDocumentedRowByRow() throws Exception {
        String doc = Files.readString(java.nio.file.Path.of("docs/codes.md"), StandardCharsets.UTF_8);
        int warnings = doc.indexOf("## Warnings");
        for (AdmCode code : AdmCode.values()) {
            String row = "| " + code.value() + " | `" + code.name() + "` | " + (code.internalOnly() ? "yes" : "") + " |"
                    + (code.kind() == AdmCodeKind.WARNING ? " " + (code.extension() ? "yes" : "") + " |" : "");
            int at = doc.indexOf(row);
            assertTrue(at >= 0, "docs/codes.md lacks the row of " + code);
            assertEquals(code.kind() == AdmCodeKind.WARNING, at > warnings, code + " is under the wrong heading");
        }
    }
}
