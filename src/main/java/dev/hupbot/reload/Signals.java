package dev.hupbot.reload;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for POSIX signals through {@code sun.misc.Signal}, the JDK's only way to
 * replace its own SIGHUP behaviour (a shutdown). Reached by reflection because javac warns on
 * every direct use of that API and the warning cannot be suppressed; the module exports it.
 */
public final class Signals {
    private Signals() {}

    /**
     * Runs {@code handler} on a JVM signal thread each time {@code name} (HUP, TERM, INT) arrives.
     * Returns false when the process was started with the signal ignored (as {@code nohup} does
     * to SIGHUP): the JVM then keeps it ignored and the handler never runs.
     */
    public static boolean handle(String name, Runnable handler) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (self, method, args) -> {
                        if (method.getName().equals("handle")) {
                            handler.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(self);
                            case "equals" -> self == args[0];
                            default -> "SignalHandler[" + name + "]";
                        };
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handle.invoke(null, signal, proxy);
            return previous != handlerClass.getField("SIG_IGN").get(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot handle SIG" + name + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIG" + name + " on this JVM: " + e, e);
        }
    }
}
