"""constructs_lambda: production-ready AWS CDK v2 constructs for AWS Lambda.

Functions, layers, permissions boundaries and provisioned-concurrency autoscaling, validated in Python
before anything reaches jsii or CloudFormation.
"""

from ._boundary import PermissionsBoundary
from ._bundling import PythonBundling
from ._edge_function import EdgeFunction
from ._errors import ConstructsLambdaError, ValidationError
from ._fleet import Fleet
from ._function import (
    DEFAULT_ALIAS_NAME,
    DEFAULT_ARCHITECTURE,
    DEFAULT_LOG_REMOVAL_POLICY,
    DEFAULT_LOG_RETENTION,
    DEFAULT_MEMORY_SIZE,
    DEFAULT_TIMEOUT,
    DEFAULT_TRACING,
    Function,
)
from ._function_url import function_url_origin_with_oac
from ._layer import Layer, PythonLayer
from ._managed_instances import ManagedInstances
from ._provisioned_concurrency import ProvisionedConcurrency, ScheduledCapacity
from ._runtimes import RuntimeInfo, runtime_info
from ._template_limits import enforce_template_limits

__all__ = [
    "DEFAULT_ALIAS_NAME",
    "DEFAULT_ARCHITECTURE",
    "DEFAULT_LOG_REMOVAL_POLICY",
    "DEFAULT_LOG_RETENTION",
    "DEFAULT_MEMORY_SIZE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TRACING",
    "ConstructsLambdaError",
    "EdgeFunction",
    "Fleet",
    "Function",
    "Layer",
    "ManagedInstances",
    "PermissionsBoundary",
    "ProvisionedConcurrency",
    "PythonBundling",
    "PythonLayer",
    "RuntimeInfo",
    "ScheduledCapacity",
    "ValidationError",
    "enforce_template_limits",
    "function_url_origin_with_oac",
    "runtime_info",
]
