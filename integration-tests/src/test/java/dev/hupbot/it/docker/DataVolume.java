package dev.hupbot.it.docker;

import java.util.UUID;

/** A named Docker volume for /data, as docker-compose.yml's bot-data: it outlives containers. */
final class DataVolume implements AutoCloseable {
    private final String name;

    private DataVolume(String name) {
        this.name = name;
    }

    static DataVolume create() {
        String name = "hupbot-it-data-" + UUID.randomUUID().toString().substring(0, 8);
        HupbotContainer.docker().createVolumeCmd().withName(name).exec();
        return new DataVolume(name);
    }

    String name() {
        return name;
    }

    /** Removes the volume; every container using it must be gone. */
    @Override
    public void close() {
        HupbotContainer.docker().removeVolumeCmd(name).exec();
    }
}
