package dev.hupbot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "diff", description = "(being written)")
final class DiffCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("diff: not written yet");
    }
}
