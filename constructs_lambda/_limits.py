"""Every AWS service limit the library enforces, each naming the public page it comes from.

``SOURCES`` is the one list of those pages: AWS documentation a maintainer can open and re-check. Each
limit's comment names its source keys in brackets (``[lambda-quotas]``); a test checks that every key
cited here is in ``SOURCES``, that every entry is cited, and that the README's limits table links only to
these pages. Where the CloudFormation schema allows more than a standard function may use (its maxima for
memory, ephemeral storage and timeout are those of Lambda Managed Instances), the standard-function limit
applies.

Naming: ``<THING>_MIN_<UNIT>`` / ``<THING>_MAX_<UNIT>`` with the unit spelled out (``MIB``, ``GIB``,
``SECONDS``, ``DAYS``, ``BYTES``, ``LENGTH`` for characters, ``COUNT`` for items, ``FRACTION`` for a ratio,
``PERCENT``); patterns are ``<THING>_PATTERN``. The library's own opinions are not limits: they stay
next to the code that applies them, named ``DEFAULT_*``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

_LAMBDA_GUIDE: Final = "https://docs.aws.amazon.com/lambda/latest/dg/"
_LAMBDA_API: Final = "https://docs.aws.amazon.com/lambda/latest/api/"
_CFN_REFERENCE: Final = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
_AUTOSCALING: Final = "https://docs.aws.amazon.com/autoscaling/application/"

SOURCES: Final[Mapping[str, str]] = {
    # Lambda developer guide
    "lambda-quotas": _LAMBDA_GUIDE + "gettingstarted-limits.html",
    "lambda-memory": _LAMBDA_GUIDE + "configuration-memory.html",
    "lambda-timeout": _LAMBDA_GUIDE + "configuration-timeout.html",
    "lambda-ephemeral-storage": _LAMBDA_GUIDE + "configuration-ephemeral-storage.html",
    "lambda-environment": _LAMBDA_GUIDE + "configuration-envvars.html",
    "lambda-handler-python": _LAMBDA_GUIDE + "python-handler.html",
    "lambda-handler-nodejs": _LAMBDA_GUIDE + "nodejs-handler.html",
    "lambda-handler-java": _LAMBDA_GUIDE + "java-handler.html",
    "lambda-handler-dotnet": _LAMBDA_GUIDE + "csharp-handler.html",
    "lambda-handler-ruby": _LAMBDA_GUIDE + "ruby-handler.html",
    "lambda-layers": _LAMBDA_GUIDE + "chapter-layers.html",
    "lambda-layer-paths": _LAMBDA_GUIDE + "packaging-layers.html",
    "lambda-architectures": _LAMBDA_GUIDE + "foundation-arch.html",
    "lambda-reserved-concurrency": _LAMBDA_GUIDE + "configuration-concurrency.html",
    "lambda-provisioned-concurrency": _LAMBDA_GUIDE + "provisioned-concurrency.html",
    "lambda-async": _LAMBDA_GUIDE + "invocation-async-configuring.html",
    "lambda-snapstart": _LAMBDA_GUIDE + "snapstart.html",
    "lambda-efs": _LAMBDA_GUIDE + "configuration-filesystem.html",
    "lambda-alias-routing": _LAMBDA_GUIDE + "configuring-alias-routing.html",
    "lambda-durable-configuration": _LAMBDA_GUIDE + "durable-configuration.html",
    "lambda-durable-security": _LAMBDA_GUIDE + "durable-security.html",
    "lambda-tenant-isolation": _LAMBDA_GUIDE + "tenant-isolation.html",
    "lambda-managed-instances-best-practices": _LAMBDA_GUIDE + "lambda-managed-instances-best-practices.html",
    # Lambda API reference
    "lambda-api-create-function": _LAMBDA_API + "API_CreateFunction.html",
    "lambda-api-create-alias": _LAMBDA_API + "API_CreateAlias.html",
    "lambda-api-event-invoke-config": _LAMBDA_API + "API_PutFunctionEventInvokeConfig.html",
    "lambda-api-provisioned-concurrency": _LAMBDA_API + "API_PutProvisionedConcurrencyConfig.html",
    "lambda-api-account-limit": _LAMBDA_API + "API_AccountLimit.html",
    "lambda-api-capacity-provider-scaling": _LAMBDA_API + "API_CapacityProviderScalingConfig.html",
    "lambda-api-managed-instances-config": _LAMBDA_API
    + "API_LambdaManagedInstancesCapacityProviderConfig.html",
    # CloudFormation resource reference
    "cfn-function": _CFN_REFERENCE + "aws-resource-lambda-function.html",
    "cfn-function-vpc-config": _CFN_REFERENCE + "aws-properties-lambda-function-vpcconfig.html",
    "cfn-function-file-system-config": _CFN_REFERENCE
    + "aws-properties-lambda-function-filesystemconfig.html",
    "cfn-function-logging-config": _CFN_REFERENCE + "aws-properties-lambda-function-loggingconfig.html",
    "cfn-function-durable-config": _CFN_REFERENCE + "aws-properties-lambda-function-durableconfig.html",
    "cfn-function-tenancy-config": _CFN_REFERENCE + "aws-properties-lambda-function-tenancyconfig.html",
    "cfn-capacity-provider": _CFN_REFERENCE + "aws-resource-lambda-capacityprovider.html",
    "cfn-url-cors": _CFN_REFERENCE + "aws-properties-lambda-url-cors.html",
    "cfn-layer-version": _CFN_REFERENCE + "aws-resource-lambda-layerversion.html",
    "cfn-layer-version-permission": _CFN_REFERENCE + "aws-resource-lambda-layerversionpermission.html",
    "cfn-iam-managed-policy": _CFN_REFERENCE + "aws-resource-iam-managedpolicy.html",
    "cfn-target-tracking": _CFN_REFERENCE
    + "aws-properties-applicationautoscaling-scalingpolicy-targettrackingscalingpolicyconfiguration.html",
    # Quotas
    "cfn-quotas": "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
    "iam-quotas": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    "iam-api-create-policy": "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html",
    "iam-managed-policy-vpc-access": (
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html"
    ),
    "iam-managed-policy-durable-execution": (
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/"
        "AWSLambdaBasicDurableExecutionRolePolicy.html"
    ),
    "autoscaling-quotas": _AUTOSCALING + "userguide/application-auto-scaling-quotas.html",
    "autoscaling-cron": _AUTOSCALING + "userguide/scheduled-scaling-using-cron-expressions.html",
    "autoscaling-api-scheduled-action": _AUTOSCALING + "APIReference/API_PutScheduledAction.html",
    # CloudFront developer guide (Lambda@Edge)
    "edge-restrictions": "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html",
    "edge-quotas": "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge",
}
"""Public AWS pages the limits below come from, by key; each limit's comment names its keys."""

