#!/usr/bin/env python3
"""Regenerates stacks/data/aws-regions.json from the installed botocore's partitions.json (AWS's own region list).

Run: python3 scripts/regen-aws-regions.py   (then commit the data file; the program reads only that file).
Pseudo-regions such as "aws-global" are left out: they are endpoint aliases, not places to run a stack.
"""
import datetime
import json
import os

import botocore

SOURCE = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "stacks", "data", "aws-regions.json")


def main() -> None:
    with open(SOURCE, encoding="utf-8") as f:
        partitions = json.load(f)["partitions"]
    regions = {}
    for partition in partitions:
        for name, info in sorted(partition["regions"].items()):
            if name.endswith("-global"):
                continue
            regions[name] = {"partition": partition["id"], "description": info.get("description", "")}
    data = {
        "source": "botocore/data/partitions.json",
        "botocoreVersion": botocore.__version__,
        "licence": "Apache-2.0 (botocore, Copyright Amazon.com, Inc. or its affiliates)",
        "generated": datetime.date.today().isoformat(),
        "regions": dict(sorted(regions.items())),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print(f"wrote {len(regions)} regions to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
