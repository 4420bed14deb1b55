package dev.hupbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LibraryLoggersTest {
    @Test
    void librariesAreOffUnlessHupbotLogsAtDebugOrTrace() {
        assertThat(new LibraryLoggers(Map.of()).getPropertyValue()).isEqualTo("OFF");
        assertThat(new LibraryLoggers(Map.of("HUPBOT_LOG_LEVEL", "info")).getPropertyValue()).isEqualTo("OFF");
        assertThat(new LibraryLoggers(Map.of("HUPBOT_LOG_LEVEL", "WARN")).getPropertyValue()).isEqualTo("OFF");
        assertThat(new LibraryLoggers(Map.of("HUPBOT_LOG_LEVEL", "debug")).getPropertyValue()).isEqualTo("DEBUG");
        assertThat(new LibraryLoggers(Map.of("HUPBOT_LOG_LEVEL", " Trace ")).getPropertyValue()).isEqualTo("TRACE");
    }

    @Test
    void theShippedLogbackConfigSetsEveryListedLibraryFromTheProperty() throws Exception {
        String xml;
        try (var in = LibraryLoggersTest.class.getClassLoader().getResourceAsStream("logback.xml")) {
            xml = new String(java.util.Objects.requireNonNull(in).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<define name=\"LIBRARY_LEVEL\" class=\"" + LibraryLoggers.class.getName() + "\"/>");
        for (String name : LibraryLoggers.NAMES) {
            assertThat(xml).contains("<logger name=\"" + name + "\" level=\"${LIBRARY_LEVEL}\"/>");
        }
    }
}
