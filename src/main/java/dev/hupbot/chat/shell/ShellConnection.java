package dev.hupbot.chat.shell;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.config.Secret;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A bot in the shell chat. Its "connection" is its membership of the shell's channels. */
final class ShellConnection implements ChatConnection {
    private final ShellTransport shell;
    private final String login;
    private final ChatListener listener;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    ShellConnection(ShellTransport shell, String login, ChatListener listener) {
        this.shell = shell;
        this.login = login;
        this.listener = listener;
    }

    ChatListener listener() {
        return listener;
    }

    @Override
    public void join(String channel) {
        if (channels.add(channel)) {
            shell.print("[#" + channel + "] * " + login + " joined");
        }
    }

    @Override
    public void part(String channel) {
        if (channels.remove(channel)) {
            shell.print("[#" + channel + "] * " + login + " left");
        }
    }

    @Override
    public void send(String channel, String text) {
        if (!open || !channels.contains(channel)) {
            return;
        }
        shell.print("[#" + channel + "] <" + login + "> " + text);
        shell.deliver(channel, login, text, this);
    }

    @Override
    public CompletionStage<CredentialResult> replaceCredential(Secret token) {
        // the shell has no accounts: the bot stays in its channels, as on Twitch with make before break
        shell.print("* " + login + " reconnected");
        return CompletableFuture.completedFuture(CredentialResult.applied("token replaced"));
    }

    @Override
    public Set<String> channels() {
        return Set.copyOf(channels);
    }

    @Override
    public boolean connected() {
        return open;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        for (String channel : Set.copyOf(channels)) {
            part(channel);
        }
        open = false;
        shell.closed(this);
    }
}
