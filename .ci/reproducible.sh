#!/usr/bin/env bash
# Reproducible-build check: builds the work tree twice, each time from a fresh copy in its own
# directory (so no output of one build, and no absolute path, can leak into the other), and
# compares every jar the two builds made, byte for byte (SHA-256). Exits non-zero, listing the
# jars and the entries that differ, unless all are identical.
#
#   .ci/reproducible.sh           # as CI runs it
#   .ci/reproducible.sh -o        # extra arguments go to both Maven runs (here: offline)
#
# Byte-identical jars need project.build.outputTimestamp (parent pom): it fixes every entry's time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-reproducible.XXXXXX")
trap 'rm -rf "$work"' EXIT

start=$(date +%s)
for n in 1 2; do
  mkdir -p "$work/build$n"
  # The work tree as it is (tracked and new files, edits included), without build output.
  git ls-files -z --cached --others --exclude-standard \
    | (cd "$root" && xargs -0 -I{} sh -c '[ -e "$1" ] && printf "%s\0" "$1"' _ {}) \
    | tar -C "$root" --null -T - -cf - | tar -C "$work/build$n" -xf -
  echo "build $n in $work/build$n"
  (cd "$work/build$n" && mvn -B -q package -DskipTests "$@") >"$work/build$n.log" 2>&1 || {
    tail -50 "$work/build$n.log"
    echo "build $n failed"
    exit 1
  }
done
echo "two builds: $(( $(date +%s) - start )) s"

python3 - "$work/build1" "$work/build2" <<'PY'
import hashlib, pathlib, sys, zipfile
a, b = (pathlib.Path(p) for p in sys.argv[1:3])
jars = sorted(p.relative_to(a) for p in a.glob("*/target/*.jar"))
if not jars:
    sys.exit("no jars were built")
def sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()
differ = []
for rel in jars:
    other = b / rel
    if not other.exists():
        differ.append(rel); print(f"MISSING in build 2: {rel}"); continue
    if sha(a / rel) != sha(other):
        differ.append(rel)
        print(f"DIFFERS: {rel}")
        za, zb = zipfile.ZipFile(a / rel), zipfile.ZipFile(other)
        ia = {i.filename: i for i in za.infolist()}
        ib = {i.filename: i for i in zb.infolist()}
        for name in sorted(set(ia) | set(ib)):
            x, y = ia.get(name), ib.get(name)
            if x is None or y is None:
                print(f"  only in one build: {name}")
            elif x.CRC != y.CRC or x.date_time != y.date_time:
                print(f"  {name}: crc {x.CRC:08x}/{y.CRC:08x}, time {x.date_time}/{y.date_time}")
        if [i.filename for i in za.infolist()] != [i.filename for i in zb.infolist()]:
            print("  entry order differs")
for rel in jars:
    if rel not in differ:
        print(f"identical {sha(a / rel)[:16]}  {rel}")
print(f"{len(jars) - len(differ)} of {len(jars)} jars byte-identical")
sys.exit(1 if differ else 0)
PY
