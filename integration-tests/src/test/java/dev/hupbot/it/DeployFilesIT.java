package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hupbot.it.support.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/}: the systemd unit checked by {@code systemd-analyze verify}, the Kubernetes
 * manifests by {@code yamllint} and parsed as Kubernetes objects by {@code kubectl --local} (no
 * cluster: offline, kubectl parses and prints but validates no schema, so the settings that
 * matter are asserted here), and the ConfigMap's {@code bots.toml} against the example. CI
 * installs the tools ({@code .ci/run}); elsewhere a missing tool skips its test, unless
 * {@code -Dhupbot.it.requireDocker=true} (CI) makes that a failure.
 */
class DeployFilesIT {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final Path UNIT = ROOT.resolve("deploy/systemd/hupbot.service");

    @TempDir Path dir;

    record Run(int exitCode, String stdout, String stderr) {}

    Run run(String... command) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("KUBECONFIG", dir.resolve("no-cluster").toString()); // never a real cluster
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void requireTool(String tool) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
        if (!found && Boolean.getBoolean("hupbot.it.requireDocker")) {
            throw new AssertionError(tool + " is not installed; .ci/run installs it (Debian package)");
        }
        assumeThat(found).as(tool + " is installed").isTrue();
    }

    String kubectl(String file, String jsonPath) {
        Run r = run("kubectl", "label", "--local", "-f", KUBERNETES.resolve(file).toString(), "checked=yes", "-o", "jsonpath=" + jsonPath);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    void theSystemdUnitVerifies() throws IOException {
        requireTool("systemd-analyze");
        Path unit = dir.resolve("hupbot.service");
        Files.copy(UNIT, unit);
        Run verify = run("systemd-analyze", "verify", unit.toString());
        // verify exits 0 on unknown keys and bad values, only warning: no output at all is the pass.
        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.stderr() + verify.stdout()).isEmpty();
        String text = Files.readString(UNIT);
        assertThat(text).contains("\nType=notify\n", "\nExecReload=/bin/kill -HUP $MAINPID\n", "#   Type=notify-reload",
                "\nUser=hupbot\n", "\nStateDirectory=hupbot\n", "\nProtectSystem=strict\n", "\nNoNewPrivileges=yes\n",
                "\nPrivateTmp=yes\n");
    }

    @Test
    void theManifestsPassYamllintAndParseAsKubernetesObjects() {
        requireTool("yamllint");
        requireTool("kubectl");
        Run lint = run("yamllint", "--strict", "-c", KUBERNETES.resolve(".yamllint").toString(), KUBERNETES.toString());
        assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
        Run names = run("kubectl", "label", "--local", "-f", KUBERNETES.toString(), "checked=yes", "-o", "name");
        assertThat(names.exitCode()).as(names.stderr()).isZero();
        assertThat(names.stdout().lines().sorted().toList())
                .containsExactly("configmap/hupbot-config", "deployment.apps/hupbot", "persistentvolumeclaim/hupbot-data");

        assertThat(kubectl("deployment.yaml", "{.spec.replicas} {.spec.strategy.type}")).isEqualTo("1 Recreate");
        String pod = "{.spec.template.spec";
        assertThat(kubectl("deployment.yaml", pod + ".securityContext.runAsNonRoot} " + pod + ".securityContext.runAsUser}"))
                .isEqualTo("true 10001");
        String container = pod + ".containers[0]";
        assertThat(kubectl("deployment.yaml", container + ".securityContext.readOnlyRootFilesystem} "
                + container + ".securityContext.allowPrivilegeEscalation}")).isEqualTo("true false");
        assertThat(kubectl("deployment.yaml", container + ".args}")).contains("\"--watch\"");
        assertThat(kubectl("deployment.yaml", container + ".livenessProbe.exec.command} " + container + ".readinessProbe.exec.command}"))
                .isEqualTo("[\"hupbot\",\"status\",\"--health\"] [\"hupbot\",\"status\",\"--health\"]");
        assertThat(kubectl("deployment.yaml", container + ".volumeMounts[*].mountPath}")).isEqualTo("/config /data /tmp");
        assertThat(kubectl("deployment.yaml", pod + ".volumes[0].projected.sources[1].secret.items[0].path} "
                + pod + ".volumes[1].persistentVolumeClaim.claimName} " + pod + ".volumes[2].emptyDir}"))
                .startsWith(".env hupbot-data {");
    }

    @Test
    void theConfigMapIsTheExampleByteForByteAndPassesCheck() throws IOException {
        requireTool("kubectl");
        String fromManifest = kubectl("configmap.yaml", "{.data.bots\\.toml}");
        byte[] example = Files.readAllBytes(ROOT.resolve("config/bots.toml"));
        assertThat(fromManifest.getBytes(StandardCharsets.UTF_8))
                .as("deploy/kubernetes/configmap.yaml is config/bots.toml: run deploy/kubernetes/generate-configmap")
                .isEqualTo(example);

        Path extracted = dir.resolve("bots.toml");
        Files.writeString(extracted, fromManifest, StandardCharsets.UTF_8);
        Cli.Result check = Cli.run(exampleEnv(), "check", extracted.toString());
        assertThat(check.exitCode()).as(check.stderr()).isZero();
    }

    /** The variables config/.env.example lists, as the Secret's env file would give them. */
    static Map<String, String> exampleEnv() throws IOException {
        Map<String, String> env = new HashMap<>();
        List<String> lines = new ArrayList<>(Files.readAllLines(ROOT.resolve("config/.env.example")));
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return env;
    }
}
