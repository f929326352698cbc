#!/usr/bin/env python3
"""Prints the installed auditwheel's manylinux and musllinux policies as one JSON object, per
'<policy>_<arch>': {"nodes": {PREFIX: [..]}, "libraries": [..], "aliases": [..], "priority": N}.
The profile tests hold abidoctor's built-in profiles to this, an independent copy of the source."""
import json
import pathlib

import auditwheel

here = pathlib.Path(auditwheel.__file__).parent / "policy"
out = {"version": auditwheel.__version__ if hasattr(auditwheel, "__version__") else None, "policies": {}}
for name in ("manylinux-policy.json", "musllinux-policy.json"):
    for policy in json.loads((here / name).read_text()):
        if policy["name"] == "linux":
            continue
        for arch, nodes in policy["symbol_versions"].items():
            out["policies"][f"{policy['name']}_{arch}"] = {
                "nodes": {k: sorted(v) for k, v in nodes.items() if v},
                "libraries": sorted(policy["lib_whitelist"]),
                "aliases": [f"{a}_{arch}" for a in policy["aliases"]],
                "priority": policy["priority"],
            }
print(json.dumps(out))
