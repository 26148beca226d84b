"""Reads an mlruns directory the way MLflow's file store does, without MLflow installed.

Usage: python3 read_filestore.py <mlruns>
Prints a JSON summary: experiments (id -> name), runs (id -> status, params, latest metrics by
MLflow's rule, tags), registered models (name -> versions, aliases). Fails loudly on anything
MLflow's reader would reject: meta.yaml that is not a mapping, a non-string experiment id, a
metric line that is not "timestamp value step".
"""
import json
import os
import sys

import yaml

RUN_STATUS = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}


def read_yaml(path):
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: not a mapping")
    return data


def key_files(root):
    out = {}
    if not os.path.isdir(root):
        return out
    for dirpath, _, files in os.walk(root):
        for name in files:
            full = os.path.join(dirpath, name)
            out[os.path.relpath(full, root).replace(os.sep, "/")] = full
    return out


def read_metric(path):
    values = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(" ")
            if len(parts) != 3:
                raise SystemExit(f"{path}: bad metric line {line!r}")
            values.append((int(parts[0]), float(parts[1]), int(parts[2])))
    # MLflow's latest value: the highest step, then timestamp, then value.
    latest = max(values, key=lambda v: (v[2], v[0], v[1]))
    return len(values), latest[1]


def main(root):
    summary = {"experiments": {}, "runs": {}, "models": {}}
    for entry in sorted(os.listdir(root)):
        exp_dir = os.path.join(root, entry)
        if entry == "models" or not os.path.isdir(exp_dir):
            continue
        meta = read_yaml(os.path.join(exp_dir, "meta.yaml"))
        if not isinstance(meta["experiment_id"], str) or meta["experiment_id"] != entry:
            raise SystemExit(f"{exp_dir}: experiment_id {meta['experiment_id']!r} does not name its directory")
        if meta["lifecycle_stage"] != "active":
            raise SystemExit(f"{exp_dir}: not active")
        summary["experiments"][entry] = meta["name"]
        for run_id in sorted(os.listdir(exp_dir)):
            run_dir = os.path.join(exp_dir, run_id)
            if not os.path.isdir(run_dir):
                continue
            rmeta = read_yaml(os.path.join(run_dir, "meta.yaml"))
            assert rmeta["run_uuid"] == run_id and rmeta["experiment_id"] == entry
            assert rmeta["artifact_uri"].startswith("file://")
            metrics = {}
            for key, path in key_files(os.path.join(run_dir, "metrics")).items():
                count, latest = read_metric(path)
                shown = latest if latest == latest and abs(latest) != float("inf") else repr(latest)
                metrics[key] = {"count": count, "latest": shown}
            params = {k: open(p, encoding="utf-8").read() for k, p in key_files(os.path.join(run_dir, "params")).items()}
            tags = {k: open(p, encoding="utf-8").read() for k, p in key_files(os.path.join(run_dir, "tags")).items()}
            artifacts = sorted(key_files(os.path.join(run_dir, "artifacts")).keys())
            summary["runs"][run_id] = {"status": RUN_STATUS[rmeta["status"]], "name": rmeta["run_name"],
                                       "start_time": rmeta["start_time"], "end_time": rmeta["end_time"],
                                       "params": params, "metrics": metrics, "tags": tags, "artifacts": artifacts}
    models_dir = os.path.join(root, "models")
    if os.path.isdir(models_dir):
        for name in sorted(os.listdir(models_dir)):
            mdir = os.path.join(models_dir, name)
            mmeta = read_yaml(os.path.join(mdir, "meta.yaml"))
            assert mmeta["name"] == name
            aliases = {k: int(open(p).read()) for k, p in key_files(os.path.join(mdir, "aliases")).items()}
            versions = {}
            for vdir in sorted(d for d in os.listdir(mdir) if d.startswith("version-")):
                vmeta = read_yaml(os.path.join(mdir, vdir, "meta.yaml"))
                assert vdir == f"version-{vmeta['version']}"
                vtags = {k: open(p, encoding="utf-8").read() for k, p in key_files(os.path.join(mdir, vdir, "tags")).items()}
                versions[str(vmeta["version"])] = {"status": vmeta["status"], "run_id": vmeta["run_id"],
                                                   "tags": vtags, "source": vmeta["source"]}
            summary["models"][name] = {"aliases": aliases, "versions": versions}
    json.dump(summary, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
