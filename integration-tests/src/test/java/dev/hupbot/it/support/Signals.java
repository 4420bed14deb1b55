package dev.hupbot.it.support;

import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;

/** Real POSIX signals to a pid. */
public final class Signals {
    private Signals() {}

    public static void send(long pid, String name) {
        Signal signal = Signal.valueOf("SIG" + name);
        int rc = POSIXFactory.getNativePOSIX().kill((int) pid, signal.intValue());
        if (rc != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }
}
