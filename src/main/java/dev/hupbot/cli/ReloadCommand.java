package dev.hupbot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "reload", description = "(being written)")
final class ReloadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("reload: not written yet");
    }
}
