package dev.hupbot

import dev.hupbot.audit.Outcome
import dev.hupbot.chat.shell.ShellTransport
import dev.hupbot.reload.ReloadResult
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/** The embedding API as a Kotlin user sees it: a builder, lambdas, and null-safe types. */
class EmbeddingApiKotlinTest {
    @TempDir
    lateinit var dir: Path

    private fun crew(response: String) = """
        [[bots]]
        name = "kotlin_bot"
        token = "${'$'}{TWITCH_TOKEN}"
        channels = ["kchannel"]

        [bots.commands.hello]
        response = "$response"
    """.trimIndent()

    @Test
    fun `starts, reloads with a lambda listener and exposes the active snapshot`() {
        val config = dir.resolve("bots.toml")
        Files.writeString(config, crew("Hello {user}"))
        val seen = CopyOnWriteArrayList<ReloadResult>()
        val chat = ByteArrayOutputStream()

        Hupbot.builder()
            .config(config)
            .dataDir(dir.resolve("data"))
            .env(mapOf("TWITCH_TOKEN" to "oauth:kotlin"))
            .clock(Clock.systemUTC())
            .transport(ShellTransport(PrintStream(chat, true, Charsets.UTF_8), Clock.systemUTC()))
            .onReload { result -> seen += result }
            .start()
            .use { bots ->
                assertThat(bots.startupResult().outcome()).isEqualTo(Outcome.APPLIED)
                // Non-null by JSpecify: no `!!` or `?.` needed on the snapshot.
                val response: String = bots.activeConfig().bot("kotlin_bot").orElseThrow().commands()["hello"]!!.response()
                assertThat(response).isEqualTo("Hello {user}")

                Files.writeString(config, crew("Hi {user}"))
                val result = bots.reload().get(30, TimeUnit.SECONDS)

                assertThat(result.outcome()).isEqualTo(Outcome.APPLIED)
                assertThat(result.changes().map { it.change().path() }).containsExactly("commands.hello.response")
                assertThat(bots.activeConfig().bots().single().commands().getValue("hello").response()).isEqualTo("Hi {user}")
                assertThat(bots.status().single().connected()).isTrue()
            }
        assertThat(seen.map { it.outcome() }).containsExactly(Outcome.APPLIED, Outcome.APPLIED)
        assertThat(chat.toString(Charsets.UTF_8)).contains("[#kchannel] * kotlin_bot joined")
    }
}
