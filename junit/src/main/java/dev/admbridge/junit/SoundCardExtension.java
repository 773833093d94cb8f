package dev.admbridge.junit;

import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link SoundCardTest} and {@link VirtualSoundCard}: decides whether a test can run,
 * starts and stops virtual cards, resolves the module, the card and the event recorder, and attaches the
 * evidence of a failed test to its report. Registered by those annotations; not used directly.
 */
public final class SoundCardExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The resource lock every sound card test holds: the modules of a process share one PortAudio. */
    public static final String LOCK = "dev.admbridge.soundcard";
    /** Set to {@code true} to make a missing card fail the tests that need it. */
    public static final String REQUIRE_PROPERTY = "admbridge.requireSoundCard";
    /** The environment variable of {@link #REQUIRE_PROPERTY}. */
    public static final String REQUIRE_VARIABLE = "ADMBRIDGE_REQUIRE_SOUNDCARD";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SoundCardExtension.class);
    private static final String CARD = "card";
    private static final String MODULE = "module";
    private static final String RECORDER = "recorder";
    private static final String EVIDENCE = "evidence";

    /** Created by JUnit, through the annotations. */
    public SoundCardExtension() {}

    // --- may the test run? ---

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        if (element.isEmpty()) {
            return ConditionEvaluationResult.enabled("not a test or class");
        }
        // A method's own annotation decides for it; without one, its class decided already.
        Optional<VirtualSoundCard> virtual = AnnotationSupport.findAnnotation(element, VirtualSoundCard.class);
        Optional<SoundCardTest> machine = AnnotationSupport.findAnnotation(element, SoundCardTest.class);
        Optional<String> missing;
        if (virtual.isPresent()) {
            checkSettings(virtual.get());
            missing = JackServer.findJackd().isPresent() ? Optional.empty()
                    : Optional.of("jackd is not installed (Debian package jackd2), so no virtual card");
        } else if (machine.isPresent()) {
            missing = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(machine.get().toString(),
                    key -> CardProbe.missing(machine.get()), Optional.class);
        } else {
            return ConditionEvaluationResult.enabled("needs no sound card of its own");
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("the sound card is there");
        }
        if (required(context)) {
            throw new ExtensionConfigurationException(missing.get() + ", and this run demands a sound card ("
                    + REQUIRE_VARIABLE + " or -D" + REQUIRE_PROPERTY + " is true)");
        }
        return ConditionEvaluationResult.disabled(missing.get() + "; set " + REQUIRE_VARIABLE
                + "=true to make this a failure");
    }

    private static boolean required(ExtensionContext context) {
        String value = context.getConfigurationParameter(REQUIRE_PROPERTY)
                .orElse(System.getProperty(REQUIRE_PROPERTY, System.getenv(REQUIRE_VARIABLE)));
        return value != null && List.of("true", "1", "yes").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static void checkSettings(VirtualSoundCard card) {
        List<String> wrong = new ArrayList<>();
        if (card.rate() < 8000 || card.rate() > 192000) {
            wrong.add("rate must be 8000 to 192000, was " + card.rate());
        }
        if (card.period() < 16 || card.period() > 4096 || Integer.bitCount(card.period()) != 1) {
            wrong.add("period must be a power of two from 16 to 4096, was " + card.period());
        }
        if (card.inputs() < 1 || card.inputs() > 64) {
            wrong.add("inputs must be 1 to 64, was " + card.inputs());
        }
        if (card.outputs() < 1 || card.outputs() > 64) {
            wrong.add("outputs must be 1 to 64, was " + card.outputs());
        }
        if (!wrong.isEmpty()) {
            throw new ExtensionConfigurationException("@VirtualSoundCard: " + String.join("; ", wrong));
        }
    }

    // --- virtual cards: per class or per test ---

    @Override
    public void beforeAll(ExtensionContext context) {
        startCardIfAnnotated(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeResources(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Evidence evidence = new Evidence();
        evidence.makeCurrent();
        context.getStore(NAMESPACE).put(key(context, EVIDENCE), evidence);
        startCardIfAnnotated(context);
        if (card(context).orElse(null) instanceof VirtualCard virtual) {
            evidence.addFile("jackd.log", virtual.serverLog());
        }
        // The recorder of a module resolved for the whole class reports in each failed test's evidence too.
        lookUp(context.getParent(), RECORDER, EventRecorder.class)
                .ifPresent(recorder -> evidence.addLog("events-class.log", recorder::log));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            Evidence evidence = context.getStore(NAMESPACE).get(key(context, EVIDENCE), Evidence.class);
            if (evidence != null && context.getExecutionException().isPresent()) {
                evidence.publish(context);
            }
        } finally {
            Evidence.clearCurrent();
            closeResources(context);
        }
    }

    private static void startCardIfAnnotated(ExtensionContext context) {
        AnnotatedElement element = context.getElement().orElse(null);
        Optional<VirtualSoundCard> settings = element instanceof Class<?> type
                ? AnnotationSupport.findAnnotation(type, VirtualSoundCard.class)
                : AnnotationSupport.findAnnotation(element, VirtualSoundCard.class);
        if (settings.isEmpty()) {
            return;
        }
        try {
            context.getStore(NAMESPACE).put(key(context, CARD), VirtualCard.start(settings.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the virtual sound card of " + context.getDisplayName(), e);
        }
    }

    /** Closes the module, then stops the card, of this context (a test's, or a class's). */
    private static void closeResources(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        AudioDeviceModule module = store.remove(key(context, MODULE), AudioDeviceModule.class);
        VirtualCard card = store.remove(key(context, CARD), VirtualCard.class);
        try {
            if (module != null) {
                module.close();
            }
        } finally {
            if (card != null) {
                card.close();
            }
        }
    }

    // --- parameters ---

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AudioDeviceModule.class || type == SoundCard.class || type == VirtualCard.class
                || type == EventRecorder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == EventRecorder.class) {
            return recorder(context);
        }
        SoundCard card = card(context).orElseThrow(() -> new ParameterResolutionException(
                "a " + type.getSimpleName() + " parameter needs @SoundCardTest or @VirtualSoundCard on the test or "
                        + "its class"));
        if (type == SoundCard.class) {
            return card;
        }
        if (type == VirtualCard.class) {
            if (card instanceof VirtualCard virtual) {
                return virtual;
            }
            throw new ParameterResolutionException("a VirtualCard parameter needs @VirtualSoundCard on the test or "
                    + "its class; this test runs on " + card.description());
        }
        return module(context, card);
    }

    /** The card of this context: a virtual card of the test or of an enclosing class, else the machine's. */
    private static Optional<SoundCard> card(ExtensionContext context) {
        Optional<SoundCard> virtual = lookUp(Optional.of(context), CARD, SoundCard.class);
        if (virtual.isPresent()) {
            return virtual;
        }
        boolean machine = context.getElement().map(e -> AnnotationSupport.isAnnotated(e, SoundCardTest.class)).orElse(false)
                || context.getTestClass().map(c -> AnnotationSupport.isAnnotated(c, SoundCardTest.class)).orElse(false);
        return machine ? Optional.of(new MachineCard()) : Optional.empty();
    }

    /** The module of this context, opened on the card at first use, reporting to this context's recorder. */
    private static AudioDeviceModule module(ExtensionContext context, SoundCard card) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        AudioDeviceModule module = store.get(key(context, MODULE), AudioDeviceModule.class);
        if (module == null) {
            module = card.openModule();
            module.addListener(recorder(context));
            store.put(key(context, MODULE), module);
        }
        return module;
    }

    /** The recorder of this context, created at first use; its log is evidence of the context's test. */
    private static EventRecorder recorder(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        EventRecorder recorder = store.get(key(context, RECORDER), EventRecorder.class);
        if (recorder == null) {
            recorder = new EventRecorder();
            store.put(key(context, RECORDER), recorder);
            Evidence evidence = store.get(key(context, EVIDENCE), Evidence.class);
            if (evidence != null) {
                evidence.addLog("events.log", recorder::log);
            }
        }
        return recorder;
    }

    private static <T> Optional<T> lookUp(Optional<ExtensionContext> start, String key, Class<T> type) {
        for (Optional<ExtensionContext> c = start; c.isPresent(); c = c.get().getParent()) {
            Object value = c.get().getStore(NAMESPACE).get(key(c.get(), key));
            if (type.isInstance(value)) {
                return Optional.of(type.cast(value));
            }
        }
        return Optional.empty();
    }

    /**
     * A key of this context alone: a store also answers with its parents' values, and a test's module, card or
     * recorder must not be taken for (or closed as) its class's.
     */
    private static String key(ExtensionContext context, String name) {
        return name + "@" + context.getUniqueId();
    }

    /** Whether a device offers what a test needs (used by {@link CardProbe}). */
    static boolean offers(AudioDevice device, boolean playout, int channels) {
        return (playout ? device.maxOutputChannels() : device.maxInputChannels()) >= channels;
    }
}
