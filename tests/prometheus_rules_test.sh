#!/usr/bin/env bash
# The Prometheus configuration of deploy/prometheus: the scrape configuration and the alert rules
# are valid, and every alert passes its unit tests (synthetic series in tests/*.test.yml).
set -euo pipefail
dir=$1/deploy/prometheus
promtool check config "$dir/prometheus.yml"
promtool check rules "$dir/alerts.yml"
# Every alert has a test file that names it: a new alert without a test fails here.
for alert in $(sed -n 's/^ *- alert: *//p' "$dir/alerts.yml"); do
  grep -lq "alertname: $alert\$" "$dir"/tests/*.test.yml || { echo "alert $alert has no unit test"; exit 1; }
done
promtool test rules "$dir"/tests/*.test.yml
