#!/usr/bin/env bash
# Starts a ClickHouse server for the tests, by hand (not via systemd):
# Debian's clickhouse-server, installed when missing, listening on
# 127.0.0.1 only (HTTP 8123, TCP 9000), data, logs and tmp under
# $FUNNELSCOPE_CLICKHOUSE_DIR (default /tmp/funnelscope-clickhouse). Its
# config declares the cluster funnelscope_two_shards: two shards on this
# one server, each with its own default_database, which a Distributed
# table over shards of one server needs (ARCHITECTURE.md, "ClickHouse").
#
# Idempotent: a server already answering /ping is reused. Prints the HTTP
# address on stdout (for FUNNELSCOPE_CLICKHOUSE); the server outlives the
# script.
set -euo pipefail

dir=${FUNNELSCOPE_CLICKHOUSE_DIR:-/tmp/funnelscope-clickhouse}
http_port=${FUNNELSCOPE_CLICKHOUSE_HTTP_PORT:-8123}
tcp_port=${FUNNELSCOPE_CLICKHOUSE_TCP_PORT:-9000}
addr="http://127.0.0.1:$http_port"

# ping answers "Ok." on GET /ping; bash's /dev/tcp needs no curl.
ping_server() {
  (exec 3<>"/dev/tcp/127.0.0.1/$http_port" &&
    printf 'GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
    grep -q '^Ok\.' <&3) 2>/dev/null
}

# has_cluster: the running server declares funnelscope_two_shards (a
# server started otherwise would fail the Distributed tests obscurely).
has_cluster() {
  local q="SELECT%20count()%20FROM%20system.clusters%20WHERE%20cluster%3D%27funnelscope_two_shards%27"
  (exec 3<>"/dev/tcp/127.0.0.1/$http_port" &&
    printf 'GET /?query=%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$q" >&3 &&
    tail -n 1 <&3 | grep -q '^2') 2>/dev/null
}

install_server() {
  if command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ]; then
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null
}

shard() { # $1: the shard's default database
  cat <<XML
      <shard><replica>
        <host>127.0.0.1</host><port>$tcp_port</port>
        <default_database>$1</default_database>
      </replica></shard>
XML
}

write_config() {
  mkdir -p "$dir"/{data,tmp,log,user_files,format_schemas}
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default>
    <password></password>
    <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota>
  </default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
  </interval></default></quotas>
</yandex>
XML
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/error.log</errorlog>
    <size>10M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http_port</http_port>
  <tcp_port>$tcp_port</tcp_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <remote_servers>
    <funnelscope_two_shards>
$(shard funnelscope_shard1)
$(shard funnelscope_shard2)
    </funnelscope_two_shards>
  </remote_servers>
</yandex>
XML
}

start_server() {
  local bin
  bin=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
  # setsid: the server must outlive this script and its caller's job.
  setsid "$bin" --config-file="$dir/config.xml" >>"$dir/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/server.pid"
}

wait_ping() {
  local i
  for i in $(seq 1 120); do
    ping_server && return 0
    sleep 0.5
  done
  echo "clickhouse-server did not answer $addr/ping within 60 s; its log:" >&2
  tail -n 30 "$dir/log/error.log" "$dir/log/stdout.log" >&2 2>/dev/null || true
  return 1
}

if ! ping_server; then
  install_server
  write_config
  start_server
  wait_ping
fi
if ! has_cluster; then
  echo "the ClickHouse server on $addr lacks the cluster funnelscope_two_shards (not started by this" >&2
  echo "script?): stop it, or pick other ports with FUNNELSCOPE_CLICKHOUSE_HTTP_PORT and _TCP_PORT" >&2
  exit 1
fi
echo "$addr"
