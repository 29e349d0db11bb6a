"""The corpus: small CDK apps written the way users write them with the plain ``aws_lambda.Function``.

Every app is a ``build(stack, function_cls)`` that creates each function as ``function_cls(stack, id, ...)``.
The harness runs it once with ``aws_lambda.Function`` and once with ``constructs_lambda.Function``;
``library_kwargs`` adds keywords (by function construct ID) to the library run only, for features the L2
does not have, such as ``provisioned_concurrency``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import constructs_lambda as cl

from . import (
    cloudfront_edge,
    codedeploy_canary,
    durable,
    efs_vpc,
    eventbridge,
    function_url,
    http_api,
    powertools_layer,
    queue_topic,
    rest_api,
    runtimes,
    s3_events,
    step_functions,
    stream_filters,
)
from ._common import Build, FunctionClass

__all__ = ["APPS", "Build", "CorpusApp", "FunctionClass"]

DEFAULT_REGION = "eu-west-1"
# Lambda@Edge functions are created in us-east-1 (CloudFront replicates them from there).
EDGE_REGION = "us-east-1"


@dataclass(frozen=True, kw_only=True, slots=True)
class CorpusApp:
    """One app of the corpus.

    Attributes:
        name: Short name, used as test ID and stack name.
        build: Builds the app into a stack with the given function class.
        region: Region of the app's stack. Default: ``eu-west-1``.
        library_kwargs: Extra keywords for the library run, by function construct ID. Default: - none.
    """

    name: str
    build: Build
    region: str = DEFAULT_REGION
    library_kwargs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def _provisioned(*function_ids: str) -> Mapping[str, Mapping[str, Any]]:
    """Autoscaled provisioned concurrency on the functions' aliases, as a production app configures it."""
    scaling = cl.ProvisionedConcurrency(min_capacity=1, max_capacity=5)
    return {function_id: {"provisioned_concurrency": scaling} for function_id in function_ids}


APPS: tuple[CorpusApp, ...] = (
    CorpusApp(name="rest_api", build=rest_api.build, library_kwargs=_provisioned("Reader")),
    CorpusApp(name="http_api", build=http_api.build, library_kwargs=_provisioned("Items")),
    CorpusApp(name="queue_topic", build=queue_topic.build, library_kwargs=_provisioned("Worker", "Notifier")),
    CorpusApp(name="s3_events", build=s3_events.build, library_kwargs=_provisioned("Thumbnailer")),
    CorpusApp(name="eventbridge", build=eventbridge.build, library_kwargs=_provisioned("Auditor")),
    CorpusApp(
        name="stream_filters",
        build=stream_filters.build,
        library_kwargs=_provisioned("Purchases", "NewOrders"),
    ),
    CorpusApp(name="step_functions", build=step_functions.build, library_kwargs=_provisioned("Charge")),
    CorpusApp(name="efs_vpc", build=efs_vpc.build),
    CorpusApp(name="cloudfront_edge", build=cloudfront_edge.build, region=EDGE_REGION),
    CorpusApp(name="codedeploy_canary", build=codedeploy_canary.build),
    CorpusApp(name="powertools_layer", build=powertools_layer.build),
    CorpusApp(name="durable", build=durable.build),
    CorpusApp(name="function_url", build=function_url.build, library_kwargs=_provisioned("Webhook")),
    CorpusApp(name="runtimes", build=runtimes.build),
)
