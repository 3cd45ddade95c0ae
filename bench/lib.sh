# Shared by the bench/*.sh drivers (sourced, from the repository root): the test classpath of system-tests and the
# services' jars, once the modules are installed.

# Writes the test classpath of system-tests to target/bench-$1.classpath and sets classpath_file and version.
bench_classpath() {
  mkdir -p target
  classpath_file="$(pwd)/target/bench-$1.classpath"
  ./mvnw -B -q -pl system-tests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file" >/dev/null
  version=$(sed -n '0,/<artifactId>ringvault-parent<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
}

# The path of a service module's jar: jar coordinator.
jar() { echo "$(pwd)/$1/target/$1-$version.jar"; }
