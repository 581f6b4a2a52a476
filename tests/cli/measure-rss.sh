#!/bin/sh
# Peak RSS of socketio-cli against the scenarios of tests/server/hostile-server.js: the figures
# of issue 12's table. Usage: tests/cli/measure-rss.sh path/to/socketio-cli [scenario...]
# A scenario is NAME or NAME:TRANSPORT (polling, the default, or websocket).
# Each line: scenario, exit status, peak RSS, time, the longest stdout line (a delivered event),
# the CLI's last stdout and stderr lines (cut).
set -u
cli=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
server=$here/../server/hostile-server.js
[ $# -gt 0 ] || set -- chunked-body early-flood:websocket big-message:websocket eio3-ping0:websocket
dir=$(mktemp -d)
for run in "$@"; do
    scenario=${run%%:*}; transport=polling
    [ "$scenario" = "$run" ] || transport=${run#*:}
    mkfifo "$dir/in" "$dir/port"
    node "$server" --scenario "$scenario" < "$dir/in" > "$dir/port" &
    exec 3> "$dir/in" # the server exits when its stdin closes
    port=$(head -n1 "$dir/port" | sed 's/[^0-9]//g')
    url=http://127.0.0.1:$port; extra=; input='{"op":"sleep","ms":8000}'
    case $scenario in
        early-flood) url=$url/x; input='{"op":"sleep","ms":20000}' ;;
        big-message) input='{"op":"wait","event":"big","count":1,"timeout_ms":60000}' ;;
        eio3-ping0) extra=--protocol=4; input='{"op":"sleep","ms":3000}' ;;
    esac
    echo "$input" | /usr/bin/time -f '%M %e' -o "$dir/time" "$cli" --transports "$transport" \
        --no-reconnect $extra "$url" > "$dir/out" 2> "$dir/err"
    status=$?
    read -r kb secs <<EOT
$(tail -n1 "$dir/time")
EOT
    longest=$(wc -L < "$dir/out") # a delivered large event shows here
    printf '%-24s exit %-3s peak %5d MB %6ss  longest line %9d  %s | %s\n' "$run" "$status" $((kb / 1024)) "$secs" "$longest" \
        "$(tail -n1 "$dir/out" | cut -c1-100)" "$(tail -n1 "$dir/err" | cut -c1-140)"
    exec 3>&-
    wait
    rm -f "$dir/in" "$dir/port"
done
rm -rf "$dir"
