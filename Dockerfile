# hupbot image: a Maven build stage, then a JRE runtime stage.
# Base images are build arguments so an offline machine can substitute local ones (any Debian or
# Ubuntu image with Java 17+ works for both; the build stage also needs Maven 3.8+):
#   docker build --build-arg BUILD_IMAGE=... --build-arg RUNTIME_IMAGE=... -t hupbot .
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-21
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
# Dependencies first: this layer is rebuilt only when pom.xml changes, not on every source edit.
# Packaging the source-less project resolves exactly the plugins and libraries the real build
# uses, which dependency:go-offline does not. maven.test.skip also keeps the Kotlin test compiler
# out (see the pom's no-test-compile profile).
COPY pom.xml ./
RUN mvn -B -ntp -q -Dmaven.test.skip=true -Dhupbot.cds.skip=true package && rm -rf target
COPY db db
COPY src/main src/main
# No class-data archive here: it is built below by the runtime stage's JVM, which will map it.
RUN mvn -B -ntp -q -o -Dmaven.test.skip=true -Dhupbot.cds.skip=true package

FROM ${RUNTIME_IMAGE}
COPY docker/hupbot /usr/local/bin/hupbot
# A fixed non-root user: files it writes in the /data volume keep one owner across images.
# (chmod: the launcher must stay executable even from a checkout that lost its file modes.)
RUN chmod 0755 /usr/local/bin/hupbot \
 && (getent group 10001 >/dev/null || groupadd --system --gid 10001 hupbot) \
 && (getent passwd 10001 >/dev/null || useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin hupbot) \
 && mkdir -p /app/lib /data /config \
 && chown 10001:10001 /data
# Least often changed first: the libraries only change with pom.xml, the jar with every edit.
# Owned by root and read-only to the bot: it cannot modify its own code.
COPY --from=build /build/target/lib/ /app/lib/
COPY --from=build /build/target/hupbot.jar /app/hupbot.jar
# Class-data sharing for the one-shot commands (`docker compose exec twitch-bot hupbot reload`):
# archive the classes check loads (hupbot-check.jsa), diff (hupbot-diff.jsa), and status,
# reload, history and auth (hupbot-cli.jsa), with the very flags docker/hupbot uses, so each
# later command maps them instead of loading them. On failure only a message: an image without
# the archives still works, only slower to start a command.
COPY src/main/cds/cds-archive /tmp/cds-archive
RUN sh /tmp/cds-archive /app/hupbot.jar /app -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
      || echo "no class-data archive: one-shot commands start without it" >&2; \
    rm -f /tmp/cds-archive

ENV HUPBOT_CONFIG=/config/bots.toml \
    HUPBOT_DATA=/data \
    HUPBOT_CHAT=twitch
# Numeric, so a runtime that insists on non-root (runAsNonRoot) can check it without /etc/passwd.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]

# Healthy while the process runs, keeps its status file fresh and every enabled bot is connected.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["hupbot", "status", "--health"]

# Exec form: the JVM is PID 1 and receives SIGHUP (reload) and SIGTERM (stop) itself; hupbot
# installs handlers for both, which is also what lets signals reach a PID 1 at all.
# Sized for a small container: heap a share of the container's memory limit, the serial GC
# (one bot crew needs no parallel collector threads), small thread stacks, and exit on
# OutOfMemoryError so the restart policy brings back a clean process. More flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/hupbot.jar"]
CMD ["run"]
