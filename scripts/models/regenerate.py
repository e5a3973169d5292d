#!/usr/bin/env python3
"""Regenerates data/aws-models/<service>.json from botocore's full AWS API models (service-2.json).

Keeps only what the offline request check needs: the input shapes of the operations below (and the output shapes
of OUTPUT_OPERATIONS) and the shapes they reach, with their constraints (type, members, required, min, max, pattern, enum, list/map member shapes, union,
document, idempotencyToken). No documentation text. The runtime reads only the committed files.

Usage: python3 scripts/models/regenerate.py   (needs botocore; the version found is recorded in each file)
"""
import datetime
import json
import os
import sys

import botocore
import botocore.loaders

# Operations dockyard and typical ECS programs send (keep in step with preview/aws/requests/).
OPERATIONS = {
    "ecs": ["CreateCluster", "CreateCapacityProvider", "PutClusterCapacityProviders", "RegisterTaskDefinition", "CreateService", "UpdateService"],
    "elbv2": ["CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule",
              "ModifyLoadBalancerAttributes", "ModifyTargetGroupAttributes"],
    "servicediscovery": ["CreatePrivateDnsNamespace", "CreatePublicDnsNamespace", "CreateHttpNamespace", "CreateService"],
    "ecr": ["CreateRepository", "PutLifecyclePolicy", "SetRepositoryPolicy"],
    "iam": ["CreateRole", "PutRolePolicy", "AttachRolePolicy", "CreatePolicy"],
    "logs": ["CreateLogGroup", "PutRetentionPolicy"],
    "application-autoscaling": ["RegisterScalableTarget", "PutScalingPolicy"],
    "ec2": ["CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
            "CreateVpcEndpoint", "CreateVpc", "CreateSubnet"],
    "cloudwatch": ["PutMetricAlarm"],
}
# Operations whose *output* shapes are kept too: the deployment verifier reads DescribeServices, and its
# recorded test responses are validated against AWS's output shape (components/deployment-verifier/).
OUTPUT_OPERATIONS = {
    "ecs": ["DescribeServices"],
}

SHAPE_KEYS = ("type", "required", "min", "max", "pattern", "enum", "union", "document")
MEMBER_KEYS = ("idempotencyToken",)


def member_ref(ref):
    out = {"shape": ref["shape"]}
    for key in MEMBER_KEYS:
        if ref.get(key):
            out[key] = ref[key]
    return out


def extract(model, operations, output_operations=()):
    shapes = model["shapes"]
    kept = {}

    def walk(name):
        if name in kept:
            return
        shape = shapes[name]
        out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
        kept[name] = out
        if "members" in shape:
            out["members"] = {m: member_ref(ref) for m, ref in shape["members"].items()}
            for ref in shape["members"].values():
                walk(ref["shape"])
        for key in ("member", "key", "value"):
            if key in shape:
                out[key] = member_ref(shape[key])
                walk(shape[key]["shape"])

    ops = {}
    for op in list(operations) + [o for o in output_operations if o not in operations]:
        definition = model["operations"][op]
        ops[op] = {"input": definition["input"]["shape"]} if "input" in definition else {}
        if "input" in definition:
            walk(definition["input"]["shape"])
        if op in output_operations and "output" in definition:
            ops[op]["output"] = definition["output"]["shape"]
            walk(definition["output"]["shape"])
    return ops, dict(sorted(kept.items()))


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out_dir = os.path.join(root, "data", "aws-models")
    os.makedirs(out_dir, exist_ok=True)
    loader = botocore.loaders.Loader()
    botocore_dir = os.path.dirname(botocore.__file__)
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    for service, operations in OPERATIONS.items():
        model, path = loader.load_service_model(service, "service-2"), None
        api_version = model["metadata"]["apiVersion"]
        for candidate in ("service-2.json", "service-2.json.gz"):
            full = os.path.join(botocore_dir, "data", service, api_version, candidate)
            if os.path.exists(full):
                path = os.path.relpath(full, os.path.dirname(botocore_dir))
        ops, shapes = extract(model, operations, OUTPUT_OPERATIONS.get(service, ()))
        document = {
            "source": {
                "package": "botocore",
                "version": botocore.__version__,
                "file": path,
                "apiVersion": api_version,
                "protocol": model["metadata"].get("protocol"),
                "serviceId": model["metadata"].get("serviceId"),
                "licence": "Apache-2.0 (AWS API models as distributed in botocore)",
            },
            "generated": generated,
            "generator": "scripts/models/regenerate.py",
            "operations": ops,
            "shapes": shapes,
        }
        target = os.path.join(out_dir, f"{service}.json")
        with open(target, "w", encoding="utf-8") as f:
            # One shape per line: readable diffs when AWS changes a constraint.
            f.write("{\n")
            for key in ("source", "generated", "generator", "operations"):
                f.write(f"  {json.dumps(key)}: {json.dumps(document[key], separators=(', ', ': '))},\n")
            f.write('  "shapes": {\n')
            items = list(shapes.items())
            for i, (name, shape) in enumerate(items):
                comma = "," if i < len(items) - 1 else ""
                f.write(f"    {json.dumps(name)}: {json.dumps(shape, separators=(',', ':'))}{comma}\n")
            f.write("  }\n}\n")
        print(f"{os.path.relpath(target, root)}: {len(ops)} operations, {len(shapes)} shapes ({path})", file=sys.stderr)


if __name__ == "__main__":
    main()
