#!/usr/bin/env bash
# PhishNet local stack: Kafka (KRaft), a Confluent-compatible schema registry, a MongoDB-compatible
# store and the three services, on 127.0.0.1, as plain child processes. No Docker.
# ./run.sh --help says everything a user needs; comments here say why things are done as they are.

# No `set -e`: every failure is handled where it happens, so that a half-started stack is always stopped.
set -uo pipefail

# A script started in the background by a non-interactive shell (or by a JVM started that way) inherits
# SIGINT as ignored, and bash cannot trap a signal that was ignored on entry: `kill -INT` would then do
# nothing. Restore the default disposition once, by re-executing through env (coreutils 8.31+, Linux).
if [ -z "${PHISHNET_RUN_REEXEC:-}" ] && [ -r "/proc/$$/status" ] \
  && (( 0x$(awk '/^SigIgn/ {print $2}' "/proc/$$/status") & 2 )) \
  && env --default-signal=INT true 2>/dev/null; then
  PHISHNET_RUN_REEXEC=1 exec env --default-signal=INT "$BASH" "${BASH_SOURCE[0]}" "$@"
fi
unset PHISHNET_RUN_REEXEC

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="0.1.0-SNAPSHOT"   # of the service jars; keep in step with pom.xml (RunShTest checks)
HOST="127.0.0.1"
SERVICES_ALL="command-api projector cleanup-worker"

# ---- configuration: every knob is an environment variable, documented in usage() ------------------

DATA_DIR="${PHISHNET_DATA_DIR:-$ROOT/.local}"
COMMAND_API_PORT="${PHISHNET_COMMAND_API_PORT:-8080}"
REGISTRY_PORT="${PHISHNET_REGISTRY_PORT:-8081}"
REGISTRY_INTERNAL_PORT="${PHISHNET_REGISTRY_INTERNAL_PORT:-18081}"
PROJECTOR_PORT="${PHISHNET_PROJECTOR_PORT:-8082}"
CLEANUP_WORKER_PORT="${PHISHNET_CLEANUP_WORKER_PORT:-8083}"
KAFKA_PORT="${PHISHNET_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${PHISHNET_KAFKA_CONTROLLER_PORT:-9093}"
MONGODB_PORT="${PHISHNET_MONGODB_PORT:-27017}"
SERVICES="${PHISHNET_SERVICES-$SERVICES_ALL}"
START_TIMEOUT="${PHISHNET_START_TIMEOUT:-180}"
RESTART="${PHISHNET_RESTART:-true}"
TOPICS_REPLICATION_FACTOR="${PHISHNET_TOPICS_REPLICATION_FACTOR:-1}"
REGISTRATION_OPEN="${PHISHNET_REGISTRATION_OPEN:-true}"
CODE_SENDER="${PHISHNET_ONE_TIME_CODE_SENDER:-mailbox}"
DEV_ISSUER="${PHISHNET_DEV_ISSUER:-true}"
DEV_ISSUER_PORT="${PHISHNET_DEV_ISSUER_PORT:-8090}"
# Sizes chosen so the whole stack idles well under 2.5 GB RSS on a laptop or a 2-core CI box.
KAFKA_JAVA_OPTS="${PHISHNET_KAFKA_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}"
REGISTRY_JAVA_OPTS="${PHISHNET_REGISTRY_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
SUPPORT_JAVA_OPTS="${PHISHNET_SUPPORT_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
SERVICE_JAVA_OPTS="${PHISHNET_SERVICE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
# command-api holds a user-agent analyzer (about 110 MB of heap) on top of what the others need, and each password
# check allocates 16 MiB (Argon2): a young generation that holds a few of them keeps those out of full collections
# (bench sessions: 13.8 -> 18.0 logins per core at concurrency 8 against -Xmx384m, bench/RESULTS.md).
COMMAND_API_JAVA_OPTS="${PHISHNET_COMMAND_API_JAVA_OPTS:--Xmx512m -Xmn256m -XX:+UseSerialGC}"

# External infrastructure: when set, the local counterpart is not started.
EXTERNAL_KAFKA="${PHISHNET_KAFKA_BOOTSTRAP:-}"
EXTERNAL_REGISTRY="${PHISHNET_REGISTRY_URL:-}"
EXTERNAL_MONGODB="${PHISHNET_MONGODB_URI:-}"

# The development issuer signs a token for anyone: never next to a real issuer the user configured.
EXTERNAL_ISSUER="${PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI:-}"
if [ -n "$EXTERNAL_ISSUER" ]; then DEV_ISSUER_SKIPPED_FOR="$EXTERNAL_ISSUER"; DEV_ISSUER=false; fi
DEV_ISSUER_URL=""
[ "$DEV_ISSUER" = true ] && DEV_ISSUER_URL="http://$HOST:$DEV_ISSUER_PORT"
# The development mailbox lives beside the development issuer; without it, codes fall back to the console.
if [ "$CODE_SENDER" = mailbox ] && [ -z "$DEV_ISSUER_URL" ]; then CODE_SENDER=console; fi

# command-api signs its access tokens with a key of its own: one made under the data directory (kept across runs),
# unless the user names theirs.
OWN_SIGNING_KEY="${PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE:-}"
TOKEN_ISSUER="${PLATFORM_TOKENS_ISSUER:-http://$HOST:$COMMAND_API_PORT}"

LOCAL_STACK="$ROOT/local-stack"
LOCAL_STACK_TARGET="$LOCAL_STACK/target"
KAFKA_LOG4J_CONFIG="$LOCAL_STACK/src/main/kafka/log4j2.properties"

