#!/usr/bin/env bash
# Make sure the system tools archkit needs are present: graphviz (dot) for diagrams,
# chromium for the browser tests, adr-tools (adr) for the tests that check records archkit
# writes with the tool Nygard-style logs are kept with. Installs with apt-get when running as root on
# Debian/Ubuntu; otherwise prints the exact command to run and fails.
set -euo pipefail
need=()
for tool in "$@"; do
  case "$tool" in
    graphviz) command -v dot >/dev/null 2>&1 || need+=(graphviz) ;;
    chromium) command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core) ;;
    adr-tools) command -v adr >/dev/null 2>&1 || need+=(adr-tools) ;;
    *) echo "system-deps.sh: unknown tool $tool" >&2; exit 2 ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "archkit needs: ${need[*]}. Install it first:" >&2
if command -v apt-get >/dev/null 2>&1; then
  echo "  sudo apt-get install -y ${need[*]}" >&2
elif command -v brew >/dev/null 2>&1; then
  echo "  brew install ${need[*]/fonts-dejavu-core/}" >&2
else
  echo "  conda install -c conda-forge graphviz   (or your system's package manager)" >&2
fi
exit 1
