package dev.hupbot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "history", description = "(being written)")
final class HistoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("history: not written yet");
    }
}
