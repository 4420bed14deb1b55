package dev.hupbot.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds commands for picocli; a command with a constructor taking an {@link Environment} gets
 * the one {@link Main} was given, so no command reads {@code System.getenv} itself.
 */
final class CommandFactory implements IFactory {
    private final Environment environment;

    CommandFactory(Environment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withEnvironment;
        try {
            withEnvironment = cls.getDeclaredConstructor(Environment.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        withEnvironment.setAccessible(true);
        return withEnvironment.newInstance(environment);
    }
}
