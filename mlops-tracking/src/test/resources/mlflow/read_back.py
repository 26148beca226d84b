"""Reads back, with MLflow's own Python client, what mlops4j wrote to a real MLflow server.

Usage: python3 read_back.py URL DOWNLOAD_DIR [--experiment NAME] [--model NAME]... [--downloads]
Prints one JSON document with
- for --experiment: the experiment and its runs (info, params, tags, every metric's full history,
  every artifact's listed size and the SHA-256 of its downloaded bytes);
- for each --model: its tags, aliases and versions (each read with get, which fills aliases);
- with --downloads, also per model: the version behind the alias champion, and the files (with
  SHA-256s) that mlflow.artifacts.download_artifacts fetches for models:/<name>@champion and
  models:/<name>/1, with the flavors and size of their MLmodel file as mlflow.models.Model.load reads them
  and the registered_model_meta file MLflow's client adds to a model directory it recognises.
Non-finite numbers are written as strings ("NaN", "Infinity", "-Infinity") to keep the JSON strict.
"""
import argparse
import hashlib
import json
import math
import os
import sys

import mlflow
import yaml
from mlflow.entities import ViewType
from mlflow.models import Model
from mlflow.tracking import MlflowClient


def number(x):
    return x if math.isfinite(x) else ("NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity"))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def files_under(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            full = os.path.join(dirpath, name)
            out[os.path.relpath(full, root).replace(os.sep, "/")] = sha256(full)
    return out


def listed_artifacts(client, run_id, path=None):
    out = {}
    for info in client.list_artifacts(run_id, path):
        if info.is_dir:
            out.update(listed_artifacts(client, run_id, info.path))
        else:
            out[info.path] = info.file_size
    return out


def read_run(client, run, download_dir):
    run_id = run.info.run_id
    listed = listed_artifacts(client, run_id)
    hashes = {}
    if listed:  # MLflow's client cannot download the root of a run without artifacts (HTTP 500)
        hashes = files_under(mlflow.artifacts.download_artifacts(run_id=run_id,
                                                                 dst_path=os.path.join(download_dir, run_id)))
    artifacts = {p: {"size": size, "sha256": hashes.get(p)} for p, size in listed.items()}
    history = {}
    for key in run.data.metrics:
        history[key] = [{"step": m.step, "timestamp": m.timestamp, "value": number(m.value)}
                        for m in client.get_metric_history(run_id, key)]
    return {"name": run.info.run_name, "status": run.info.status, "start_time": run.info.start_time,
            "end_time": run.info.end_time, "experiment_id": run.info.experiment_id,
            "params": run.data.params, "tags": run.data.tags, "metrics": history, "artifacts": artifacts}


def download_model(uri, dst):
    local = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=dst)
    mlmodel = Model.load(local)
    # MLflow's client adds registered_model_meta (name, version) to a model directory it recognised.
    with open(os.path.join(local, "registered_model_meta"), encoding="utf-8") as f:
        meta = yaml.safe_load(f)
    return {"files": files_under(local), "mlmodel_flavors": mlmodel.flavors,
            "mlmodel_size_bytes": mlmodel.model_size_bytes, "registered_model_meta": meta}


def read_model(client, name, download_dir, downloads):
    model = client.get_registered_model(name)
    versions = {}
    for found in client.search_model_versions(f"name = '{name}'"):
        v = client.get_model_version(name, found.version)  # get fills aliases; search does not
        versions[v.version] = {"source": v.source, "run_id": v.run_id, "description": v.description,
                               "status": v.status, "tags": v.tags, "aliases": sorted(v.aliases)}
    out = {"tags": model.tags, "aliases": model.aliases, "versions": versions}
    if downloads:
        out["champion_version"] = client.get_model_version_by_alias(name, "champion").version
        out["download_champion"] = download_model(f"models:/{name}@champion",
                                                  os.path.join(download_dir, name, "champion"))
        out["download_version_1"] = download_model(f"models:/{name}/1", os.path.join(download_dir, name, "1"))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("download_dir")
    parser.add_argument("--experiment")
    parser.add_argument("--model", action="append", default=[])
    parser.add_argument("--downloads", action="store_true")
    args = parser.parse_args()
    mlflow.set_tracking_uri(args.url)
    mlflow.set_registry_uri(args.url)
    client = MlflowClient(args.url)
    doc = {"models": {name: read_model(client, name, args.download_dir, args.downloads) for name in args.model}}
    if args.experiment:
        experiment = client.get_experiment_by_name(args.experiment)
        runs = client.search_runs([experiment.experiment_id], run_view_type=ViewType.ALL)
        doc["experiment"] = {"id": experiment.experiment_id, "name": experiment.name,
                             "lifecycle_stage": experiment.lifecycle_stage}
        doc["runs"] = {r.info.run_id: read_run(client, r, args.download_dir) for r in runs}
    json.dump(doc, sys.stdout, sort_keys=True, allow_nan=False)


if __name__ == "__main__":
    main()
