# Sourced by the bench scripts that start `newsdex-search serve --listen 127.0.0.1:0 > LOG`.
# shellcheck shell=bash

# Waits (up to 10 s) for the server writing LOG to say where it listens; prints its base URL.
newsdex_serve_url() {
  local log=$1
  for _ in $(seq 100); do
    grep -q 'serving http' "$log" && break
    sleep 0.1
  done
  grep -o 'http://127.0.0.1:[0-9]*' "$log"
}
