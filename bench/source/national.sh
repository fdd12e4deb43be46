#!/usr/bin/env bash
# National-scale harvest benchmark: a full sweep of a 1,000,000-offer emulator corpus shaped like
# the market (creation dates denser near today, départements weighted by population, one second of
# 5,000 offers and a 20,000-offer second in Paris, both over the 3,150 cap), once per harvester rate
# (default: the default FT_RATE_LIMIT of 4/s, then the API's 10/s), the emulator answering 429 past
# the API's own 10/s. Offers go to a sink that discards them (no Kafka): the harvest is measured alone.
# Prints the machine, then per rate: requests / ceil(N/150), wall time / (requests / rate), the
# harvester's peak RSS and CPU, and what the state checkpoints cost with every offer known.
# usage: bench/source/national.sh [OFFERS]      RATES="10" bench/source/national.sh 300000
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
offers=${1:-1000000}
rates=${RATES:-4 10}
bin=$root/build/bin/source_sweep_bench
[[ -x $bin ]] || ninja -C "$root/build" -j2 source_sweep_bench
burst=20000
(( offers > 4 * burst )) || burst=$(( offers / 20 ))
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in $rates; do
  echo "== $offers offers at $rate requests/s"
  "$bin" "$((offers - burst))" --rate "$rate" --api-rate 10 "offers=$burst,dep=75,type=CDI,hours-ago=20"
done
