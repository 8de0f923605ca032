# syntax=docker/dockerfile:1
# One recipe for the three services; docker-compose.yml builds it with MODULE=command-api, projector or
# cleanup-worker. Self-contained (no JDK or Maven needed on the host). The build stage does not use
# MODULE, so BuildKit builds the jars once and reuses that stage for all three images.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps Maven's downloads between builds. local-stack (Kafka jars, Apicurio) is not needed.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl command-api,projector,cleanup-worker -am package

FROM eclipse-temurin:17-jre
ARG MODULE
RUN test -n "$MODULE" || { echo "build with --build-arg MODULE=<command-api|projector|cleanup-worker>"; exit 1; } \
 && useradd --system --create-home --home-dir /app phishnet
COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT.jar /app/app.jar
USER phishnet
WORKDIR /app
# Heap from the container's memory limit rather than the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
