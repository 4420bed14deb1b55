package dev.hupbot.ai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for {@code BotRuntime::send}: records every AI line a bot put into chat. */
final class RecordingSender implements ReplySender {
    record Sent(String bot, String channel, String text) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public boolean send(String bot, String channel, String text) {
        sent.add(new Sent(bot, channel, text));
        return true;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<String> texts(String bot) {
        return sent.stream().filter(s -> s.bot().equals(bot)).map(Sent::text).toList();
    }
}
