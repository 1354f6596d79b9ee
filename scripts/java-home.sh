# Sourced by ./loupe and ./test: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm.

_loupe_java_major() {
  # the JDK's release file says it without starting a JVM (~0.2 s each, twice per ./loupe run)
  local v=""
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n1)
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1)
  fi
  echo "$v"
}

_loupe_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local v; v=$(_loupe_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(_loupe_java_major "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

if _jdk=$(_loupe_find_jdk); then
  export JAVA_HOME="$_jdk"
  # JDK 24+ warns on every start about libraries (Guice in Maven, protobuf) using sun.misc.Unsafe.
  if [ "$(_loupe_java_major "$_jdk")" -ge 24 ]; then
    LOUPE_JDK_QUIET="--sun-misc-unsafe-memory-access=allow"
    export MAVEN_OPTS="${MAVEN_OPTS:-} $LOUPE_JDK_QUIET"
  else
    LOUPE_JDK_QUIET=""
  fi
else
  echo "loupe: no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  exit 3
fi
unset _jdk
