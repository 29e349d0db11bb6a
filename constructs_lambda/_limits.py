"""Every AWS Lambda function limit the library enforces, each with the document it comes from.

Sources: ``seeds/003`` is the AWS Lambda Developer Guide (2021 edition, line numbers ``L…``), ``seeds/004``
the current documentation pages, ``[CFN]`` the ``AWS::Lambda::Function`` resource schema that cfn-lint
ships. Where the CloudFormation schema allows more than a standard function may use (its maxima for memory,
ephemeral storage and timeout are those of Lambda Managed Instances), the standard-function limit applies.
"""

from __future__ import annotations

import re
from typing import Final

# Memory: 128 MB to 10,240 MB in 1-MB steps (003 L4512, quotas L30704). [CFN] allows 32768 only for
# Lambda Managed Instances.
MEMORY_MIN_MIB: Final = 128
MEMORY_MAX_MIB: Final = 10240

# Timeout: whole seconds, 1 to 900 (003 L33123; [CFN] description: "maximum allowed value is 900").
TIMEOUT_MIN_SECONDS: Final = 1
TIMEOUT_MAX_SECONDS: Final = 900

# Ephemeral storage (/tmp): 512 MB to 10,240 MB (004 "Configuring ephemeral storage"; [CFN] minimum 512).
EPHEMERAL_STORAGE_MIN_MIB: Final = 512
EPHEMERAL_STORAGE_MAX_MIB: Final = 10240
# SnapStart does not support "ephemeral storage greater than 512 MB" (004 L10351).
SNAP_START_MAX_EPHEMERAL_STORAGE_MIB: Final = 512

# Environment: keys start with a letter and have at least two characters (003 L4620, [CFN]
# patternProperties "[a-zA-Z][a-zA-Z0-9_]+"); the variables object as stored is at most 4 KB (003 L4623,
# L28867: compact JSON, quotes, commas and brackets included, UTF-8).
ENVIRONMENT_KEY_PATTERN: Final = re.compile(r"[a-zA-Z][a-zA-Z0-9_]+")
ENVIRONMENT_MAX_BYTES: Final = 4096
# Reserved runtime variables (004 "Defined runtime environment variables"; 003 L4754). TZ was reserved in
# 2021 and is settable today, so it is not listed.
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

# Log levels of JSON logs (004 L18394, LoggingConfig: ApplicationLogLevel, SystemLogLevel).
APPLICATION_LOG_LEVELS: Final = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
SYSTEM_LOG_LEVELS: Final = ("DEBUG", "INFO", "WARN")

# Handler: at most 128 characters, no whitespace ([CFN] maxLength 128, pattern "^[^\s]+$").
HANDLER_MAX_LENGTH: Final = 128
HANDLER_NO_WHITESPACE: Final = re.compile(r"[^\s]+")
# Handler formats per runtime family (003 L10163 Python, L11138 Node.js, L13323 Java, L16278 .NET,
# L12347 Ruby; 004 handler pages). Names are identifiers separated by dots; the file part may sit in
# folders ("src/app.handler").
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

# Layers: at most five per function (003 L6569); code plus layers at most 250 MB unzipped (003 L2187;
# L5305 gives the exact figure, "CodeSizeUnzipped": 262144000).
MAX_LAYERS: Final = 5
MAX_UNZIPPED_BYTES: Final = 262_144_000

# Names (CreateFunction, 003 L32829; [CFN] pattern "[a-zA-Z0-9_-]{1,64}").
FUNCTION_NAME_MAX_LENGTH: Final = 64
FUNCTION_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9_-]+")
# Descriptions of functions, versions, aliases: 0-256 characters ([CFN] maxLength 256).
DESCRIPTION_MAX_LENGTH: Final = 256

# Reserved concurrency: >= 0, where 0 throttles every invocation (003 L5140; [CFN] minimum 0).
RESERVED_CONCURRENCY_MIN: Final = 0

# Asynchronous invocation (003 L6937, L39932).
RETRY_ATTEMPTS_MIN: Final = 0
RETRY_ATTEMPTS_MAX: Final = 2
MAX_EVENT_AGE_MIN_SECONDS: Final = 60
MAX_EVENT_AGE_MAX_SECONDS: Final = 21600

# VPC: at most 16 subnets and 5 security groups ([CFN] VpcConfig maxItems).
MAX_SUBNETS: Final = 16
MAX_SECURITY_GROUPS: Final = 5

# EFS: the local mount path ([CFN] FileSystemConfig.LocalMountPath; 003 L6001, L22503).
EFS_MOUNT_PATH_PATTERN: Final = re.compile(r"/mnt/[a-zA-Z0-9-_.]+")
EFS_MOUNT_PATH_MAX_LENGTH: Final = 160

# Aliases: name 1-128 characters, not all digits (CreateAlias); weighted routing sends a share of
# traffic to exactly one additional version, weight between 0.0 and 1.0 (003 L5055).
ALIAS_NAME_MAX_LENGTH: Final = 128
ALIAS_NAME_PATTERN: Final = re.compile(r"(?!^[0-9]+$)[a-zA-Z0-9_-]+")
ALIAS_MAX_ADDITIONAL_VERSIONS: Final = 1
ALIAS_WEIGHT_MIN: Final = 0.0
ALIAS_WEIGHT_MAX: Final = 1.0

# Actions Lambda needs to attach a function to a VPC: the EC2 statement of the AWS managed policy
# AWSLambdaVPCAccessExecutionRole, in that policy's order. None has resource-level permissions.
VPC_ENI_ACTIONS: Final = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)

# Instruction set architectures a function or layer may declare ([CFN] AWS::Lambda::Function Architectures
# and AWS::Lambda::LayerVersion CompatibleArchitectures enums).
ARCHITECTURES: Final = ("x86_64", "arm64")

# Function URL CORS: MaxAge 0-86400 seconds ([CFN] AWS::Lambda::Url Cors.MaxAge;
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-url-cors.html).
URL_CORS_MAX_AGE_MIN_SECONDS: Final = 0
URL_CORS_MAX_AGE_MAX_SECONDS: Final = 86400

# Durable functions: DurableConfig.ExecutionTimeout is whole seconds 1-31,622,400 (366 days) and
# RetentionPeriodInDays whole days 1-90.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-durableconfig.html
# https://docs.aws.amazon.com/lambda/latest/dg/durable-configuration.html
DURABLE_EXECUTION_TIMEOUT_MIN_SECONDS: Final = 1
DURABLE_EXECUTION_TIMEOUT_MAX_SECONDS: Final = 31_622_400
DURABLE_RETENTION_MIN_DAYS: Final = 1
DURABLE_RETENTION_MAX_DAYS: Final = 90
# The durable-execution actions of the AWS managed policy AWSLambdaBasicDurableExecutionRolePolicy
# (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicDurableExecutionRolePolicy.html).
# Lambda authorizes them against the durable execution ARN, a sub-resource of a version
# ("function:NAME:QUALIFIER/durable-execution/..."), so "function:NAME:*" is the narrowest resource that
# matches every version; the unqualified ARN never matches
# (https://docs.aws.amazon.com/lambda/latest/dg/durable-security.html).
DURABLE_EXECUTION_ACTIONS: Final = ("lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState")

# Tenant isolation: TenantIsolationMode PER_TENANT; "Update requires: Replacement"
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-tenancyconfig.html).
# It does not work with SnapStart, provisioned concurrency, function URLs or event sources other than
# API Gateway (https://docs.aws.amazon.com/lambda/latest/dg/tenant-isolation.html).
TENANT_ISOLATION_MODES: Final = ("PER_TENANT",)
