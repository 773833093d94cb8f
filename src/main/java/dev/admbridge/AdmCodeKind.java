package dev.admbridge;

/**
 * Errors and warnings are two namespaces: the same number can mean one thing in each (20 is
 * {@link AdmCode#ERR_ABORTED} and {@link AdmCode#WARN_PENDING}), so every lookup by number names
 * its kind.
 */
public enum AdmCodeKind {
    /** An unrecoverable failure that needs the application to act. */
    ERROR,
    /** A problem the module may recover from; informative. */
    WARNING
}
