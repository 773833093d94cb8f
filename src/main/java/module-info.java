/**
 * admbridge: the audio device module for desktop Java. Start with
 * {@link dev.admbridge.AudioDeviceModule}; every failure carries a documented {@link dev.admbridge.AdmCode}.
 */
module dev.admbridge {
    requires org.bytedeco.javacpp;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires java.desktop;  // javax.sound.sampled: WAV files (adm play/record, dev.admbridge.analysis)

    exports dev.admbridge;
    exports dev.admbridge.analysis;
    exports dev.admbridge.audio;
    exports dev.admbridge.loopback;

    // JavaCPP's Loader reads the bundled JNI library as a resource of this package.
    opens dev.admbridge.jni to org.bytedeco.javacpp;
    // picocli fills the commands' fields by reflection.
    opens dev.admbridge.cli to info.picocli;
}