# -- Function ------------------------------------------------------------------------------------------

# Memory: 128 MB to 10,240 MB in 1-MB steps [lambda-memory, lambda-quotas]. The CloudFormation schema
# allows 32768 only for Lambda Managed Instances [cfn-function].
MEMORY_MIN_MIB: Final = 128
MEMORY_MAX_MIB: Final = 10240

# Timeout: whole seconds, 1 to 900 [lambda-timeout, lambda-quotas; cfn-function Timeout: "maximum allowed
# value is 900"].
TIMEOUT_MIN_SECONDS: Final = 1
TIMEOUT_MAX_SECONDS: Final = 900

# Ephemeral storage (/tmp): 512 MB to 10,240 MB [lambda-ephemeral-storage; cfn-function minimum 512].
EPHEMERAL_STORAGE_MIN_MIB: Final = 512
EPHEMERAL_STORAGE_MAX_MIB: Final = 10240
# SnapStart does not support "ephemeral storage greater than 512 MB" [lambda-snapstart, limitations].
SNAP_START_EPHEMERAL_STORAGE_MAX_MIB: Final = 512

# Environment: keys start with a letter and have at least two characters [lambda-environment;
# cfn-function patternProperties "[a-zA-Z][a-zA-Z0-9_]+"]; the variables object as stored is at most 4 KB:
# compact JSON, quotes, commas and brackets included, UTF-8 [lambda-environment, lambda-quotas].
ENVIRONMENT_KEY_PATTERN: Final = re.compile(r"[a-zA-Z][a-zA-Z0-9_]+")
ENVIRONMENT_MAX_BYTES: Final = 4096
# Reserved runtime variables ["Defined runtime environment variables" in lambda-environment]. TZ was
# reserved in 2021 and is settable today, so it is not listed.
RESERVED_ENVIRONMENT_KEYS: Final = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)

