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

# The command-line clients of the cloud baselines, from PyPI into a venv of their own under the tools cache the
# emulators use (~/.cache/ringvault/tools, or $RINGVAULT_TOOLS_CACHE), installed once: a marker file, written last,
# says the installation finished, and a lock keeps two runs from installing at once. Prints the command's path.
#   pypi_tool azure-cli 2.91.0 az
AZURE_CLI_VERSION=2.91.0
pypi_tool() {
  local package=$1 version=$2 command=$3
  local tools="${RINGVAULT_TOOLS_CACHE:-$HOME/.cache/ringvault/tools}"
  local venv="$tools/$package-$version"
  mkdir -p "$tools"
  (
    flock 9
    if [ ! -f "$venv/.installed" ]; then
      echo "installing $package==$version from PyPI: python3 -m venv $venv && $venv/bin/pip install $package==$version" \
        "(log in $venv.install.log)" >&2
      rm -rf "$venv"
      # Checked one by one: inside $(...) the caller's set -e does not apply.
      python3 -m venv "$venv" >"$venv.install.log" 2>&1 &&
        "$venv/bin/pip" install --disable-pip-version-check -q "$package==$version" >>"$venv.install.log" 2>&1 || {
        echo "installing $package==$version failed; see $venv.install.log" >&2
        exit 1
      }
      echo "$version" >"$venv/.installed"
    fi
  ) 9>"$venv.lock" || return 1
  echo "$venv/bin/$command"
}
