"""A local AWS endpoint (moto server on 127.0.0.1) that the real CDK CLI can bootstrap and deploy to.

Used by ``make deploy-local`` (``scripts/deploy_local.py``) and by the end-to-end tests in ``tests/e2e``.
Everything here works around how moto 5.2 differs from AWS; each workaround says why:

- ``AWS_ENDPOINT_URL`` names ``localhost``, not ``127.0.0.1``: the CLI passes CloudFormation a
  ``TemplateURL`` on the S3 endpoint, and moto reads the bucket from the URL's path only when the URL
  contains ``localhost`` (otherwise it takes the first label of the host, ``127``). The server itself
  listens on 127.0.0.1 only.
- ``cdk deploy`` gets ``CDK_DEPLOY_FLAGS``: ``--method=direct`` because moto's ``DeleteChangeSet``
  crashes when the change set does not exist (the CLI calls it before every update), and an explicit
  ``BootstrapVersion`` parameter because moto resolves ``UsePreviousValue`` only for parameters given
  explicitly when the stack was created.
- ``serve`` patches one moto bug before starting: on a stack update, ``Layers`` of an
  ``AWS::Lambda::Function`` arrive as moto's layer objects instead of ARNs, and the update fails.
- ``serve`` also registers ``AWS::Lambda::CapacityProvider`` with moto's CloudFormation. moto has no
  capacity providers (no Lambda API for them, no CloudFormation model): it skips the resource, and then
  the ``Fn::GetAtt [provider, Arn]`` in the ``CapacityProviderConfig`` of every function on it fails the
  whole stack ("Template error: instance of Fn::GetAtt references undefined resource"). The registered
  model only gives the resource a name and the ARN the service would give it
  (``arn:aws:lambda:REGION:ACCOUNT:capacity-provider:NAME``,
  https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProvider.html); nothing is created, and the
  Lambda API of the endpoint still knows no capacity provider.

Run ``python scripts/local_endpoint.py serve -p PORT`` to start a patched server by hand.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
BOOTSTRAP_QUALIFIER = "hnb659fds"
ASSETS_BUCKET = f"cdk-{BOOTSTRAP_QUALIFIER}-assets-{ACCOUNT}-{REGION}"
CDK_DEPLOY_FLAGS = (
    "--require-approval",
    "never",
    "--method=direct",
    "--parameters",
    f"BootstrapVersion=/cdk-bootstrap/{BOOTSTRAP_QUALIFIER}/version",
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def offline_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with no AWS credentials, profiles or config at all.

    What a CI job without an account sees: the CLI finds no credentials and does not wait for the EC2
    instance metadata service. The project's Python and pinned CDK CLI come first on ``PATH``.
    """
    env = {k: v for k, v in (base if base is not None else os.environ).items() if not k.startswith("AWS_")}
    env.update(
        {
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            "CDK_DISABLE_CLI_TELEMETRY": "true",
            "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
        }
    )
    bin_dirs = [str(ROOT / ".venv" / "bin"), str(ROOT / "node_modules" / ".bin")]
    env["PATH"] = os.pathsep.join([*bin_dirs, env.get("PATH", "")])
    return env


def endpoint_env(port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    """``offline_env(base)`` pointed at the local endpoint with moto's dummy credentials.

    Every AWS profile, session token and config file of the machine is dropped, so nothing can reach a
    real account by accident.
    """
    env = offline_env(base)
    env.update(
        {
            "AWS_ENDPOINT_URL": f"http://localhost:{port}",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
        }
    )
    return env


@contextlib.contextmanager
def local_endpoint(port: int | None = None, log: Path | None = None) -> Iterator[int]:
    """Run a patched moto server on 127.0.0.1 for the duration of the block; yield its port."""
    port = port or free_port()
    log_file = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "serve", "-H", HOST, "-p", str(port)],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            log_file.close()  # type: ignore[union-attr]


def _wait_until_up(port: int, process: subprocess.Popen[Any], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/moto-api/", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"moto server did not answer on {HOST}:{port} within {timeout} s")


def cdk(args: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    """Run the project's pinned CDK CLI; return its stdout, raise with stdout and stderr on failure."""
    result = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "cdk"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"cdk {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def _patch_moto() -> None:
    from moto.awslambda import models

    original = models.LambdaFunction._get_layers_data

    def _get_layers_data(self: Any, layers_versions_arns: list[Any]) -> Any:
        return original(self, [getattr(layer, "arn", layer) for layer in layers_versions_arns])

    models.LambdaFunction._get_layers_data = _get_layers_data  # type: ignore[method-assign]
    _register_capacity_provider()


def _register_capacity_provider() -> None:
    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel

    class CapacityProvider(CloudFormationModel):
        """A name and an ARN for CloudFormation to resolve; moto models nothing else of it."""

        # moto files every model under the service its module names (moto.<service>.…).
        __module__ = "moto.awslambda.capacity_provider"

        def __init__(self, name: str, account_id: str, region_name: str) -> None:
            self.physical_resource_id = name
            self.arn = f"arn:aws:lambda:{region_name}:{account_id}:capacity-provider:{name}"

        @staticmethod
        def cloudformation_name_type() -> str:
            return "CapacityProviderName"

        @staticmethod
        def cloudformation_type() -> str:
            return "AWS::Lambda::CapacityProvider"

        @classmethod
        def has_cfn_attr(cls, attr: str) -> bool:
            return attr == "Arn"

        def get_cfn_attribute(self, attribute_name: str) -> str:
            if attribute_name != "Arn":
                from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

                raise UnformattedGetAttTemplateException()
            return self.arn

        @classmethod
        def create_from_cloudformation_json(
            cls,
            resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
            **kwargs: Any,
        ) -> CapacityProvider:
            return cls(resource_name, account_id, region_name)

        def delete(self, account_id: str, region_name: str) -> None:
            """Nothing to delete: nothing was created."""

    # moto caches the list of CloudFormationModel subclasses on first use.
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()


def main(argv: Sequence[str]) -> int:
    """``serve [moto_server options]``: start the patched moto server in the foreground."""
    if not argv or argv[0] != "serve":
        print("usage: local_endpoint.py serve [-H HOST] [-p PORT]", file=sys.stderr)
        return 2
    _patch_moto()
    from moto.server import main as moto_main

    moto_main(list(argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
