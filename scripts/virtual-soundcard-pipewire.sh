# The PipeWire virtual sound card, sourced by scripts/virtual-soundcard: pipewire, wireplumber and
# pipewire-pulse on a private runtime directory and D-Bus session bus, with a null sink (the driver, at
# $rate Hz, whose monitor is the loopback source) and a null source. Clients find it through the
# variables `virtual-soundcard env --server pipewire` prints (XDG_RUNTIME_DIR, PULSE_SERVER, ...).

pw_dir=$state_dir/pipewire
pw_run=$pw_dir/run
pw_config=$pw_dir/config
pw_pids=$pw_dir/pids
pw_env=$pw_dir/env
pw_log=$pw_dir/log
pw_sink=admbridge-sink
pw_source=admbridge-source

# The environment its clients need, one `export` a line.
pw_environment() {
  # ADM_VSC_STATE_DIR: the card's own commands find it again from inside that environment.
  cat <<EOF
export ADM_VSC_STATE_DIR=$state_dir
export XDG_RUNTIME_DIR=$pw_run
export PIPEWIRE_RUNTIME_DIR=$pw_run
export PULSE_SERVER=unix:$pw_run/pulse/native
export DBUS_SESSION_BUS_ADDRESS=unix:path=$pw_run/bus
EOF
}

# Our processes that are still alive, "pid name" a line.
pw_alive_pids() {
  local pid name comm
  [[ -r "$pw_pids" ]] || return 0
  while read -r pid name; do
    alive "$pid" || continue
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
    [[ "$comm" == "${name:0:15}" ]] && echo "$pid $name"
  done <"$pw_pids"
}

pw_running() {
  [[ -n "$(pw_alive_pids)" ]]
}

pw_answers() {
  (eval "$(pw_environment)"
   timeout 5 pactl list short sinks 2>/dev/null | grep -q "[[:space:]]$pw_sink[[:space:]]" &&
     timeout 5 pactl list short sources 2>/dev/null | grep -q "[[:space:]]$pw_source[[:space:]]")
}

pw_write_config() {
  mkdir -p "$pw_config/pipewire/pipewire.conf.d"
  cat >"$pw_config/pipewire/pipewire.conf.d/50-admbridge-virtual-card.conf" <<EOF
# Written by scripts/virtual-soundcard: a machine without audio hardware gets a null sink that drives
# the graph at $rate Hz (its monitor is what a loopback captures) and a null source to record from.
context.properties = {
    default.clock.rate = $rate
    default.clock.allowed-rates = [ $rate ]
}
context.objects = [
    { factory = adapter
      args = {
          factory.name = support.null-audio-sink
          node.name = "$pw_sink"
          node.description = "admbridge virtual sink"
          media.class = Audio/Sink
          audio.position = [ FL FR ]
          audio.rate = $rate
          node.driver = true
          object.linger = true
          monitor.channel-volumes = true
      }
    }
    { factory = adapter
      args = {
          factory.name = support.null-audio-sink
          node.name = "$pw_source"
          node.description = "admbridge virtual source"
          media.class = Audio/Source/Virtual
          audio.position = [ FL FR ]
          audio.rate = $rate
          object.linger = true
      }
    }
]
EOF
}

# Starts one daemon in its own session with the card's environment and records it.
pw_launch() {
  local name=$1
  shift
  (
    eval "$(pw_environment)"
    export XDG_CONFIG_HOME=$pw_config
    exec setsid "$@" </dev/null >>"$pw_log" 2>&1
  ) &
  echo "$! $name" >>"$pw_pids"
}

# The name of a daemon that exited since its launch (by PID alone: right after the launch the process may not
# have exec'd its daemon yet, so its name is not checked here).
pw_exited_daemon() {
  local pid name
  while read -r pid name; do
    if ! alive "$pid"; then
      echo "$name"
      return 0
    fi
  done <"$pw_pids"
  return 1
}

# Waits up to $2 seconds for the command "$3..." to succeed; fails if a daemon died meanwhile.
pw_wait_for() {
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  local exited
  until "$@"; do
    if exited=$(pw_exited_daemon); then
      echo "$prog: $exited exited while waiting for $what" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "$prog: no $what within $seconds s" >&2
      return 1
    fi
    sleep 0.1
  done
}

