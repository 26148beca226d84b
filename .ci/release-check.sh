#!/usr/bin/env bash
# Release check: what a company consuming mlops4j from a repository gets. Reads every module's
# effective POM (maven-help-plugin, so inheritance is resolved as Maven resolves it) and fails,
# naming the module and the field, unless:
#   - every published module (the parent, the BOM, the library jars) has a name, description, url,
#     license, scm (connection, developerConnection, url), developer and issue management, and its
#     url and scm url are the repository's own (Maven appends the artifactId to inherited ones
#     unless told not to);
#   - project.build.outputTimestamp is set (reproducible jars, see .ci/reproducible.sh);
#   - examples and benchmarks skip install and deploy, and the BOM lists every library module and
#     neither of them;
#   - each library jar module attaches a sources jar and a javadoc jar, and examples and
#     benchmarks do not: checked on */target when a build has run there (CI runs it after verify).
#
#   .ci/release-check.sh        # as CI runs it
#   .ci/release-check.sh -o     # extra arguments go to Maven (here: offline)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/mlops-release-check.XXXXXX")
trap 'rm -rf "$out"' EXIT

mvn -B -q "$@" org.apache.maven.plugins:maven-help-plugin:3.5.2:effective-pom \
  -Doutput="$out/effective.xml" >"$out/mvn.log" 2>&1 || { cat "$out/mvn.log"; exit 1; }

python3 - "$out/effective.xml" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET

REPO = "https://github.com/mlops4j/mlops4j"
UNPUBLISHED = {"mlops-examples", "mlops-benchmarks", "mlops-benchmarks-spark"}
DIRS = {"mlops-examples": "examples", "mlops-benchmarks": "benchmarks", "mlops-benchmarks-spark": "benchmarks/spark"}

text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", text)
text = re.sub(r'\sxsi:schemaLocation="[^"]*"', "", text)
root = ET.fromstring(text)
projects = root.findall("project") if root.tag == "projects" else [root]
problems = []
checked = []

def val(p, path):
    e = p.find(path)
    return None if e is None or e.text is None else e.text.strip()

for p in projects:
    a = val(p, "artifactId")
    packaging = val(p, "packaging") or "jar"
    props = p.find("properties")
    prop = (lambda k: None if props is None or props.find(k) is None else (props.find(k).text or "").strip())
    if a in UNPUBLISHED:
        for k in ("maven.install.skip", "maven.deploy.skip"):
            if prop(k) != "true":
                problems.append(f"{a}: {k} is {prop(k)!r}, must be true (never published)")
        continue
    checked.append(a)
    for path in ("name", "description", "url", "licenses/license/name", "licenses/license/url",
                 "scm/connection", "scm/developerConnection", "scm/url",
                 "developers/developer/name", "issueManagement/url"):
        if not val(p, path):
            problems.append(f"{a}: no {path}")
    for path in ("url", "scm/url"):
        v = val(p, path)
        if v and v.rstrip("/") != REPO:
            problems.append(f"{a}: {path} is {v}, expected {REPO} (an inherited url with the artifactId appended?)")
    for path in ("scm/connection", "scm/developerConnection"):
        v = val(p, path)
        if v and not v.endswith("mlops4j/mlops4j.git"):
            problems.append(f"{a}: {path} is {v}, expected the repository's .git address")
    if a != "mlops-bom" and not prop("project.build.outputTimestamp"):
        problems.append(f"{a}: project.build.outputTimestamp is not set")
    if a == "mlops-bom":
        managed = {val(d, "artifactId") for d in p.findall("dependencyManagement/dependencies/dependency")}
        libs = {val(q, "artifactId") for q in projects
                if (val(q, "packaging") or "jar") == "jar" and val(q, "artifactId") not in UNPUBLISHED}
        for missing in sorted(libs - managed):
            problems.append(f"mlops-bom: does not list {missing}")
        for extra in sorted(managed & UNPUBLISHED):
            problems.append(f"mlops-bom: lists {extra}, which is never published")

# Attached jars, where a build has run.
for p in projects:
    a = val(p, "artifactId")
    if (val(p, "packaging") or "jar") != "jar":
        continue
    d = DIRS.get(a, a)
    main = glob.glob(f"{d}/target/{a}-*.jar")
    if not main:
        continue
    has = {kind: bool(glob.glob(f"{d}/target/{a}-*-{kind}.jar")) for kind in ("sources", "javadoc")}
    for kind, present in has.items():
        if a in UNPUBLISHED and present:
            problems.append(f"{a}: builds a {kind} jar, but is never published")
        if a not in UNPUBLISHED and not present:
            problems.append(f"{a}: no {kind} jar in {d}/target after the build")

for pr in problems:
    print("RELEASE CHECK:", pr)
print(f"release metadata checked on {len(checked)} published modules "
      f"({', '.join(sorted(checked))}): {len(problems)} problems")
sys.exit(1 if problems else 0)
PY