# Log levels of JSON logs [cfn-function-logging-config: ApplicationLogLevel, SystemLogLevel].
APPLICATION_LOG_LEVELS: Final = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
SYSTEM_LOG_LEVELS: Final = ("DEBUG", "INFO", "WARN")

# Handler: at most 128 characters, no whitespace [cfn-function, lambda-api-create-function: maxLength 128,
# pattern "^[^\s]+$"].
HANDLER_MAX_LENGTH: Final = 128
HANDLER_NO_WHITESPACE: Final = re.compile(r"[^\s]+")
# Handler formats per runtime family [lambda-handler-python, lambda-handler-nodejs, lambda-handler-java,
# lambda-handler-dotnet, lambda-handler-ruby]. Names are identifiers separated by dots; the file part may
# sit in folders ("src/app.handler").
HANDLER_PATTERNS: Final = {
    "file.function": (
        re.compile(r"(?:[\w.-]+/)*[\w-]+(?:\.[\w$-]+)+"),
        "'<file>.<function>' such as 'app.handler' (folders allowed: 'src/app.handler')",
    ),
    "java": (
        re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:::[A-Za-z_$][\w$]*)?"),
        "'<package>.<Class>::<method>' or '<package>.<Class>'",
    ),
    "dotnet": (
        re.compile(r"[\w.]+::[\w.]+::\w+|[\w.]+"),
        "'<Assembly>::<Namespace>.<Class>::<Method>' (or an executable assembly name)",
    ),
}

# Layers: at most five per function; code plus layers at most 250 MB unzipped [lambda-layers,
# lambda-quotas]; the exact figure is the account limit CodeSizeUnzipped, 262144000 bytes
# [lambda-api-account-limit].
LAYERS_MAX_COUNT: Final = 5
UNZIPPED_MAX_BYTES: Final = 262_144_000

# Names [lambda-api-create-function; cfn-function pattern "[a-zA-Z0-9_-]{1,64}"].
FUNCTION_NAME_MAX_LENGTH: Final = 64
FUNCTION_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9_-]+")
# Descriptions of functions, versions, aliases and layers: 0-256 characters [cfn-function maxLength 256].
DESCRIPTION_MAX_LENGTH: Final = 256

# Reserved concurrency: >= 0, where 0 throttles every invocation [lambda-reserved-concurrency;
# cfn-function minimum 0].
RESERVED_CONCURRENCY_MIN_COUNT: Final = 0

# Asynchronous invocation: 0-2 retries, event age 60-21600 seconds [lambda-async,
# lambda-api-event-invoke-config].
RETRY_ATTEMPTS_MIN_COUNT: Final = 0
RETRY_ATTEMPTS_MAX_COUNT: Final = 2
EVENT_AGE_MIN_SECONDS: Final = 60
EVENT_AGE_MAX_SECONDS: Final = 21600

# VPC: at most 16 subnets and 5 security groups [cfn-function-vpc-config maxItems].
VPC_SUBNETS_MAX_COUNT: Final = 16
VPC_SECURITY_GROUPS_MAX_COUNT: Final = 5

