package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command's {@code --help}, pinned as a snapshot, and held to one shape: a complete first
 * line, an "Exit codes:" section and an "Examples:" section.
 */
class HelpSnapshotTest {
    private static final int WIDTH = 80;

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help") && !all.contains(sub)) {
                everyCommand(sub).stream().filter(c -> !all.contains(c)).forEach(all::add);
            }
        }
        return all;
    }

    private static String usage(CommandLine command) {
        command.setUsageHelpWidth(WIDTH);
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @TestFactory
    Stream<DynamicTest> helpOfEveryCommand() {
        return everyCommand(Main.commandLine()).stream().map(command -> {
            String name = command.getCommandSpec().qualifiedName(" ");
            return DynamicTest.dynamicTest(name, () -> {
                String help = usage(command);
                assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(WIDTH));
                if (command.getParent() != null) {
                    assertThat(help).as(name).contains("\nExit codes").contains("\nExamples:\n");
                }
                Snapshots.assertMatches("help-" + name.replace(' ', '-') + ".txt", help);
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> theCommandListShowsWholeSentences() {
        return Main.commandLine().getSubcommands().values().stream()
                .filter(c -> !c.getCommandName().equals("help"))
                .map(command -> DynamicTest.dynamicTest(command.getCommandName(), () -> {
                    String first = command.getCommandSpec().usageMessage().description()[0];
                    assertThat(first).as("first description line of %s", command.getCommandName()).endsWith(".");
                }));
    }
}