usage() {
  cat <<EOF
Usage: ./run.sh [--help | --reset | --rebuild | --stop]

Starts the PhishNet platform on 127.0.0.1, no Docker needed, and stays in the foreground.
Ctrl-C (or SIGTERM) stops everything: services first, then Kafka, the registry, MongoDB.

  what              default address                      override (environment variable)
  command-api       http://127.0.0.1:8080                PHISHNET_COMMAND_API_PORT
  schema registry   http://127.0.0.1:8081 (Confluent API) PHISHNET_REGISTRY_PORT
                    Apicurio itself on :18081            PHISHNET_REGISTRY_INTERNAL_PORT
  projector         http://127.0.0.1:8082                PHISHNET_PROJECTOR_PORT
  cleanup-worker    http://127.0.0.1:8083                PHISHNET_CLEANUP_WORKER_PORT
  Kafka             127.0.0.1:9092                       PHISHNET_KAFKA_PORT
                    KRaft controller on :9093            PHISHNET_KAFKA_CONTROLLER_PORT
  MongoDB           mongodb://127.0.0.1:27017/phishnet   PHISHNET_MONGODB_PORT
  dev token issuer  http://127.0.0.1:8090                PHISHNET_DEV_ISSUER_PORT

  Every service serves /actuator/health and /actuator/prometheus on its port.

Options
  --help      this text
  --reset     delete all local data (Kafka logs, registry, MongoDB, logs) and exit; same as rm -rf .local
  --rebuild   run './mvnw -B -q -DskipTests package' before starting, even if the jars exist
              (without it, the build runs only when a jar or a local-stack artifact is missing)
  --stop      stop a stack left running by a run.sh that was killed (uses the pid files)

Data and logs (kept between runs; PHISHNET_DATA_DIR moves them, default $ROOT/.local)
  .local/kafka/      broker log dirs and generated server.properties
  .local/registry/   registry H2 file (schema ids survive restarts)
  .local/mongo/      MongoDB H2 file (phishnet.mv)
  .local/dev-issuer/ the development token issuer's RSA key (key.json, owner-only), so tokens survive restarts
  .local/keys/       command-api's token signing key (command-api-signing.pem: EC P-256, PKCS#8, owner-only), made
                     on first start and kept, so tokens survive restarts; published at /.well-known/jwks.json
  .local/services/   working directories of the services (e.g. Kafka Streams state)
  .local/logs/       <name>.log for every process (the previous run's as <name>.log.1), build.log
  .local/run/        pid files of the running processes

Use external infrastructure instead of the local one (the local part is then not started)
  PHISHNET_KAFKA_BOOTSTRAP=host:9092          e.g. the docker-compose Kafka or a real cluster
  PHISHNET_REGISTRY_URL=http://host:8081      any Confluent-compatible registry (API at the URL's root);
                                              run.sh does not change its compatibility setting
  PHISHNET_MONGODB_URI=mongodb://host/phishnet
  PHISHNET_TOPICS_REPLICATION_FACTOR=3        replication factor of the topics the services create (1)

Other settings
  PHISHNET_SERVICES="$SERVICES_ALL"
              which services to start; "" starts only the infrastructure (e.g. to run one from an IDE)
  PHISHNET_START_TIMEOUT=180                  seconds to wait for everything to be healthy
  PHISHNET_RESTART=true                       restart a part that dies once the stack is up (kill -9 one
                                              to watch the platform recover); 5 deaths of one part within
                                              a minute stop the stack; false: any death stops the stack
  PHISHNET_KAFKA_JAVA_OPTS, PHISHNET_REGISTRY_JAVA_OPTS, PHISHNET_SUPPORT_JAVA_OPTS,
  PHISHNET_SERVICE_JAVA_OPTS, PHISHNET_COMMAND_API_JAVA_OPTS
                                              JVM options (defaults keep the stack under 2.5 GB)
  JAVA_HOME                                   the JDK to use (17 or newer), else 'java' on PATH
  PHISHNET_REGISTRATION_OPEN=true             POST /api/v1/users without a token (false closes it)
  PHISHNET_ONE_TIME_CODE_SENDER=mailbox       one-time sign-in codes go to the development mailbox, in memory
                                              only: curl 'http://127.0.0.1:8090/mailbox?email=<address>'
                                              (console: printed to .local/logs/command-api.log instead, the
                                              fallback without the development issuer; none: codes off)
  PHISHNET_DEV_ISSUER=true                    start the DEVELOPMENT token issuer and make command-api trust it
                                              (false: none; command-api then accepts only the tokens it signs)

Tokens: the development issuer (local stack only) signs a token for whoever asks, with any tenant and roles:
  curl -s -X POST http://127.0.0.1:8090/token -d '{"sub":"me","tenant":"default","roles":["admin"]}'
  answers {"access_token":"...","token_type":"Bearer","expires_in":600}; "ttlSeconds" sets another lifetime.
  If PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI (a real issuer, e.g. Keycloak) is set, the development
  issuer is not started: a stack that trusts a real issuer does not also trust one that signs anything.

The services get their settings as environment variables (Spring relaxed binding):
  SPRING_KAFKA_BOOTSTRAP_SERVERS, SPRING_MONGODB_URI, PLATFORM_SCHEMA_REGISTRY_URL,
  SERVER_PORT, SERVER_ADDRESS, PLATFORM_TOPICS_REPLICATION_FACTOR, PLATFORM_REGISTRATION_OPEN,
  PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI (the development issuer, unless you set your own),
  PLATFORM_TOKENS_ISSUER (http://127.0.0.1:<command-api port>) and PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE
  (.local/keys/command-api-signing.pem, unless you set your own: then run.sh makes none).
Any other PLATFORM_* or SPRING_* variable in your environment reaches them too, e.g. a trusted token issuer:
  export PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI=http://127.0.0.1:8180/realms/phishnet
  export PLATFORM_SECURITY_TRUSTEDISSUERS_0_TENANTCLAIM=tenant
EOF
}

# ---- small helpers ---------------------------------------------------------------------------------

say() { printf '%s\n' "$*"; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }

# True when something accepts TCP connections on host:port (bash's /dev/tcp, no extra tools).
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Alive and not a zombie waiting to be reaped.
is_alive() {
  local pid=$1 state
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 0
  [ "$state" != "Z" ]
}

http_ok() { curl -sf -o /dev/null --max-time 2 "$1"; }

# ---- services: ports and jars ---------------------------------------------------------------------

service_port() {
  case "$1" in
    command-api) echo "$COMMAND_API_PORT" ;;
    projector) echo "$PROJECTOR_PORT" ;;
    cleanup-worker) echo "$CLEANUP_WORKER_PORT" ;;
    *) fail "unknown service '$1' in PHISHNET_SERVICES (known: $SERVICES_ALL)" ;;
  esac
}
check_services() {
  local service
  for service in $SERVICES; do
    case " $SERVICES_ALL " in *" $service "*) ;; *) fail "Unknown service '$service' in PHISHNET_SERVICES (known: $SERVICES_ALL).";; esac
  done
}
service_port_var() { echo "PHISHNET_$(echo "$1" | tr 'a-z-' 'A-Z_')_PORT"; }
service_jar() { echo "$ROOT/$1/target/$1-$VERSION.jar"; }
# Whatever version the pom unpacked (apicurio-registry.version).
apicurio_jar() { compgen -G "$LOCAL_STACK_TARGET/apicurio/apicurio-registry-app-*-runner.jar" | head -n 1; }


