# shellcheck shell=bash
# Sourced by scripts/stack: the server processes it runs, whatever the component: the jars, pid
# files that name only our own processes, configuration templates filled in, start, readiness wait
# and stop. Apart so that the entry script reads as its commands.

# ---------------------------------------------------------------- jars

# Copies a component's runtime classpath from Maven Central into the cache, once.
fetch_jars() {  # component version
  local comp=$1 ver=$2 dir=$cache/jars/$1-$2
  if [[ -f $dir/.complete ]]; then echo "$dir"; return; fi
  log "fetching $comp $ver jars with Maven (first run only)..."
  rm -rf "$dir"
  mvn -B -q -f "$stack_conf/$comp/pom.xml" "-D$comp.version=$ver" \
    "$DEPENDENCY_PLUGIN:copy-dependencies" -DoutputDirectory="$dir" >&2 ||
    die "Maven could not fetch $comp $ver"
  touch "$dir/.complete"
  echo "$dir"
}

# ---------------------------------------------------------------- processes

pid_file() { echo "$state/$1/pid"; }
log_file() { echo "$state/$1/$1.log"; }

# A pid counts as ours only if it is alive and still runs java with our state dir in its command
# line: a recycled pid of some other program is never signalled.
running_pid() {  # component
  local f pid
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$state/$1"* ]] || return 1
  echo "$pid"
}

fill() {  # template output DATA_DIR
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@ZOOKEEPER_PORT@|$ZOOKEEPER_PORT|g" -e "s|@CASSANDRA_PORT@|$CASSANDRA_PORT|g" \
      -e "s|@CASSANDRA_STORAGE_PORT@|$CASSANDRA_STORAGE_PORT|g" \
      -e "s|@CASSANDRA_AUTHENTICATOR@|$CASSANDRA_AUTHENTICATOR|g" -e "s|@DATA_DIR@|$3|g" \
      -e "s|@CASSANDRA_LISTEN_ADDRESS@|$CASSANDRA_LISTEN_ADDRESS|g" -e "s|@CASSANDRA_SEEDS@|$CASSANDRA_SEEDS|g" \
      -e "s|@CASSANDRA_SNITCH@|$([[ -n $CASSANDRA_DC ]] && echo GossipingPropertyFileSnitch || echo SimpleSnitch)|g" \
      -e "s|@CASSANDRA_TOKEN_RF@|$CASSANDRA_TOKEN_RF|g" -e "s|@KAFKA_ADDRESS@|$KAFKA_ADDRESS|g" \
      -e "s|@KAFKA_NODE_ID@|$KAFKA_NODE_ID|g" -e "s|@KAFKA_VOTERS@|$KAFKA_VOTERS|g" "$1" >"$2"
}

port_free() { ! (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; }

launch() {  # component command...
  local comp=$1; shift
  local dir=$state/$comp
  setsid "$@" >>"$(log_file "$comp")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$comp")"
  log "$comp started (pid $!), log $(log_file "$comp")"
}

# ---------------------------------------------------------------- readiness

wait_ready() {  # component
  local comp=$1 start=$SECONDS
  until "${comp}_ready"; do
    if ! running_pid "$comp" >/dev/null; then
      log "$comp exited during start; last log lines:"; tail -n 40 "$(log_file "$comp")" >&2; exit 1
    fi
    if ((SECONDS - start > READY_TIMEOUT)); then
      log "$comp not ready after ${READY_TIMEOUT}s; last log lines:"; tail -n 40 "$(log_file "$comp")" >&2; exit 1
    fi
    sleep 1
  done
  log "$comp ready after $((SECONDS - start))s"
}

# ---------------------------------------------------------------- start and stop

up_one() {  # component mode
  local comp=$1 mode=$2
  mkdir -p "$state/$comp"
  if pid=$(running_pid "$comp"); then
    if [[ $comp == kafka && $(<"$state/kafka/mode") != "$mode" ]]; then
      die "kafka already runs in $(<"$state/kafka/mode") mode; run 'scripts/stack down' first"
    fi
    log "$comp already running (pid $pid)"
  else
    case $comp in
      zookeeper) start_zookeeper ;;
      kafka) start_kafka "$mode" ;;
      cassandra) start_cassandra ;;
    esac
  fi
}

stop_one() {  # component
  local comp=$1 pid
  if ! pid=$(running_pid "$comp"); then
    rm -f "$(pid_file "$comp")"
    return 0
  fi
  if [[ ${STACK_KILL:-0} == 1 ]]; then
    # A crash, not a shutdown: no flush, no goodbye to the peers.
    log "killing $comp (kill -9, pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$(pid_file "$comp")"
    return 0
  fi
  log "stopping $comp (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 90); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$comp did not stop within 90 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$comp")"
}
