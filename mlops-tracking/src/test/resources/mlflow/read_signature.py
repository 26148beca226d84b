"""Reads an exported model directory with MLflow's own Python client and prints, as JSON, the
signature MLflow sees (its to_dict form, with the inputs and outputs parsed) and its input example
as a one-row record. Usage: read_signature.py <model directory>."""
import json
import sys

from mlflow.models import Model

directory = sys.argv[1]
model = Model.load(directory)
signature = model.signature
out = {
    "signature": None if signature is None else {
        "inputs": json.loads(signature.to_dict()["inputs"]),
        "outputs": json.loads(signature.to_dict()["outputs"]),
        "input_names": signature.inputs.input_names(),
    },
    "example": None,
}
example = model.load_input_example(directory)
if example is not None:
    record = example.to_dict(orient="records")[0]
    out["example"] = {k: (None if v != v else v) for k, v in record.items()}
    out["example_columns"] = list(example.columns)
print(json.dumps(out, default=lambda v: v.item() if hasattr(v, "item") else str(v)))
