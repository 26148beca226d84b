"""Seeds a real MLflow server with MLflow's own Python client, and dumps what a tracking store holds
as MLflow's own Python client reads it, for RealMlflowExportTest.

    real_export.py seed URL WORKDIR          -> JSON: ids of what MLflow's client created
    real_export.py dump URL WORKDIR          -> JSON: everything the server holds
    real_export.py dump file:///mlruns WORKDIR -> JSON: everything the exported file store holds

A dump: experiments (name, tags), runs (info fields, tags, params, metric histories, artifact
SHA-256s), registered models (description, times, tags, aliases) and their versions (every field
of get_model_version, and the SHA-256s of the files behind the source, or why none were read).
"""
import hashlib
import json
import os
import sys
import tempfile

import mlflow
from mlflow.tracking import MlflowClient


def sha256_tree(path):
    """{relative path: sha256} of a file (its base name) or of every file below a directory."""
    out = {}
    if os.path.isfile(path):
        files = [(os.path.basename(path), path)]
    else:
        files = []
        for root, _, names in os.walk(path):
            for n in names:
                full = os.path.join(root, n)
                files.append((os.path.relpath(full, path).replace(os.sep, "/"), full))
    for rel, full in files:
        with open(full, "rb") as f:
            out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def seed(url, work):
    mlflow.set_tracking_uri(url)
    client = MlflowClient()
    mlflow.set_experiment("python-made")
    model_dir = os.path.join(work, "py-model")
    os.makedirs(os.path.join(model_dir, "data"), exist_ok=True)
    with open(os.path.join(model_dir, "MLmodel"), "w") as f:
        f.write("artifact_path: model\nflavors: {}\n")
    with open(os.path.join(model_dir, "data", "weights.bin"), "wb") as f:
        f.write(bytes(range(256)) * 4)
    with mlflow.start_run(run_name="python run") as run:
        mlflow.log_param("alpha", "0.5")
        for step in range(4):
            mlflow.log_metric("rmse", 1.0 / (step + 1), step=step)
        mlflow.set_tag("team", "py")
        mlflow.log_artifacts(model_dir, "model")
        run_id = run.info.run_id
        artifact_uri = run.info.artifact_uri
    name = "py-model"
    client.create_registered_model(name, tags={"owner": "python"}, description="made by MLflow's client")
    v1 = client.create_model_version(name, "runs:/%s/model" % run_id, run_id, tags={"kind": "runs-uri"})
    v2 = client.create_model_version(name, artifact_uri + "/model", run_id, description="proxy uri")
    v3 = client.create_model_version(name, "s3://mlops4j-test-nowhere/model", run_id)
    v4 = client.create_model_version(name, "mlflow-artifacts:/mlops4j-test-nothing/model", run_id)
    v5 = client.create_model_version(name, artifact_uri + "/model/MLmodel", run_id)
    v6 = client.create_model_version(name, "runs:/0123456789abcdef0123456789abcdef/model")
    client.set_registered_model_alias(name, "prod", v2.version)
    print(json.dumps({"run_id": run_id, "experiment_id": run.info.experiment_id, "model": name,
                      "versions": [v.version for v in (v1, v2, v3, v4, v5, v6)]}))


def dump(uri, work):
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    out = {"experiments": {}, "runs": {}, "models": {}}
    experiments = client.search_experiments()
    for e in experiments:
        out["experiments"][e.experiment_id] = {"name": e.name, "lifecycle_stage": e.lifecycle_stage,
                                               "tags": dict(e.tags)}
    ids = [e.experiment_id for e in experiments]
    for r in client.search_runs(ids, max_results=50000) if ids else []:
        info = r.info
        metrics = {}
        for key in r.data.metrics:
            history = client.get_metric_history(info.run_id, key)
            metrics[key] = sorted([[m.step, m.timestamp, repr(m.value)] for m in history])
        artifacts = {}
        if client.list_artifacts(info.run_id):  # an empty root would be fetched as a file
            artifacts = sha256_tree(client.download_artifacts(info.run_id, "", tempfile.mkdtemp(dir=work)))
        out["runs"][info.run_id] = {
            "experiment_id": info.experiment_id, "run_name": info.run_name, "user_id": info.user_id,
            "status": info.status, "start_time": info.start_time, "end_time": info.end_time,
            "lifecycle_stage": info.lifecycle_stage, "tags": dict(r.data.tags), "params": dict(r.data.params),
            "metrics": metrics, "artifacts": artifacts}
    for m in client.search_registered_models(max_results=1000):
        rm = client.get_registered_model(m.name)
        versions = {}
        for found in client.search_model_versions("name = '%s'" % m.name):
            v = client.get_model_version(m.name, found.version)
            entry = {"version": str(v.version), "source": v.source, "run_id": v.run_id, "status": v.status,
                     "status_message": v.status_message, "user_id": v.user_id, "description": v.description,
                     "creation_timestamp": v.creation_timestamp,
                     "last_updated_timestamp": v.last_updated_timestamp, "run_link": v.run_link,
                     "current_stage": v.current_stage, "tags": dict(v.tags), "aliases": sorted(v.aliases)}
            try:
                dst = tempfile.mkdtemp(dir=work)
                entry["files"] = sha256_tree(mlflow.artifacts.download_artifacts(artifact_uri=v.source,
                                                                                 dst_path=dst))
            except Exception as e:  # the dump says why, the test decides
                entry["files"] = None
                entry["files_error"] = type(e).__name__
            versions[str(v.version)] = entry
        out["models"][m.name] = {"description": rm.description, "tags": dict(rm.tags),
                                 "aliases": dict(rm.aliases), "creation_timestamp": rm.creation_timestamp,
                                 "last_updated_timestamp": rm.last_updated_timestamp, "versions": versions}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    command, target, workdir = sys.argv[1:4]
    if command == "seed":
        seed(target, workdir)
    elif command == "dump":
        dump(target, workdir)
    else:
        sys.exit("unknown command " + command)
