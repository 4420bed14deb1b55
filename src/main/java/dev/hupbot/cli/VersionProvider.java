package dev.hupbot.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the pom's version and the commit the jar was built from, from its manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        if (version == null) {
            return new String[] {"hupbot (development build: classes not from the packaged jar)"};
        }
        return new String[] {"hupbot " + version + " (" + commit() + ")"};
    }

    private static String commit() {
        String commit = manifestCommit();
        // The placeholder survives where the build had no git repository (the image's build stage).
        return commit == null || commit.isBlank() || commit.startsWith("${") ? "commit unknown" : "commit " + commit;
    }

    private static @Nullable String manifestCommit() {
        try {
            Enumeration<URL> manifests = Main.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Manifest manifest = new Manifest(in);
                    if ("dev.hupbot.cli.Main".equals(manifest.getMainAttributes().getValue("Main-Class"))) {
                        return manifest.getMainAttributes().getValue("Hupbot-Commit");
                    }
                }
            }
        } catch (IOException e) {
            // No commit then; the version alone still answers the question.
        }
        return null;
    }
}
