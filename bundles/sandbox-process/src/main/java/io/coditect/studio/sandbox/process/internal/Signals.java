package io.coditect.studio.sandbox.process.internal;

/** Linux signal numbers and names, for exit codes of the form 128 + signal. */
final class Signals {

    static final int SIGKILL = 9;

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {
    }

    /** The signal encoded in an exit code of 128 + signal, or 0 when the code is not one. */
    static int fromExitCode(int exitCode) {
        int signal = exitCode - 128;
        return signal > 0 && signal < NAMES.length ? signal : 0;
    }

    static String name(int signal) {
        return signal > 0 && signal < NAMES.length ? NAMES[signal] : "signal " + signal;
    }
}
