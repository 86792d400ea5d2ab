#!/usr/bin/env bash
# Runs the benchmarks side by side and writes benchmarks/results/<mode>/: the JMH JSON files,
# latency.txt, results.md (Spool and every stock setup as ratios to the best lossless stock setup
# of each framework and layout, and as fractions of the framework's ceiling) and chart.svg. Files
# go to tmpfs (/dev/shm) unless SPOOL_BENCH_DIR says otherwise.
#
#   benchmarks/run.sh quick     # a few minutes: a smoke test that every setup starts and loses nothing
#   benchmarks/run.sh full      # the figures: longer runs, 1, 2 and 4 threads, -prof gc, latency
#   benchmarks/run.sh latency   # full's latency part alone (about 20 minutes)
#
# Full and latency run each latency setup three times, each in a fresh JVM: one run's p99.9 moves
# by several times from run to run, so the report gives the lowest, median and highest.
#
# Exits 1 when a setup lost events (they are reported, never compared quietly).
set -euo pipefail
mode="${1:-quick}"
cd "$(dirname "$0")/.."
case "$mode" in
  # quick: no warm-up iteration; the smoke test asserts no timing, and each one cost a second per run.
  quick) jmh=(-f 1 -wi 0 -i 1 -r 1s); threads=(1 2); seconds=2; runs=1 ;;
  full)  jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc); threads=(1 2 4); seconds=10; runs=3 ;;
  latency) jmh=(); threads=(); seconds=10; runs=3 ;;
  *) echo "usage: benchmarks/run.sh [quick|full|latency]" >&2; exit 2 ;;
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

# The matrix. Layouts: pattern, patternEx (the pattern, and one event in 100 an error with an
# exception and its cause), json, and Logback's logstash (LogstashEncoder) and spring (Spring Boot's default file pattern). The
# ceilings (the stock no-op appenders) run with pattern and patternEx: they have no layout, so json
# and spring would repeat pattern's call. Full runs all of it at every thread count. Quick mode is
# CI's smoke test and must stay short: it runs patternEx, spring and the pattern ceilings at 1
# thread only, and the -ex latency setups for Spool at 1 thread only.
log4j2_setups=spool,randomAccessFile,asyncLoggers,asyncAppender
logback_setups=spool,fileAppender,asyncAppender
matrix() { # $1: a thread count. Sets the layouts each run takes at it.
  if [ "$mode" = full ]; then
    log4j2_layouts=pattern,patternEx,json; logback_layouts=pattern,patternEx,json,logstash,spring
    ceiling_layouts=pattern,patternEx; disruptor4_layouts=$log4j2_layouts
  elif [ "$1" -eq 1 ]; then
    log4j2_layouts=pattern,patternEx,json; logback_layouts=pattern,patternEx,json,logstash,spring
    ceiling_layouts=pattern; disruptor4_layouts=pattern,json
  else
    log4j2_layouts=pattern,json; logback_layouts=pattern,json
    ceiling_layouts=; disruptor4_layouts=pattern,json
  fi
}

# Latency first, on a quiet machine: in one run made after the throughput runs (which write
# tens of gigabytes), every setup's p99.9 at 2 threads was 2 to 4 times what it is otherwise.
for setup in noop log4j2-spool log4j2-asyncLoggers logback-spool logback-asyncAppender \
    log4j2-spool-json log4j2-asyncLoggers-json logback-spool-json logback-asyncAppender-json \
    log4j2-spool-ex log4j2-asyncLoggers-ex logback-spool-ex logback-asyncAppender-ex; do
  for t in 1 2; do
    if [ "$mode" = quick ]; then
      case "$setup" in *-spool-ex) [ "$t" -eq 1 ] || continue ;; *-ex) continue ;; esac
    fi
    for _ in $(seq "$runs"); do
      java -Xms1g -Xmx1g -cp "$cp" dev.spool.benchmarks.LatencyHarness "$setup" 100000 "$t" "$seconds" | tee -a "$out/latency.txt" | tail -1
    done
  done
done

bench() { # $1: class path, $2: result file, then JMH's arguments; at $t threads
  local classpath="$1" results="$2"; shift 2
  java -cp "$classpath" org.openjdk.jmh.Main "$@" "${jmh[@]}" -t "$t" -rf json -rff "$results" \
    | tee -a "$out/jmh.log" | grep -E "^\[loss check\]|^# Run complete"
}
for t in ${threads[@]+"${threads[@]}"}; do
  matrix "$t"
  bench "$cp" "$out/jmh-reference-t$t.json" "EngineBenchmark|RawChannelBenchmark"
  bench "$cp" "$out/jmh-log4j2-t$t.json" Log4j2Benchmark -p setup="$log4j2_setups" -p layout="$log4j2_layouts"
  bench "$cp" "$out/jmh-logback-t$t.json" LogbackBenchmark -p setup="$logback_setups" -p layout="$logback_layouts"
  if [ -n "$ceiling_layouts" ]; then
    bench "$cp" "$out/jmh-log4j2-null-t$t.json" Log4j2Benchmark -p setup=null -p layout="$ceiling_layouts"
    bench "$cp" "$out/jmh-logback-nop-t$t.json" LogbackBenchmark -p setup=nop -p layout="$ceiling_layouts"
  fi
  bench "$cp4" "$out/jmh-disruptor4-t$t.json" Log4j2Benchmark -p setup=asyncLoggers -p layout="$disruptor4_layouts"
done

if [ "$mode" = full ]; then readme=(--readme README.md); else readme=(); fi
java -cp "$cp" dev.spool.benchmarks.Report "$out" ${readme[@]+"${readme[@]}"}
