package dev.admbridge;

/** Run in a child JVM by NativeLibraryTest: prints what opening a module gives. */
public final class LoadFailureProbe {
    private LoadFailureProbe() {}

    public static void main(String[] args) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (AudioDeviceModule adm = AudioDeviceModule.open()) {
                System.out.println("opened");
            } catch (AdmException e) {
                System.out.println("code=" + e.code().value() + " message=" + e.getMessage());
            }
        }
    }
}
