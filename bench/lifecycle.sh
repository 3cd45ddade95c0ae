#!/usr/bin/env bash
# Measures deleting and garbage collection at scale on a real s3proxy started by the testkit (no Kafka, Cassandra or
# services: the restorer's BackupDeleter and GarbageCollector run in the benchmark's JVM, their events recorded):
# - delete: one backup of --objects small objects, batched (one DeleteObjects per 1000 keys) side by side with one
#   DELETE per object on a second identical copy;
# - gc: the same number of unreferenced objects found and deleted with a grace period of 0, and the walk alone (a dry
#   run) before it.
# Usage: bench/lifecycle.sh [--objects N] [--writers N]   (default 100000 objects; --objects 5000 is a quick run)
# Prints a Markdown table for BENCHMARKS.md, also written to target/bench-lifecycle/results.md. The benchmark lives in
# the restorer's test classes (system-tests cannot see the restorer's classes: its jar is a Spring Boot one). At
# 100,000 objects it takes about 10 minutes and up to about 1 GB of disk (200,000 small files of a block each at the
# peak), deleted by the benchmark itself (the logs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(pwd)/target/bench-lifecycle"
classpath_file="$(pwd)/target/bench-lifecycle.classpath"
mkdir -p target

# The restorer's classes and test classes with those of the modules it depends on, all from this checkout (the
# reactor resolves them to their target/classes, whatever ~/.m2 holds).
./mvnw -o -B -T1 -q -pl restorer -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$classpath_file" -Dspotless.check.skip=true >/dev/null

# The restorer's own log lines at INFO (a line per batch), the S3 client's at WARN.
cat >"target/bench-lifecycle.logback.xml" <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <logger name="io.ringvault" level="INFO"/>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML

set +e
java -Xmx512m \
  -Dlogback.configurationFile="$(pwd)/target/bench-lifecycle.logback.xml" \
  -cp "restorer/target/test-classes:restorer/target/classes:$(cat "$classpath_file")" \
  io.ringvault.restorer.bench.LifecycleBenchmark --work "$work" "$@"
status=$?
rm -rf "$work/s3proxy/objects"
exit $status
