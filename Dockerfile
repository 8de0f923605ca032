# syntax=docker/dockerfile:1
# One recipe for the three services; docker-compose.yml builds it with MODULE=command-api, projector or
# cleanup-worker (and its signing-key stage for the one-shot that makes command-api's token key). Self-contained (no JDK or Maven needed on the host). The build stage does not use
# MODULE, so BuildKit builds the jars once and reuses that stage for all three images.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps Maven's downloads between builds. local-stack (Kafka jars, Apicurio) is not needed.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl command-api,projector,cleanup-worker -am package

# A one-shot for docker-compose (target signing-key): makes command-api's token signing key (EC P-256, PKCS#8 PEM) in
# /keys on first start and keeps it afterwards. The generator runs from its source file with the JDK: no build, no
# openssl. /keys belongs to the services' user (uid 10001), so a fresh volume mounted there does too.
FROM eclipse-temurin:17-jdk AS signing-key
RUN useradd --system --uid 10001 --no-create-home phishnet && mkdir /keys && chown phishnet /keys
COPY local-stack/src/main/java/dev/phishnet/localstack/SigningKeyFile.java /opt/SigningKeyFile.java
USER phishnet
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "/opt/SigningKeyFile.java"]
CMD ["/keys/signing.pem"]

# The services: the last stage, what a build without a target makes.
FROM eclipse-temurin:17-jre
ARG MODULE
RUN test -n "$MODULE" || { echo "build with --build-arg MODULE=<command-api|projector|cleanup-worker>"; exit 1; } \
 && useradd --system --uid 10001 --create-home --home-dir /app phishnet
COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT.jar /app/app.jar
USER phishnet
WORKDIR /app
# Heap from the container's memory limit rather than the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
