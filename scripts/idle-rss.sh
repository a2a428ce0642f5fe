#!/bin/sh
# Idle resident memory of the built server and its child processes (espeak-ng workers, ffmpeg): starts
# dist/server with the demo county and its simulated agents (a worker thread of the server) on free ports and a temp
# data dir, waits for the demo notice to render, the simulated agents to play it and the server to go idle, then sums
# VmRSS over the process tree. `npm run bench:fleet` reports the same as `idleFootprint` in its JSON.
#   npm run build && sh scripts/idle-rss.sh [seconds to wait, default 150]
# IDLE_RSS_AGENTS=0 starts no simulated agents (then the demo notice is not rendered either).
set -eu
IDLE=${1:-150}
AGENTS_FLAG=$([ "${IDLE_RSS_AGENTS:-1}" = 0 ] && echo --no-demo-agents || true)
DIR=$(mktemp -d)
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
DATA_DIR=$DIR PORT=$(free_port) MQTT_PORT=$(free_port) HOST=127.0.0.1 MQTT_HOST=127.0.0.1 EDGE_TTS=off SEED_PASSWORD=idle-Passw0rd \
  node dist/server/src/main.js $AGENTS_FLAG >"$DIR/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
sleep "$IDLE"
tree() { echo "$1"; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done; }
total=0
for p in $(tree $PID); do
  kb=$(awk '/^VmRSS/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
  echo "pid $p $(tr '\0' ' ' </proc/"$p"/cmdline | cut -c1-80) ${kb} kB"
  total=$((total + ${kb:-0}))
done
echo "total ${total} kB ($((total / 1024)) MB)"
grep -c '播放完成' "$DIR/server.log" | sed 's/^/demo plays logged: /'