# ---- checks before anything starts ------------------------------------------------------------------

find_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    JAVA="$JAVA_HOME/bin/java"
    [ -x "$JAVA" ] || fail "JAVA_HOME is set to '$JAVA_HOME' but $JAVA is not an executable. Point JAVA_HOME at a JDK 17 or newer."
  else
    JAVA="$(command -v java || true)"
    [ -n "$JAVA" ] || fail "Java not found. Install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  fi
  local version major
  version=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  major=${version%%.*}
  [ "$major" = "1" ] && major=$(echo "$version" | cut -d. -f2)   # 1.8.0_x style
  if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt 17 ]; then
    fail "Java 17 or newer is needed, but $JAVA is version '${version:-unknown}'. Set JAVA_HOME to a JDK 17+."
  fi
}

check_tools() {
  command -v curl >/dev/null || fail "curl is needed (health checks). Install it, e.g. apt-get install curl."
}

# Every port we are about to bind, with what wants it and how to change it, checked before starting
# anything: a half-started stack that then fails on a port is slower and more confusing.
PORTS=()
want_port() { PORTS+=("$1|$2|$3"); }

plan_ports() {
  [ -z "$EXTERNAL_KAFKA" ] && want_port "$KAFKA_PORT" "Kafka" PHISHNET_KAFKA_PORT \
    && want_port "$KAFKA_CONTROLLER_PORT" "Kafka KRaft controller" PHISHNET_KAFKA_CONTROLLER_PORT
  [ -z "$EXTERNAL_REGISTRY" ] && want_port "$REGISTRY_PORT" "schema registry (Confluent API)" PHISHNET_REGISTRY_PORT \
    && want_port "$REGISTRY_INTERNAL_PORT" "schema registry (Apicurio)" PHISHNET_REGISTRY_INTERNAL_PORT
  [ -z "$EXTERNAL_MONGODB" ] && want_port "$MONGODB_PORT" "MongoDB" PHISHNET_MONGODB_PORT
  [ -n "$DEV_ISSUER_URL" ] && want_port "$DEV_ISSUER_PORT" "development token issuer" PHISHNET_DEV_ISSUER_PORT
  local service
  for service in $SERVICES; do
    want_port "$(service_port "$service")" "$service" "$(service_port_var "$service")"
  done
  return 0
}

check_ports() {
  local entry port what var seen=" "
  for entry in "${PORTS[@]}"; do
    IFS='|' read -r port what var <<<"$entry"
    [[ "$port" =~ ^[0-9]+$ ]] || fail "$var='$port' is not a port number."
    case "$seen" in *" $port "*) fail "Port $port is configured twice (the second time for $what, $var).";; esac
    seen="$seen$port "
    if tcp_open "$HOST" "$port"; then
      fail "Port $port on $HOST, wanted by $what, is already in use.
  Stop what uses it$(running_stack_hint), or pick another port: $var=<port> ./run.sh"
    fi
  done
}