# EFS: the local mount path [cfn-function-file-system-config LocalMountPath; lambda-efs].
EFS_MOUNT_PATH_PATTERN: Final = re.compile(r"/mnt/[a-zA-Z0-9-_.]+")
EFS_MOUNT_PATH_MAX_LENGTH: Final = 160

# Aliases: name 1-128 characters, not all digits [lambda-api-create-alias]; weighted routing sends a share
# of traffic to exactly one additional version, weight between 0.0 and 1.0 [lambda-alias-routing].
ALIAS_NAME_MAX_LENGTH: Final = 128
ALIAS_NAME_PATTERN: Final = re.compile(r"(?!^[0-9]+$)[a-zA-Z0-9_-]+")
ALIAS_ADDITIONAL_VERSIONS_MAX_COUNT: Final = 1
ALIAS_WEIGHT_MIN_FRACTION: Final = 0.0
ALIAS_WEIGHT_MAX_FRACTION: Final = 1.0

# Actions Lambda needs to attach a function to a VPC: the EC2 statement of the AWS managed policy
# AWSLambdaVPCAccessExecutionRole, in that policy's order [iam-managed-policy-vpc-access]. None has
# resource-level permissions.
VPC_ENI_ACTIONS: Final = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)

# Instruction set architectures a function or layer may declare [lambda-architectures; cfn-function
# Architectures and cfn-layer-version CompatibleArchitectures enums].
ARCHITECTURES: Final = ("x86_64", "arm64")

# Function URL CORS: MaxAge 0-86400 seconds [cfn-url-cors].
URL_CORS_MAX_AGE_MIN_SECONDS: Final = 0
URL_CORS_MAX_AGE_MAX_SECONDS: Final = 86400

# Durable functions: DurableConfig.ExecutionTimeout is whole seconds 1-31,622,400 (366 days) and
# RetentionPeriodInDays whole days 1-90 [cfn-function-durable-config, lambda-durable-configuration].
DURABLE_EXECUTION_TIMEOUT_MIN_SECONDS: Final = 1
DURABLE_EXECUTION_TIMEOUT_MAX_SECONDS: Final = 31_622_400
DURABLE_RETENTION_MIN_DAYS: Final = 1
DURABLE_RETENTION_MAX_DAYS: Final = 90
# The durable-execution actions of the AWS managed policy AWSLambdaBasicDurableExecutionRolePolicy
# [iam-managed-policy-durable-execution]. Lambda authorizes them against the durable execution ARN, a
# sub-resource of a version ("function:NAME:QUALIFIER/durable-execution/..."), so "function:NAME:*" is the
# narrowest resource that matches every version; the unqualified ARN never matches [lambda-durable-security].
DURABLE_EXECUTION_ACTIONS: Final = ("lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState")

# Tenant isolation: TenantIsolationMode PER_TENANT; "Update requires: Replacement"
# [cfn-function-tenancy-config]. It does not work with SnapStart, provisioned concurrency, function URLs or
# event sources other than API Gateway [lambda-tenant-isolation].
TENANT_ISOLATION_MODES: Final = ("PER_TENANT",)

# -- Lambda Managed Instances (capacity providers) -------------------------------------------------------

CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT: Final = 2
"""``CapacityProviderScalingConfig.MaxVCpuCount`` minimum ("Valid Range: Minimum value of 2. Maximum value
of 15000", [lambda-api-capacity-provider-scaling]; [cfn-capacity-provider] agrees)."""
CAPACITY_PROVIDER_MAX_V_CPU_MAX_COUNT: Final = 15000
"""``MaxVCpuCount`` maximum (same pages)."""
CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT: Final = 12
"""aws-cdk-lib 2.275's own lower bound for ``max_v_cpu_count`` (``capacity-provider.ts``); values from
``CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT`` up to this one are written to the L1 property instead."""
EXECUTION_ENVIRONMENTS_MIN_COUNT: Final = 0
"""``FunctionScalingConfig`` Min/MaxExecutionEnvironments minimum [cfn-function, FunctionScalingConfig]."""
EXECUTION_ENVIRONMENTS_MAX_COUNT: Final = 15000
"""``FunctionScalingConfig`` Min/MaxExecutionEnvironments maximum (same page)."""
MEMORY_PER_V_CPU_MIN_GIB: Final = 2.0
"""``ExecutionEnvironmentMemoryGiBPerVCpu`` minimum ("Minimum value of 2.0. Maximum value of 8.0",
[lambda-api-managed-instances-config])."""
MEMORY_PER_V_CPU_MAX_GIB: Final = 8.0
"""``ExecutionEnvironmentMemoryGiBPerVCpu`` maximum (same page)."""
ENVIRONMENT_CONCURRENCY_MIN_COUNT: Final = 1
"""``PerExecutionEnvironmentMaxConcurrency`` minimum ("Minimum value of 1. Maximum value of 1600", same
page)."""
ENVIRONMENT_CONCURRENCY_MAX_COUNT: Final = 1600
"""``PerExecutionEnvironmentMaxConcurrency`` maximum (same page)."""
MANAGED_INSTANCES_MEMORY_MIN_MIB: Final = 2048
"""Smallest function on Managed Instances: "The minimum supported function size is 2GB and 1 vCPU"
[lambda-managed-instances-best-practices]."""
MANAGED_INSTANCES_MEMORY_MAX_MIB: Final = 32768
"""``MemorySize`` maximum of ``AWS::Lambda::Function``, reachable only on Managed Instances [cfn-function]."""
CAPACITY_PROVIDER_SUBNETS_MAX_COUNT: Final = 16
"""``VpcConfig.SubnetIds`` holds 1-16 subnets [cfn-capacity-provider]."""
CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT: Final = 5
"""``VpcConfig.SecurityGroupIds`` holds at most 5 security groups [cfn-capacity-provider]."""
CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT: Final = 10
"""``ScalingPolicies`` holds 1-10 target-tracking policies [lambda-api-capacity-provider-scaling]."""
CAPACITY_PROVIDER_TARGET_VALUE_MAX_PERCENT: Final = 100.0
"""A target-tracking ``TargetValue`` is a percentage, 0-100 [cfn-capacity-provider,
TargetTrackingScalingPolicy]."""
CAPACITY_PROVIDER_PROPAGATED_TAGS_MAX_COUNT: Final = 40
"""``PropagateTags.ExplicitTags`` holds at most 40 tags [cfn-capacity-provider, PropagateTagsConfig]."""
CAPACITY_PROVIDER_NAME_MAX_LENGTH: Final = 140
"""``CapacityProviderName``: 1-140 characters, letters, digits, '-' and '_' [cfn-capacity-provider]."""

# -- Layers ----------------------------------------------------------------------------------------------

# [cfn-layer-version] CompatibleRuntimes maxItems ("up to 15 runtimes", lambda-layers).
LAYER_RUNTIMES_MAX_COUNT: Final = 15
# [cfn-layer-version] CompatibleArchitectures maxItems.
LAYER_ARCHITECTURES_MAX_COUNT: Final = 2
# [cfn-layer-version] LicenseInfo maxLength.
LAYER_LICENSE_MAX_LENGTH: Final = 512
# [cfn-layer-version] LayerName minLength/maxLength.
LAYER_NAME_MIN_LENGTH: Final = 1
LAYER_NAME_MAX_LENGTH: Final = 140

# -- Provisioned concurrency and Application Auto Scaling ------------------------------------------------

