"""The facts the deploy preflight judges templates by: which properties replace a resource, which ones a
Lambda version locks, and which name properties make a replacement fail.

Each table names the public page it comes from. The replacement facts are the "Update requires:
Replacement" lines of the CloudFormation template reference (the same ``createOnlyProperties`` the
resource provider schemas list).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

CFN_REFERENCE: Final = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"

FUNCTION: Final = "AWS::Lambda::Function"
ALIAS: Final = "AWS::Lambda::Alias"
VERSION: Final = "AWS::Lambda::Version"
PERMISSION: Final = "AWS::Lambda::Permission"
LAYER_VERSION: Final = "AWS::Lambda::LayerVersion"
LOG_GROUP: Final = "AWS::Logs::LogGroup"
ROLE: Final = "AWS::IAM::Role"
SCALABLE_TARGET: Final = "AWS::ApplicationAutoScaling::ScalableTarget"
SCALING_POLICY: Final = "AWS::ApplicationAutoScaling::ScalingPolicy"
LOG_RETENTION: Final = "Custom::LogRetention"

_PAGES: Final[Mapping[str, str]] = {
    FUNCTION: "aws-resource-lambda-function.html",
    ALIAS: "aws-resource-lambda-alias.html",
    VERSION: "aws-resource-lambda-version.html",
    PERMISSION: "aws-resource-lambda-permission.html",
    LAYER_VERSION: "aws-resource-lambda-layerversion.html",
    LOG_GROUP: "aws-resource-logs-loggroup.html",
    ROLE: "aws-resource-iam-role.html",
    SCALABLE_TARGET: "aws-resource-applicationautoscaling-scalabletarget.html",
    SCALING_POLICY: "aws-resource-applicationautoscaling-scalingpolicy.html",
}


def reference_url(resource_type: str) -> str:
    """The CloudFormation template reference page of ``resource_type`` (the index for unknown types)."""
    return CFN_REFERENCE + _PAGES.get(resource_type, "aws-template-resource-type-ref.html")


#: Properties whose change replaces the resource ("Update requires: Replacement" on each type's page).
#: Function: FunctionName, PackageType and TenancyConfig; Alias: FunctionName and Name; LogGroup:
#: LogGroupName; Role: RoleName and Path; ScalableTarget and ScalingPolicy: their identifiers.
REPLACING_PROPERTIES: Final[Mapping[str, tuple[str, ...]]] = {
    FUNCTION: ("FunctionName", "PackageType", "TenancyConfig"),
    ALIAS: ("FunctionName", "Name"),
    LOG_GROUP: ("LogGroupName",),
    ROLE: ("Path", "RoleName"),
    SCALABLE_TARGET: ("ResourceId", "ScalableDimension", "ServiceNamespace"),
    SCALING_POLICY: ("PolicyName", "ResourceId", "ScalableDimension", "ScalingTargetId", "ServiceNamespace"),
}

#: Types CloudFormation cannot update at all: every property change is a replacement (the Version,
#: LayerVersion and Permission pages mark each property "Update requires: Replacement").
ALL_PROPERTIES_REPLACE: Final = frozenset({VERSION, LAYER_VERSION, PERMISSION})

#: Function settings that replace the function when added or removed, while a change inside them updates
#: in place (the resource schema lists DurableConfig as conditionally create-only; a function moves onto or
#: off Lambda Managed Instances only by being created again).
ADD_REMOVE_REPLACES: Final[Mapping[str, tuple[str, ...]]] = {
    FUNCTION: ("DurableConfig", "CapacityProviderConfig"),
}

#: The function settings fixed at creation, reported as create-only findings.
CREATE_ONLY_FUNCTION_SETTINGS: Final = ("CapacityProviderConfig", "DurableConfig", "TenancyConfig")

#: The property that gives a resource a fixed name. CloudFormation creates the replacement before it
#: deletes the old resource, so a replacement that keeps the name fails ("If you specify a name, you cannot
#: perform updates that require replacement of this resource", on each page).
FIXED_NAME_PROPERTY: Final[Mapping[str, str]] = {
    FUNCTION: "FunctionName",
    ALIAS: "Name",
    LOG_GROUP: "LogGroupName",
    ROLE: "RoleName",
}
# Not LayerVersion: a new AWS::Lambda::LayerVersion with the same LayerName publishes the layer's next
# version, which succeeds.

#: Function properties a published version locks, so changing one publishes a new version. This is
#: aws-cdk-lib's own list (``VERSION_LOCKED`` in
#: https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-lambda/lib/function-hash.ts), which
#: decides when ``fn.current_version`` gets a new logical ID; see also
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html.
VERSION_LOCKED: Final = frozenset(
    {
        "Architectures",
        "CapacityProviderConfig",
        "Code",
        "DeadLetterConfig",
        "Description",
        "DurableConfig",
        "Environment",
        "EphemeralStorage",
        "FileSystemConfigs",
        "FunctionName",
        "FunctionScalingConfig",
        "Handler",
        "ImageConfig",
        "KmsKeyArn",
        "Layers",
        "LoggingConfig",
        "MemorySize",
        "PackageType",
        "PublishToLatestPublished",
        "RecursiveLoop",
        "Role",
        "Runtime",
        "RuntimeManagementConfig",
        "SnapStart",
        "Timeout",
        "TracingConfig",
        "VpcConfig",
    }
)

#: Lambda's architecture when ``Architectures`` is absent
#: (https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html).
DEFAULT_ARCHITECTURE: Final = "x86_64"

#: An alias whose logical ID changes while its name stays fails: Lambda refuses a second alias of the same
#: name on the function.
ISSUE_ALIAS_NAME_COLLISION: Final = "https://github.com/aws/aws-cdk/issues/27884"
#: A Version whose logical ID changes while the function does not fails: Lambda has nothing new to publish.
ISSUE_VERSION_EXISTS: Final = "https://github.com/aws/aws-cdk/issues/26739"
#: Removing a ScalableTarget leaves the provisioned concurrency it last set on the alias.
ISSUE_SCALING_NOT_CLEANED_UP: Final = "https://github.com/aws/aws-cdk/issues/31507"
