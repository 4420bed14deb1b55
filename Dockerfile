# hupbot image: a Maven build stage, then a JRE runtime stage.
# Base images are build arguments so an offline machine can substitute local ones:
#   docker build --build-arg BUILD_IMAGE=... --build-arg RUNTIME_IMAGE=... .
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-21
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
# Dependencies first: this layer is rebuilt only when pom.xml changes, not on every source edit.
COPY pom.xml ./
RUN mvn -B -ntp -q -Dmaven.test.skip=true package && rm -rf target
COPY db db
COPY src/main src/main
RUN mvn -B -ntp -q -o -Dmaven.test.skip=true package

FROM ${RUNTIME_IMAGE}
# A fixed non-root user: files it writes in the /data volume keep one owner across images.
RUN (getent group hupbot || groupadd --system --gid 10001 hupbot) \
 && (getent passwd hupbot || useradd --system --uid 10001 --gid hupbot --home-dir /data --shell /usr/sbin/nologin hupbot) \
 && mkdir -p /app/lib /data /config \
 && chown hupbot:hupbot /data
COPY --from=build /build/target/lib/ /app/lib/
COPY --from=build /build/target/hupbot.jar /app/hupbot.jar
COPY docker/hupbot /usr/local/bin/hupbot
RUN chmod 0755 /usr/local/bin/hupbot

ENV HUPBOT_CONFIG=/config/bots.toml \
    HUPBOT_DATA=/data \
    HUPBOT_CHAT=twitch
USER hupbot
WORKDIR /data
VOLUME ["/data"]

# Healthy while the process runs and every enabled bot is connected (read from its status file).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["hupbot", "status", "--health"]

# Exec form: the JVM is PID 1 and receives SIGHUP (reload) and SIGTERM (stop) itself.
# Memory sized for a small container: heap a share of the container limit, one GC thread.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/hupbot.jar"]
CMD ["run"]
