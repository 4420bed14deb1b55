package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * {@link Main#commandLine(Environment, String[])} builds only the subcommand the arguments name;
 * what a user sees must not depend on that.
 */
class LazySubcommandsTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(CommandLine line, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).setUsageHelpWidth(80);
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run lazily(String... args) {
        return run(Main.commandLine(Environment.system(), args), args);
    }

    private static Run withEverySubcommand(String... args) {
        return run(Main.commandLine(Environment.system()), args);
    }

    @TestFactory
    Stream<DynamicTest> eachCommandsHelpReadsTheSameWhenOnlyItIsBuilt() {
        return Main.commandLine().getSubcommands().keySet().stream().distinct()
                .flatMap(name -> Stream.of(new String[] {name, "--help"}, new String[] {"help", name}))
                .map(args -> DynamicTest.dynamicTest(String.join(" ", args), () -> {
                    Run lazy = lazily(args);
                    Run full = withEverySubcommand(args);
                    assertThat(lazy.out()).isNotBlank().isEqualTo(full.out());
                    assertThat(lazy.exitCode()).isEqualTo(full.exitCode()).isZero();
                }));
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        assertThat(Main.commandLine(Environment.system(), new String[] {"check", "-q"}).getSubcommands())
                .containsOnlyKeys("check");
    }

    @Test
    void theTopLevelHelpStillListsEveryCommand() {
        Run lazy = lazily("--help");

        assertThat(lazy.out()).isEqualTo(withEverySubcommand("--help").out());
        assertThat(lazy.out()).contains("  run ", "  check ", "  diff ", "  reload ", "  history ", "  status ", "  auth ");
    }

    @Test
    void aMistypedNameStillGetsTheSuggestion() {
        Run lazy = lazily("chek", "config/bots.toml");

        assertThat(lazy.exitCode()).isEqualTo(2);
        assertThat(lazy.err()).isEqualTo(withEverySubcommand("chek", "config/bots.toml").err())
                .contains("check");
    }
}
