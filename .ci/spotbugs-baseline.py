#!/usr/bin/env python3
"""Adds the SpotBugs findings of the last build to .ci/spotbugs-baseline.xml.

The build runs SpotBugs (spotbugs-maven-plugin `check`, at verify) with that file as its exclude
filter, so only findings that are not in it fail the build. To accept findings on purpose (say, after
looking at each), run the analysis without failing, then this script, and commit the file:

    mvn -B -o verify -DskipTests -Dspotbugs.failOnError=false
    python3 .ci/spotbugs-baseline.py

Each finding becomes one <Match> of its class, its method or field, and its bug pattern, so the same
pattern elsewhere in the class is still reported. Entries already in the file are kept.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINE = os.path.join(ROOT, ".ci", "spotbugs-baseline.xml")


def key_of_match(m):
    parts = {child.tag: child.get("name") or child.get("pattern") for child in m}
    return (parts.get("Class"), parts.get("Method"), parts.get("Field"), parts.get("Bug"))


def key_of_bug(b):
    cls = next(c.get("classname") for c in b.findall("Class") if c.get("primary") == "true") \
        if any(c.get("primary") == "true" for c in b.findall("Class")) else b.find("Class").get("classname")
    method = next((m.get("name") for m in b.findall("Method") if m.get("primary") == "true"), None)
    field = next((f.get("name") for f in b.findall("Field") if f.get("primary") == "true"), None)
    if method is None and field is None:
        method = next((m.get("name") for m in b.findall("Method")), None)
    return (cls, method, field, b.get("type"))


def main():
    keys = set()
    if os.path.exists(BASELINE):
        for m in ET.parse(BASELINE).getroot().findall("Match"):
            keys.add(key_of_match(m))
    before = len(keys)
    reports = glob.glob(os.path.join(ROOT, "*", "target", "spotbugsXml.xml"))
    if not reports:
        sys.exit("no */target/spotbugsXml.xml: run the build first (see this script's comment)")
    for report in reports:
        for b in ET.parse(report).getroot().findall("BugInstance"):
            keys.add(key_of_bug(b))
    root = ET.Element("FindBugsFilter")
    root.text = "\n  "
    ordered = sorted(keys, key=lambda k: tuple(x or "" for x in k))
    for i, (cls, method, field, pattern) in enumerate(ordered):
        m = ET.SubElement(root, "Match")
        m.text = "\n    "
        ET.SubElement(m, "Class", name=cls).tail = "\n    "
        if method is not None:
            ET.SubElement(m, "Method", name=method).tail = "\n    "
        if field is not None:
            ET.SubElement(m, "Field", name=field).tail = "\n    "
        ET.SubElement(m, "Bug", pattern=pattern).tail = "\n  "
        m.tail = "\n  " if i < len(ordered) - 1 else "\n"
    with open(BASELINE, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write("<!-- SpotBugs findings accepted so far: the build fails only on others. Written by\n"
                  "     .ci/spotbugs-baseline.py; see docs/testing.md. -->\n")
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")
    print(f"{len(keys)} entries in {os.path.relpath(BASELINE, ROOT)} ({len(keys) - before} added)")


if __name__ == "__main__":
    main()
