package dev.hupbot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "check", description = "(being written)")
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("check: not written yet");
    }
}
