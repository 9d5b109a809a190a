"""Count what a client generated from an OpenAPI document loses (issue 25's figures), for a document file.

Not a test (tests/api/test_generated_client.py is). Generates a Python client with openapi-python-client (the
venv's) into a temporary folder and counts:
- nullable references: properties that may be null and name a model; and the classes the generator makes for a
  choice of a union (``..._type_0``), where an untyped one such as ``ShiftItemOrganisationType0Type0`` takes the
  place of the model;
- the error statuses per operation the document lists (besides ``default``), and the header parameters;
- the generator's warnings.

    python bench/api/generated_client.py DOCUMENT.json
    # the served document of a tree: python -c "..." (see bench/RESULTS.md)
"""
from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def nullable_refs(document: dict) -> list[tuple[str, str]]:
    found = []
    for name, schema in document["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            choices = prop.get("anyOf", []) + prop.get("allOf", []) + prop.get("oneOf", [])
            if any("$ref" in c for c in choices) and (prop.get("nullable") or any(c.get("nullable") for c in choices)):
                found.append((name, field))
    return found


def main(path: str) -> None:
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    refs = nullable_refs(document)
    errors, headers = collections.Counter(), collections.Counter()
    operations = 0
    for item in document["paths"].values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            operations += 1
            errors.update(s for s in operation["responses"] if s[0] in "45")
            headers.update(p["name"] for p in operation.get("parameters", []) if p.get("in") == "header")
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder, "config.json")
        config.write_text(json.dumps({"post_hooks": []}), encoding="utf-8")
        generator = os.path.join(os.path.dirname(sys.executable), "openapi-python-client")
        run = subprocess.run([generator, "generate", "--path", path, "--config", str(config), "--meta", "none",
                              "--output-path", str(Path(folder, "client"))], capture_output=True, text=True,
                             check=True)
        models = Path(folder, "client", "models")
        untyped = sorted(p.stem for p in models.glob("*_type_0*.py"))
    print(f"operations: {operations}")
    print(f"nullable references: {len(refs)}; generated ...Type0 classes (a choice of a union): {len(untyped)} "
          f"{untyped}")
    print(f"error statuses listed (operations): {dict(sorted(errors.items()))}")
    print(f"header parameters (operations): {dict(sorted(headers.items()))}")
    print(f"generator warnings: {run.stdout.count('Warning') + run.stderr.count('Warning')}")


if __name__ == "__main__":
    main(sys.argv[1])
