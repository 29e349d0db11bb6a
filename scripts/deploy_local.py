"""``make deploy-local``: deploy the reference app to a local moto endpoint, no AWS account needed.

Starts moto on 127.0.0.1, runs ``cdk bootstrap`` and ``cdk deploy --all`` with the pinned CLI, prints what
was created (functions, layers, roles and their permissions boundaries, log groups) and stops the
endpoint. ``--keep`` leaves it running so you can look around with the AWS CLI or boto3 (the command to
point them at it is printed); stop it with Ctrl-C.

Options: ``--port N`` (default: a free port), ``--keep``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from scripts.local_endpoint import ACCOUNT, CDK_DEPLOY_FLAGS, REGION, ROOT, cdk, endpoint_env, local_endpoint


def describe(port: int) -> str:
    """What the endpoint holds now, one line per resource."""
    import boto3

    env = endpoint_env(port)
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=REGION,
    )
    url = env["AWS_ENDPOINT_URL"]
    lam, iam, logs = (session.client(s, endpoint_url=url) for s in ("lambda", "iam", "logs"))
    lines = []
    for fn in lam.list_functions()["Functions"]:
        lines.append(
            f"function  {fn['FunctionName']}  {fn['Runtime']}  {fn['MemorySize']} MiB  {fn['Timeout']} s"
        )
    for layer in lam.list_layers()["Layers"]:
        lines.append(f"layer     {layer['LatestMatchingVersion']['LayerVersionArn']}")
    for role in iam.list_roles()["Roles"]:
        if role["RoleName"].startswith("cdk-"):
            continue  # the bootstrap stack's roles
        boundary = iam.get_role(RoleName=role["RoleName"])["Role"].get("PermissionsBoundary", {})
        lines.append(
            f"role      {role['RoleName']}  boundary={boundary.get('PermissionsBoundaryArn', 'NONE')}"
        )
    for group in logs.describe_log_groups()["logGroups"]:
        lines.append(f"log group {group['logGroupName']}  retention={group.get('retentionInDays')} days")
    return "\n".join(lines)


def main() -> int:
    """Deploy the reference app locally; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the endpoint running until Ctrl-C")
    args = parser.parse_args()
    with local_endpoint(args.port) as port:
        env = endpoint_env(port)
        print(f"==> moto endpoint on http://127.0.0.1:{port} (account {ACCOUNT}, region {REGION})")
        print("==> cdk bootstrap")
        cdk(["bootstrap", f"aws://{ACCOUNT}/{REGION}"], cwd=ROOT, env=env)
        print("==> cdk deploy --all")
        cdk(["deploy", "--all", *CDK_DEPLOY_FLAGS], cwd=ROOT, env=env)
        print(describe(port))
        if args.keep:
            print(f"\nexport AWS_ENDPOINT_URL=http://localhost:{port} AWS_ACCESS_KEY_ID=testing ", end="")
            print(f"AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION={REGION}\nCtrl-C stops the endpoint.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
