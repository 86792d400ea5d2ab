#!/usr/bin/env bash
# Runs the benchmarks side by side and writes benchmarks/results/<mode>/: the JMH JSON files,
# latency.txt, results.md (ratios to the best lossless stock setup of each framework) and
# chart.svg. Files go to tmpfs (/dev/shm) unless SPOOL_BENCH_DIR says otherwise.
#
#   benchmarks/run.sh quick   # a few minutes: a smoke test that every setup starts and loses nothing
#   benchmarks/run.sh full    # the figures: longer runs, 1, 2 and 4 threads, -prof gc, latency
#
# Exits 1 when a setup lost events (they are reported, never compared quietly).
set -euo pipefail
mode="${1:-quick}"
cd "$(dirname "$0")/.."
case "$mode" in
  quick) jmh=(-f 1 -wi 1 -w 1s -i 1 -r 1s); threads=(1 2); seconds=2 ;;
  full)  jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc); threads=(1 2 4); seconds=10 ;;
  *) echo "usage: benchmarks/run.sh [quick|full]" >&2; exit 2 ;;
esac
if [ ! -d benchmarks/target/lib ] || [ -z "${SPOOL_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests package -pl benchmarks -am
fi
out="benchmarks/results/$mode"
rm -rf "$out" && mkdir -p "$out"
cp="benchmarks/target/classes:benchmarks/target/lib/*"

# Log4j2's async loggers once more on Disruptor 4.0.0 (the parent pins 3.4.4; see its note).
d4="benchmarks/target/disruptor4"
if [ ! -f "$d4/disruptor-4.0.0.jar" ]; then
  mvn -B -q dependency:copy -Dartifact=com.lmax:disruptor:4.0.0 -DoutputDirectory="$d4" >/dev/null
fi
mkdir -p "$d4/lib"
for j in benchmarks/target/lib/*.jar; do
  case "$(basename "$j")" in disruptor-*) ;; *) cp -u "$j" "$d4/lib/" ;; esac
done
cp -u "$d4/disruptor-4.0.0.jar" "$d4/lib/"
cp4="benchmarks/target/classes:$d4/lib/*"

# Latency first, on a quiet machine: in one run made after the throughput runs (which write
# tens of gigabytes), every setup's p99.9 at 2 threads was 2 to 4 times what it is otherwise.
for setup in noop log4j2-spool log4j2-asyncLoggers logback-spool logback-asyncAppender \
    log4j2-spool-json log4j2-asyncLoggers-json logback-spool-json logback-asyncAppender-json; do
  for t in 1 2; do
    java -Xms1g -Xmx1g -cp "$cp" dev.spool.benchmarks.LatencyHarness "$setup" 100000 "$t" "$seconds" | tee -a "$out/latency.txt" | tail -1
  done
done

for t in "${threads[@]}"; do
  java -cp "$cp" org.openjdk.jmh.Main "Log4j2Benchmark|LogbackBenchmark|EngineBenchmark|RawChannelBenchmark" \
    "${jmh[@]}" -t "$t" -rf json -rff "$out/jmh-t$t.json" | tee -a "$out/jmh.log" | grep -E "^\[loss check\]|^# Run complete"
  java -cp "$cp4" org.openjdk.jmh.Main Log4j2Benchmark -p setup=asyncLoggers \
    "${jmh[@]}" -t "$t" -rf json -rff "$out/jmh-disruptor4-t$t.json" | tee -a "$out/jmh.log" | grep -E "^\[loss check\]|^# Run complete"
done


if [ "$mode" = full ]; then readme=(--readme README.md); else readme=(); fi
java -cp "$cp" dev.spool.benchmarks.Report "$out" ${readme[@]+"${readme[@]}"}
