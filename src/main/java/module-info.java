/**
 * admbridge: the audio device module for desktop Java. Start with
 * {@link dev.admbridge.AudioDeviceModule}; every failure carries a documented {@link dev.admbridge.AdmCode}.
 * JavaCPP is its only dependency.
 */
module dev.admbridge {
    requires org.bytedeco.javacpp;
    requires java.desktop;  // javax.sound.sampled: WAV files (dev.admbridge.analysis, dev.admbridge.audio)

    exports dev.admbridge;
    exports dev.admbridge.analysis;

    // Signal tools (tones, levels, WAV files, the loopback measurement) and checked conversions for the
    // project's own command-line tool and JUnit extension; not an application's API, so exported to those only.
    exports dev.admbridge.audio to dev.admbridge.cli, dev.admbridge.junit;
    exports dev.admbridge.loopback to dev.admbridge.cli, dev.admbridge.junit;
    exports dev.admbridge.internal to dev.admbridge.cli, dev.admbridge.junit;

    // JavaCPP's Loader reads the bundled JNI library as a resource of this package.
    opens dev.admbridge.jni to org.bytedeco.javacpp;
}