running_stack_hint() {
  local file
  for file in "$RUN_DIR"/*.pid; do
    [ -f "$file" ] && is_alive "$(cat "$file")" && { printf ' (a PhishNet stack from %s seems to be running: stop it with Ctrl-C, or ./run.sh --stop)' "$DATA_DIR"; return; }
  done
}

# ---- build ---------------------------------------------------------------------------------------------

# A classpath file is usable when every jar it names still exists (a wiped ~/.m2 breaks it).
classpath_ok() {
  [ -s "$1" ] || return 1
  local entry
  while IFS= read -r -d ':' entry; do
    [ -e "$entry" ] || return 1
  done < <(tr -d '\n' <"$1"; printf ':')
}

missing_artifacts() {
  local service
  for service in $SERVICES; do
    [ -f "$(service_jar "$service")" ] || service_jar "$service"
  done
  if [ -z "$EXTERNAL_KAFKA" ]; then
    classpath_ok "$LOCAL_STACK_TARGET/kafka.classpath" || echo "$LOCAL_STACK_TARGET/kafka.classpath"
  fi
  if [ -z "$EXTERNAL_REGISTRY" ]; then
    [ -n "$(apicurio_jar)" ] || echo "$LOCAL_STACK_TARGET/apicurio/apicurio-registry-app-*-runner.jar"
  fi
  if local_support_wanted || signing_key_wanted; then
    [ -f "$LOCAL_STACK_TARGET/local-stack-$VERSION.jar" ] || echo "$LOCAL_STACK_TARGET/local-stack-$VERSION.jar"
  fi
  if local_support_wanted; then
    classpath_ok "$LOCAL_STACK_TARGET/local-support.classpath" || echo "$LOCAL_STACK_TARGET/local-support.classpath"
  fi
}

build_if_needed() {
  local missing
  missing=$(missing_artifacts)
  if [ "$FORCE_BUILD" = 0 ] && [ -z "$missing" ]; then
    return 0
  fi
  # shellcheck disable=SC2086 # one path per word
  [ -n "$missing" ] && say "Missing build output:" && printf '  %s\n' $missing
  say "Building with ./mvnw -B -q -DskipTests package (the first time takes a few minutes; log: $LOG_DIR/build.log) ..."
  local started
  started=$(now_ms)
  # In the background so that Ctrl-C is handled by our trap at once (wait returns on a signal).
  (cd "$ROOT" && exec "$ROOT/mvnw" -B -q -DskipTests package) >"$LOG_DIR/build.log" 2>&1 </dev/null &
  BUILD_PID=$!
  wait "$BUILD_PID"
  local status=$?
  BUILD_PID=""
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$LOG_DIR/build.log" >&2
    fail "The build failed (exit $status); full log: $LOG_DIR/build.log"
  fi
  missing=$(missing_artifacts)
  [ -z "$missing" ] || fail "The build succeeded but these are still missing: $missing"
  say "Built in $(elapsed "$started")."
}

# ---- processes -----------------------------------------------------------------------------------------

declare -A PIDS=()          # name -> pid of a process we started (its own process group)
declare -A READY_AT=()      # name -> how long it took to become healthy
STARTED=()                  # names in start order
BUILD_PID=""
SLEEP_PID=""
STOPPING=0
FORCE_KILL=0

# Starts "$@" as a process group leader (setsid) so that stopping it also stops anything it forked,
# and so that a Ctrl-C in the terminal reaches only run.sh, which then stops the parts in order.
# The java marker -Dphishnet.stack=<data dir> lets --stop verify a pid still belongs to this stack.
start_process() {
  local name=$1 workdir=$2
  shift 2
  local log="$LOG_DIR/$name.log"
  [ -f "$log" ] && mv -f "$log" "$log.1"
  mkdir -p "$workdir"
  (cd "$workdir" && exec setsid "$@") >"$log" 2>&1 </dev/null &
  PIDS[$name]=$!
  [[ " ${STARTED[*]} " == *" $name "* ]] || STARTED+=("$name")
  echo "$!" >"$RUN_DIR/$name.pid"
}

# SIGTERM to the process group, wait up to $2 seconds, then SIGKILL.
stop_process() {
  local name=$1 timeout=$2
  local pid=${PIDS[$name]:-}
  [ -n "$pid" ] || return 0
  if is_alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  fi
  local deadline=$(($(now_ms) + timeout * 1000))
  while is_alive "$pid" && [ "$(now_ms)" -lt "$deadline" ] && [ "$FORCE_KILL" = 0 ]; do
    sleep 0.1
  done
  if is_alive "$pid"; then
    say "  $name did not stop within ${timeout}s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  # Anything left in its process group (it forked something) goes too.
  kill -KILL -- "-$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -f "$RUN_DIR/$name.pid"
  unset "PIDS[$name]"
}

# Services first (they flush and leave their consumer groups through Kafka), then Kafka (it needs no
# registry or MongoDB), then the registry (Apicurio before the proxy in front of it), then MongoDB.
stop_all() {
  [ "$STOPPING" = 1 ] && return 0
  STOPPING=1
  if [ -n "$BUILD_PID" ]; then
    kill -TERM "$BUILD_PID" 2>/dev/null
    wait "$BUILD_PID" 2>/dev/null
  fi
  [ -n "$SLEEP_PID" ] && kill "$SLEEP_PID" 2>/dev/null
  [ ${#PIDS[@]} -eq 0 ] && return 0
  say "Stopping the PhishNet local stack ..."
  local name
  for name in $SERVICES; do
    [ -n "${PIDS[$name]:-}" ] && kill -TERM -- "-${PIDS[$name]}" 2>/dev/null
  done
  for name in $SERVICES; do stop_process "$name" 30; done
  stop_process kafka 60
  stop_process apicurio 20
  stop_process local-support 20
  say "Stopped."
}

on_signal() {
  if [ "$STOPPING" = 1 ]; then
    FORCE_KILL=1   # a second Ctrl-C: stop waiting for graceful shutdowns
    return
  fi
  say ""
  say "Received SIG$1."
  stop_all
  exit 0
}

# Nobody reads our output any more: keep writing it to a file, then stop like on any other signal.
on_output_closed() {
  trap '' PIPE
  exec >>"$LOG_DIR/run.sh.log" 2>&1
  on_signal PIPE
}

on_exit() {
  # Also reached on an unexpected error: never leave processes behind.
  stop_all
}

# Tail of a log, for a failure message.
show_log() {
  local log="$LOG_DIR/$1.log"
  printf -- '---- last lines of %s ----\n' "$log" >&2
  tail -n 30 "$log" >&2 2>/dev/null
  printf -- '----\n' >&2
}

# ---- the parts -----------------------------------------------------------------------------------------

start_kafka() {
  local dir="$DATA_DIR/kafka"
  mkdir -p "$dir/data"
  # The cluster id is created once and kept with the data, like the broker's meta.properties.
  # (An id starting with '-' that never got formatted came from an older run.sh: replaced.)
  if [ ! -s "$dir/cluster.id" ] || { [ "$(head -c 1 "$dir/cluster.id")" = "-" ] && [ ! -f "$dir/data/meta.properties" ]; }; then
    # A Kafka Uuid is 16 random bytes in URL-safe base64 without padding (what StorageTool random-uuid prints).
    # Like Kafka's Uuid.randomUuid, never one that starts with '-': `format -t -Xyz...` reads it as an option and
    # fails (1 fresh data directory in 64).
    local id="-"
    while [ "${id:0:1}" = "-" ]; do
      id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    done
    printf '%s' "$id" >"$dir/cluster.id"
  fi
  # Regenerated on every start so that port overrides apply; the static voter list (not --standalone)
  # means the controller port may change between runs without reformatting.
  cat >"$dir/server.properties" <<EOF
# Generated by run.sh on every start; edit run.sh instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
# One broker: every internal topic with one replica, and no waiting for more group members.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
EOF
  local classpath
  classpath=$(tr -d '\n' <"$LOCAL_STACK_TARGET/kafka.classpath")
  local java_base=("$JAVA" -Dphishnet.stack="$DATA_DIR" -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" -cp "$classpath")
  if [ ! -f "$dir/data/meta.properties" ]; then
    say "Formatting Kafka storage in $dir/data (first start) ..."
    if ! "${java_base[@]}" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 kafka.tools.StorageTool format \
        -t "$(cat "$dir/cluster.id")" -c "$dir/server.properties" >"$LOG_DIR/kafka-format.log" 2>&1; then
      tail -n 20 "$LOG_DIR/kafka-format.log" >&2
      fail "Formatting Kafka storage failed; log: $LOG_DIR/kafka-format.log"
    fi
  fi
  # shellcheck disable=SC2086 # JVM options are meant to split on spaces
  start_process kafka "$dir" "${java_base[@]}" $KAFKA_JAVA_OPTS kafka.Kafka "$dir/server.properties"
}

kafka_healthy() {
  # The broker logs this once it is registered with the controller and unfenced: it serves metadata.
  grep -q 'Kafka Server started' "$LOG_DIR/kafka.log" 2>/dev/null && tcp_open "$HOST" "$KAFKA_PORT"
}

start_apicurio() {
  mkdir -p "$DATA_DIR/registry"
  # WRITE_DELAY=0: H2 writes each commit at once; without it a kill -9 right after a registration
  # lost the schema and a later registration reused its id for another schema (ENVIRONMENT.md).
  # shellcheck disable=SC2086
  start_process apicurio "$DATA_DIR/registry" env \
    QUARKUS_HTTP_HOST="$HOST" \
    QUARKUS_HTTP_PORT="$REGISTRY_INTERNAL_PORT" \
    REGISTRY_DATASOURCE_URL="jdbc:h2:file:$DATA_DIR/registry/registry;WRITE_DELAY=0" \
    "$JAVA" -Dphishnet.stack="$DATA_DIR" $REGISTRY_JAVA_OPTS -jar "$(apicurio_jar)"
}

apicurio_healthy() { http_ok "http://$HOST:$REGISTRY_INTERNAL_PORT/apis/ccompat/v7/subjects"; }

# MongoDB, the registry's Confluent API at the root of its port and/or the development token issuer, in one
# small JVM.
local_support_wanted() { [ -z "$EXTERNAL_REGISTRY" ] || [ -z "$EXTERNAL_MONGODB" ] || [ -n "$DEV_ISSUER_URL" ]; }

start_local_support() {
  local args=()
  [ -z "$EXTERNAL_MONGODB" ] && args+=(--mongo-port "$MONGODB_PORT" --mongo-data "$DATA_DIR/mongo")
  [ -z "$EXTERNAL_REGISTRY" ] && args+=(--registry-port "$REGISTRY_PORT"
    --registry-upstream "http://$HOST:$REGISTRY_INTERNAL_PORT/apis/ccompat/v7")
  [ -n "$DEV_ISSUER_URL" ] && args+=(--issuer-port "$DEV_ISSUER_PORT" --issuer-key "$DATA_DIR/dev-issuer/key.json")
  local classpath
  classpath="$LOCAL_STACK_TARGET/local-stack-$VERSION.jar:$(tr -d '\n' <"$LOCAL_STACK_TARGET/local-support.classpath")"
  # shellcheck disable=SC2086
  start_process local-support "$DATA_DIR" "$JAVA" -Dphishnet.stack="$DATA_DIR" $SUPPORT_JAVA_OPTS \
    -cp "$classpath" dev.phishnet.localstack.LocalSupport --host "$HOST" "${args[@]}"
}

local_support_healthy() { grep -q '^LocalSupport ready:' "$LOG_DIR/local-support.log" 2>/dev/null; }

# run.sh makes command-api's signing key when command-api runs and the user named no key of their own.
signing_key_wanted() {
  [ -z "$OWN_SIGNING_KEY" ] || return 1
  case " $SERVICES " in *" command-api "*) return 0 ;; *) return 1 ;; esac
}

# Once: a key that is there is kept (tokens signed with it stay valid); --reset deletes it with the rest of .local.
# LocalStack's generator needs the JDK alone: no openssl.
ensure_signing_key() {
  [ -f "$SIGNING_KEY" ] && return 0
  if ! "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$LOCAL_STACK_TARGET/local-stack-$VERSION.jar" \
      dev.phishnet.localstack.SigningKeyFile "$SIGNING_KEY" >"$LOG_DIR/signing-key.log" 2>&1; then
    cat "$LOG_DIR/signing-key.log" >&2
    fail "Could not make command-api's token signing key in $SIGNING_KEY; log: $LOG_DIR/signing-key.log"
  fi
  say "Made command-api's token signing key: $SIGNING_KEY (kept until ./run.sh --reset)"
}

# ---- supervision --------------------------------------------------------------------------------------------

RESTART_LIMIT=5
RESTART_WINDOW=60
declare -A DEATHS=()        # name -> epoch seconds of its deaths within the window, space-separated
declare -A RESTARTS=()      # name -> restarts so far

# Records a death of $1; true when it is the RESTART_LIMIT-th within RESTART_WINDOW seconds.
crash_looping() {
  local name=$1 now recent=() at
  now=$(date +%s)
  for at in ${DEATHS[$name]:-} "$now"; do
    [ $((now - at)) -lt "$RESTART_WINDOW" ] && recent+=("$at")
  done
  DEATHS[$name]="${recent[*]}"
  [ ${#recent[@]} -ge "$RESTART_LIMIT" ]
}

# Starts a part again exactly as at first (same data, ports and settings).
restart_part() {
  case "$1" in
    kafka) start_kafka ;;
    apicurio) start_apicurio ;;
    local-support) start_local_support ;;
    *) start_service "$1" ;;
  esac
}

start_service() {
  local name=$1
  local env=(
    SPRING_KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP"
    PLATFORM_SCHEMA_REGISTRY_URL="$REGISTRY_URL"
    PLATFORM_TOPICS_REPLICATION_FACTOR="$TOPICS_REPLICATION_FACTOR"
    SERVER_PORT="$(service_port "$name")"
    SERVER_ADDRESS="$HOST"
    # Static membership: one instance of each service here, so its name is a stable instance id. Restarted after a
    # kill -9, a service takes its partitions back at once instead of after the killed one's 45 s session timeout.
    SPRING_KAFKA_STREAMS_PROPERTIES_MAIN_CONSUMER_GROUP_INSTANCE_ID="$name-local"
  )
  # cleanup-worker keeps everything in Kafka; it gets no MongoDB.
  [ "$name" != cleanup-worker ] && env+=(SPRING_MONGODB_URI="$MONGODB_URI")
  # Self-registration without a token: open on the local stack, closed by default anywhere else.
  [ "$name" = command-api ] && env+=(PLATFORM_REGISTRATION_OPEN="$REGISTRATION_OPEN")
  # One-time codes go to the development mailbox (in memory, never on disk), or the console (the service's log).
  if [ "$name" = command-api ] && [ "$CODE_SENDER" = mailbox ]; then
    env+=(PLATFORM_SESSIONS_ONETIMECODES_SENDER=webhook PLATFORM_SESSIONS_ONETIMECODES_WEBHOOKURL="$DEV_ISSUER_URL/mailbox")
  elif [ "$name" = command-api ]; then
    env+=(PLATFORM_SESSIONS_ONETIMECODES_SENDER="$CODE_SENDER")
  fi
  # Trust the development issuer (only started when the user configured no issuer of their own).
  [ "$name" = command-api ] && [ -n "$DEV_ISSUER_URL" ] && env+=(PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI="$DEV_ISSUER_URL")
  # Its own tokens: the issuer they name and the key that signs them.
  [ "$name" = command-api ] && env+=(PLATFORM_TOKENS_ISSUER="$TOKEN_ISSUER" PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE="$SIGNING_KEY")
  local java_opts=$SERVICE_JAVA_OPTS
  [ "$name" = command-api ] && java_opts=$COMMAND_API_JAVA_OPTS
  # shellcheck disable=SC2086
  start_process "$name" "$DATA_DIR/services/$name" env "${env[@]}" \
    "$JAVA" -Dphishnet.stack="$DATA_DIR" $java_opts -jar "$(service_jar "$name")"
}

service_healthy() {
  local base="http://$HOST:$(service_port "$1")/actuator/health" processor
  curl -s --max-time 2 "$base" 2>/dev/null | grep -q '"status":"UP"' || return 1
  [ "$1" = command-api ] || return 0
  # command-api is UP while its command processor still rebalances (right for a running service), but a first
  # command sent then waited out the reply timeout (503): "the stack is up" waits for the processor to run.
  # 404: the processor is switched off (PLATFORM_PROCESSOR_ENABLED=false).
  processor=$(curl -s --max-time 2 -w ' %{http_code}' "$base/commandProcessor" 2>/dev/null)
  case "$processor" in *'"state":"RUNNING"'*' 200' | *' 404') return 0 ;; *) return 1 ;; esac
}

# Waits until every named part is healthy ("<name>:<check function>"), all in parallel. Fails fast
# when a process dies, and at the deadline; both show the end of the failing part's log.
wait_healthy() {
  local started=$1
  shift
  local pending=("$@") entry name check still
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for entry in "${pending[@]}"; do
      name=${entry%%:*}
      check=${entry#*:}
      if $check "$name"; then
        READY_AT[$name]=$(elapsed "$started")
        say "  $name is up (${READY_AT[$name]})"
      elif [ -n "${PIDS[$name]:-}" ] && ! is_alive "${PIDS[$name]}"; then
        show_log "$name"
        say "PhishNet local stack failed to start: $name exited (log: $LOG_DIR/$name.log)" >&2
        return 1
      else
        still+=("$entry")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$(now_ms)" -gt "$DEADLINE" ]; then
      for entry in "${pending[@]}"; do show_log "${entry%%:*}"; done
      say "PhishNet local stack failed to start: not healthy within ${START_TIMEOUT}s: ${pending[*]%%:*} (PHISHNET_START_TIMEOUT)" >&2
      return 1
    fi
    sleep 0.3
  done
}

external_kafka_healthy() {
  local first=${EXTERNAL_KAFKA%%,*}
  tcp_open "${first%:*}" "${first##*:}"
}
external_registry_healthy() { http_ok "$EXTERNAL_REGISTRY/subjects"; }

set_registry_compatibility() {
  # The registry starts at NONE; audit-events is a public contract that must evolve backward-compatibly.
  curl -sf -o /dev/null --max-time 5 -X PUT -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
    --data '{"compatibility":"BACKWARD"}' "$REGISTRY_URL/config"
}

print_table() {
  local name pid rss total=0 address
  say ""
  printf '%-16s %-58s %-8s %-6s %s\n' NAME ADDRESS PID RSS LOG
  for name in "${STARTED[@]}"; do
    pid=${PIDS[$name]}
    rss=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ')
    total=$((total + ${rss:-0}))
    case "$name" in
      kafka) address="$HOST:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT)" ;;
      apicurio) address="http://$HOST:$REGISTRY_INTERNAL_PORT (Apicurio, behind :$REGISTRY_PORT)" ;;
      local-support)
        address=""
        [ -z "$EXTERNAL_REGISTRY" ] && address="registry http://$HOST:$REGISTRY_PORT"
        [ -z "$EXTERNAL_MONGODB" ] && address="${address:+$address, }mongodb://$HOST:$MONGODB_PORT" ;;
      *) address="http://$HOST:$(service_port "$name")" ;;
    esac
    printf '%-16s %-58s %-8s %-6s %s\n' "$name" "$address" "$pid" "$((${rss:-0} / 1024))M" "$LOG_DIR/$name.log"
  done
  printf '%-16s %-58s %-8s %-6s\n' "" "" "total" "$((total / 1024))M"
  [ -n "$EXTERNAL_KAFKA" ] && say "external Kafka:     $EXTERNAL_KAFKA"
  [ -n "$EXTERNAL_REGISTRY" ] && say "external registry:  $EXTERNAL_REGISTRY"
  [ -n "$EXTERNAL_MONGODB" ] && say "external MongoDB:   $EXTERNAL_MONGODB"
  if [ -n "$DEV_ISSUER_URL" ]; then
    say "dev token issuer:   $DEV_ISSUER_URL (in local-support; DEVELOPMENT only: it signs a token for anyone who asks)"
  elif [ -n "${DEV_ISSUER_SKIPPED_FOR:-}" ]; then
    say "token issuer:       $DEV_ISSUER_SKIPPED_FOR (yours; the development issuer is not started next to it)"
  else
    say "token issuer:       none (PHISHNET_DEV_ISSUER=false): command-api accepts only the tokens it signs itself"
  fi
  case " $SERVICES " in
    *" command-api "*) say "command-api tokens: iss $TOKEN_ISSUER, signed with $SIGNING_KEY (public keys: http://$HOST:$COMMAND_API_PORT/.well-known/jwks.json)" ;;
  esac
  say ""
  say "Try:"
  local service
  for service in $SERVICES; do
    say "  curl -s http://$HOST:$(service_port "$service")/actuator/health"
    break
  done
  say "  curl -s $REGISTRY_URL/subjects"
  say "  kcat -L -b $KAFKA_BOOTSTRAP"
  # Debian's kcat is built without Avro; with an Avro-enabled build this decodes the values.
  say "  kcat -C -b $KAFKA_BOOTSTRAP -t audit-events -e -s value=avro -r $REGISTRY_URL   (needs kcat with Avro support)"
  case " $SERVICES " in *" command-api "*) [ -n "$DEV_ISSUER_URL" ] && print_api_examples ;; esac
  say ""
  say "Data in $DATA_DIR (kept between runs; ./run.sh --reset wipes it). Ctrl-C stops everything."
}

# The users API with a token from the development issuer; README "Calling the API on the local stack" has more.
print_api_examples() {
  local api="http://$HOST:$COMMAND_API_PORT/api/v1" extract
  # jq when it is there; the sed fallback reads the one string field the token answer has.
  if command -v jq >/dev/null; then extract="jq -r .access_token"; else extract="sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/'"; fi
  say ""
  say "Call the API (register is open; the other calls need a token from the development issuer):"
  say "  curl -si -X POST $api/users -H 'Content-Type: application/json' \\"
  say "       -d '{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\",\"fullName\":\"Ada Lovelace\"}'"
  say "  TOKEN=\$(curl -s -X POST $DEV_ISSUER_URL/token -d '{\"sub\":\"admin-1\",\"tenant\":\"default\",\"roles\":[\"admin\"]}' | $extract)"
  say "  curl -s -H \"Authorization: Bearer \$TOKEN\" '$api/users?email=ada@example.com'"
  say "  curl -s -H \"Authorization: Bearer \$TOKEN\" '$api/audit'"
  if [ "$CODE_SENDER" = mailbox ]; then
    say "One-time sign-in codes (POST $api/auth/otp) arrive in the development mailbox, in memory only:"
    say "  curl -s '$DEV_ISSUER_URL/mailbox?email=ada@example.com'"
  fi
}

# ---- commands ------------------------------------------------------------------------------------------

stop_leftovers() {
  local name pid found=0
  for name in $SERVICES_ALL kafka apicurio local-support; do
    [ -f "$RUN_DIR/$name.pid" ] || continue
    pid=$(cat "$RUN_DIR/$name.pid")
    # Only if that pid is still one of ours (pids are reused): its command line carries the marker.
    if is_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dphishnet.stack=$DATA_DIR "; then
      say "Stopping $name (pid $pid) ..."
      PIDS[$name]=$pid
      found=1
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
      local deadline=$(($(now_ms) + 60000))
      while is_alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
      is_alive "$pid" && kill -KILL -- "-$pid" 2>/dev/null
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
  if [ "$found" = 1 ]; then say "Stopped."; else say "Nothing from $DATA_DIR is running."; fi
}

reset_data() {
  local file
  for file in "$RUN_DIR"/*.pid; do
    [ -f "$file" ] && is_alive "$(cat "$file")" && fail "A stack using $DATA_DIR is running; stop it first (Ctrl-C, or ./run.sh --stop)."
  done
  rm -rf "$DATA_DIR"
  say "Deleted $DATA_DIR."
}

main() {
  FORCE_BUILD=0
  case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    --rebuild) FORCE_BUILD=1 ;;
    --reset | --stop | "") ;;
    *) usage >&2; exit 2 ;;
  esac
  [ $# -le 1 ] || { usage >&2; exit 2; }

  mkdir -p "$DATA_DIR" || fail "cannot create $DATA_DIR"
  DATA_DIR="$(cd "$DATA_DIR" && pwd)"
  LOG_DIR="$DATA_DIR/logs"
  RUN_DIR="$DATA_DIR/run"
  case "${1:-}" in
    --reset) RUN_DIR="$DATA_DIR/run"; reset_data; exit 0 ;;
    --stop) stop_leftovers; exit 0 ;;
  esac
  mkdir -p "$LOG_DIR" "$RUN_DIR"

  find_java
  check_tools
  check_services
  plan_ports
  check_ports

  KAFKA_BOOTSTRAP="${EXTERNAL_KAFKA:-$HOST:$KAFKA_PORT}"
  REGISTRY_URL="${EXTERNAL_REGISTRY:-http://$HOST:$REGISTRY_PORT}"
  MONGODB_URI="${EXTERNAL_MONGODB:-mongodb://$HOST:$MONGODB_PORT/phishnet}"
  SIGNING_KEY="${OWN_SIGNING_KEY:-$DATA_DIR/keys/command-api-signing.pem}"

  trap 'on_signal INT' INT
  trap 'on_signal TERM' TERM
  # A closed terminal (HUP) or a closed output pipe (./run.sh | head) must stop the stack too: untrapped,
  # either signal would end this script at once and leave every part running.
  trap 'on_signal HUP' HUP
  trap 'on_output_closed' PIPE
  trap on_exit EXIT

  build_if_needed
  signing_key_wanted && ensure_signing_key

  local started
  started=$(now_ms)
  DEADLINE=$((started + START_TIMEOUT * 1000))
  say "Starting the PhishNet local stack (data: $DATA_DIR, logs: $LOG_DIR) ..."

  # Kafka, the registry and MongoDB do not depend on each other: start them together.
  local infra=()
  if [ -z "$EXTERNAL_KAFKA" ]; then start_kafka; infra+=(kafka:kafka_healthy); else infra+=(external-kafka:external_kafka_healthy); fi
  if [ -z "$EXTERNAL_REGISTRY" ]; then start_apicurio; infra+=(apicurio:apicurio_healthy); else infra+=(external-registry:external_registry_healthy); fi
  if local_support_wanted; then start_local_support; infra+=(local-support:local_support_healthy); fi
  wait_healthy "$started" "${infra[@]}" || exit 1

  if [ -z "$EXTERNAL_REGISTRY" ]; then
    set_registry_compatibility || { show_log apicurio; say "Could not set the registry's compatibility to BACKWARD at $REGISTRY_URL/config" >&2; exit 1; }
  fi

  # The services need all three: start them only now, all together.
  local service services=()
  for service in $SERVICES; do
    start_service "$service"
    services+=("$service:service_healthy")
  done
  [ ${#services[@]} -eq 0 ] || wait_healthy "$started" "${services[@]}" || exit 1

  say ""
  say "PhishNet local stack is up ($(elapsed "$started"))."
  print_table

  # Stay in the foreground as the parts' supervisor: a part that dies is restarted in place (its log so far kept as
  # <name>.log.1), as a container runtime would; one that keeps dying takes the stack down loudly rather than
  # leaving it half-working.
  local name status
  while true; do
    sleep 1 &
    SLEEP_PID=$!
    wait "$SLEEP_PID" 2>/dev/null
    for name in "${STARTED[@]}"; do
      if [ -n "${PIDS[$name]:-}" ] && ! is_alive "${PIDS[$name]}"; then
        wait "${PIDS[$name]}" 2>/dev/null
        status=$?
        if [ "$RESTART" = true ] && ! crash_looping "$name"; then
          RESTARTS[$name]=$(( ${RESTARTS[$name]:-0} + 1 ))
          say "$name exited unexpectedly (exit status $status); restarting it (restart ${RESTARTS[$name]}; the log of the one that died: $LOG_DIR/$name.log.1)." >&2
          restart_part "$name"
          continue
        fi
        show_log "$name"
        if [ "$RESTART" = true ]; then
          say "$name exited $RESTART_LIMIT times within ${RESTART_WINDOW}s (last exit status $status; log: $LOG_DIR/$name.log); stopping the stack." >&2
        else
          say "$name exited unexpectedly (exit status $status; log: $LOG_DIR/$name.log); stopping the stack." >&2
        fi
        unset "PIDS[$name]"
        exit 1
      fi
    done
  done
}

main "$@"