# Asks for the card's sink and source as defaults (pipewire-pulse may refuse while WirePlumber is still
# settling: "Failure: Not supported" was seen) and says whether they are.
pw_make_defaults() {
  (eval "$(pw_environment)"
   timeout 5 pactl set-default-sink "$pw_sink" >/dev/null 2>&1
   timeout 5 pactl set-default-source "$pw_source" >/dev/null 2>&1
   true)
  pw_defaults_set
}

pw_defaults_set() {
  (eval "$(pw_environment)"
   [[ "$(timeout 5 pactl get-default-sink 2>/dev/null)" == "$pw_sink" ]] &&
     [[ "$(timeout 5 pactl get-default-source 2>/dev/null)" == "$pw_source" ]])
}

pw_start() {
  local tool
  if pw_running; then
    if pw_answers; then
      echo "$prog: PipeWire already running ($(pw_alive_pids | tr '\n' ' ' | sed 's/ $//'))"
      return 0
    fi
    # Some daemons died (a test killed the server): start afresh rather than leave a card that does not answer.
    echo "$prog: PipeWire partly running ($(pw_alive_pids | tr '\n' ' ' | sed 's/ $//')); restarting it"
    pw_stop >/dev/null || return 1
  fi
  for tool in pipewire wireplumber pipewire-pulse pactl dbus-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$prog: $tool not found; run scripts/install-deps" >&2
      return 1
    fi
  done
  if ! [[ "$rate" =~ ^[0-9]+$ ]]; then
    echo "$prog: ADM_VSC_RATE must be an integer" >&2
    return 2
  fi
  rm -rf "$pw_dir"
  mkdir -p "$pw_run"
  chmod 700 "$state_dir" "$pw_dir" "$pw_run"
  : >"$pw_pids"
  : >"$pw_log"
  pw_write_config
  pw_environment >"$pw_env"
  pw_launch dbus-daemon dbus-daemon --session --nofork --nopidfile --address="unix:path=$pw_run/bus"
  pw_wait_for "D-Bus session bus" 10 test -S "$pw_run/bus" || { pw_stop >/dev/null; pw_log_tail; return 1; }
  pw_launch pipewire pipewire
  pw_wait_for "PipeWire socket" 10 test -S "$pw_run/pipewire-0" || { pw_stop >/dev/null; pw_log_tail; return 1; }
  pw_launch wireplumber wireplumber
  pw_launch pipewire-pulse pipewire-pulse
  pw_wait_for "null sink and source through pipewire-pulse" 15 pw_answers || { pw_stop >/dev/null; pw_log_tail; return 1; }
  # WirePlumber picks the defaults from what it finds; say which, so every client agrees.
  pw_wait_for "default sink and source" 10 pw_make_defaults || { pw_stop >/dev/null; pw_log_tail; return 1; }
  echo "$prog: started PipeWire $(pipewire --version | sed -n 's/.*libpipewire //p' | head -n 1) null sink $pw_sink" \
    "at ${rate} Hz ($(pw_alive_pids | tr '\n' ' ' | sed 's/ $//'); log $pw_log)"
  echo "$prog: its clients need: eval \"\$(scripts/virtual-soundcard env --server pipewire)\""
}

pw_log_tail() {
  if [[ -s "$pw_log" ]]; then
    echo "--- last lines of $pw_log ---" >&2
    tail -n 20 "$pw_log" >&2
  fi
}

pw_stop() {
  local pid name stopped=()
  if ! pw_running; then
    rm -rf "$pw_dir"
    echo "$prog: PipeWire not running"
    return 0
  fi
  # The clients of the bus first, the bus last (reverse order of start).
  while read -r pid name; do
    terminate "$pid" "$name" || return 1
    stopped+=("$name $pid")
  done < <(pw_alive_pids | tac)
  rm -rf "$pw_dir"
  echo "$prog: stopped PipeWire (${stopped[*]})"
}

pw_status() {
  if pw_running && pw_answers; then
    echo "$prog: PipeWire running ($(pw_alive_pids | tr '\n' ' ' | sed 's/ $//'))"
    return 0
  fi
  if pw_running; then
    echo "$prog: PipeWire processes alive but not answering ($(pw_alive_pids | tr '\n' ' '))"
    return 1
  fi
  echo "$prog: PipeWire not running"
  return 3
}

pw_env_command() {
  if ! pw_running; then
    echo "$prog: PipeWire not running; start it with: scripts/virtual-soundcard start --server pipewire" >&2
    return 3
  fi
  pw_environment
}
