package dev.hupbot.cli;

import java.io.PrintStream;

/**
 * The default uncaught-exception handler of {@code hupbot run}: a thread that dies of
 * {@link OutOfMemoryError} halts the process with {@link #EXIT_CODE}, after one best-effort line
 * on stderr, so a supervisor (systemd, Docker's restart policy) starts a clean one. After an
 * OutOfMemoryError any thread may be half-way through anything; carrying on would leave bots
 * that no longer answer, a status that says stuck and a SIGTERM handler that may never run. The
 * launcher and the image also pass {@code -XX:+ExitOnOutOfMemoryError}, which catches the errors
 * a library swallows; this covers a plain {@code java -jar}.
 *
 * <p>Any other uncaught throwable is printed as the JVM would, and the process carries on.
 */
final class OutOfMemoryExit implements Thread.UncaughtExceptionHandler {
    /** The code the JVM's own {@code -XX:+ExitOnOutOfMemoryError} exits with, so both read alike. */
    static final int EXIT_CODE = 3;

    /** Stops the process at once; {@code Runtime::halt} outside tests. */
    @FunctionalInterface
    interface Halt {
        void halt(int status);
    }

    private final PrintStream err;
    private final Halt halt;

    OutOfMemoryExit(PrintStream err, Halt halt) {
        this.err = err;
        this.halt = halt;
    }

    /** Makes this the JVM's default handler, halting with {@code Runtime.halt}. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new OutOfMemoryExit(System.err, Runtime.getRuntime()::halt));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (!outOfMemory(failure)) {
            err.print("Exception in thread \"" + thread.getName() + "\" ");
            failure.printStackTrace(err);
            return;
        }
        try {
            err.println("hupbot run: out of memory in thread " + thread.getName() + "; exiting with code " + EXIT_CODE
                    + " so that a supervisor restarts a clean process");
            err.flush();
        } catch (Throwable ignored) {
            // no memory even for the line: exiting matters more
        } finally {
            // halt, not exit: shutdown hooks would need the memory and the threads that just failed
            halt.halt(EXIT_CODE);
        }
    }

    private static boolean outOfMemory(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }
}