# ProvisionedConcurrentExecutions "Valid Range: Minimum value of 1" [lambda-api-provisioned-concurrency].
PROVISIONED_CONCURRENCY_MIN_COUNT: Final = 1
# "Scheduled actions per scalable target: 200", not adjustable [autoscaling-quotas].
SCHEDULED_ACTIONS_MAX_COUNT: Final = 200
# Target value of LambdaProvisionedConcurrencyUtilization is a fraction [lambda-provisioned-concurrency
# uses 0.7]. The 0.1-0.9 range is the one aws-cdk-lib's scaleOnUtilization enforces (aws-lambda/lib/private/
# scalable-function-attribute.ts): Application Auto Scaling's low alarm sits at 90 % of the target, so a
# target near 1.0 leaves no headroom before spillover.
UTILIZATION_TARGET_MIN_FRACTION: Final = 0.1
UTILIZATION_TARGET_MAX_FRACTION: Final = 0.9
# ScaleInCooldown/ScaleOutCooldown are integers (seconds) with no documented maximum [cfn-target-tracking];
# the upper bound is the 32-bit integer range.
COOLDOWN_MAX_SECONDS: Final = 2**31 - 1
# ScheduledActionName: 1-256 characters, no control characters, no ':', '/' or '|', no leading or trailing
# space [autoscaling-api-scheduled-action].
SCHEDULED_ACTION_NAME_MAX_LENGTH: Final = 256
# Year field range of the cron dialect of scheduled actions [autoscaling-cron].
CRON_MIN_YEAR: Final = 1970
CRON_MAX_YEAR: Final = 2199

# -- IAM (permissions boundary) -------------------------------------------------------------------------

# ManagedPolicyName: 1-128 characters of [\w+=,.@-], ASCII only [cfn-iam-managed-policy, iam-quotas].
POLICY_NAME_MAX_LENGTH: Final = 128
# Path: at most 512 characters, "/" included at both ends [iam-api-create-policy].
POLICY_PATH_MAX_LENGTH: Final = 512
# Description: at most 1000 characters [cfn-iam-managed-policy].
POLICY_DESCRIPTION_MAX_LENGTH: Final = 1000
# The boundary's resource prefix names an application and defaults to its stack name: a stack name has at
# most 128 characters [cfn-quotas]. This also keeps the default description and the policy, which repeats
# the prefix in each resource ARN, within IAM's limits [iam-quotas].
RESOURCE_PREFIX_MAX_LENGTH: Final = 128

# -- CloudFormation templates ----------------------------------------------------------------------------

# Per-template quotas [cfn-quotas], as cfn-lint enforces them (cfnlint/helpers.py ``LIMITS``; rules E3010
# resources, E6010 outputs, E2010 parameters, E7010 mappings, E1002 template size).
TEMPLATE_RESOURCES_MAX_COUNT: Final = 500
"""Resources declared in one template (cfn-lint E3010)."""
TEMPLATE_OUTPUTS_MAX_COUNT: Final = 200
"""Outputs declared in one template (cfn-lint E6010)."""
TEMPLATE_PARAMETERS_MAX_COUNT: Final = 200
"""Parameters declared in one template (cfn-lint E2010)."""
TEMPLATE_MAPPINGS_MAX_COUNT: Final = 200
"""Mappings declared in one template (cfn-lint E7010)."""
TEMPLATE_MAX_BYTES: Final = 1_000_000
"""Size of a template uploaded to S3, as CDK deploys them (cfn-lint E1002: 1,000,000 bytes)."""

# Lambda@Edge by CloudFront event type [edge-quotas, edge-restrictions]: viewer triggers get a standard
# function's minimum memory and 5 s; origin triggers a standard function's memory and 30 s.
EDGE_VIEWER_MEMORY_MAX_MIB: Final = 128
EDGE_VIEWER_TIMEOUT_MAX_SECONDS: Final = 5
EDGE_ORIGIN_MEMORY_MAX_MIB: Final = MEMORY_MAX_MIB
EDGE_ORIGIN_TIMEOUT_MAX_SECONDS: Final = 30
EDGE_EPHEMERAL_STORAGE_MAX_MIB: Final = 512
