"""EFS in a VPC: a function in isolated subnets mounting an access point at ``/mnt/data``."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_efs as efs
from aws_cdk import aws_lambda as lambda_

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A shared file system for a report generator; no NAT, the function needs only EFS."""
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    file_system = efs.FileSystem(stack, "Files", vpc=vpc, encrypted=True, removal_policy=RemovalPolicy.RETAIN)
    access_point = file_system.add_access_point(
        "Reports",
        path="/reports",
        create_acl=efs.Acl(owner_uid="1001", owner_gid="1001", permissions="750"),
        posix_user=efs.PosixUser(uid="1001", gid="1001"),
    )
    function_cls(
        stack,
        "Reports",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler=PYTHON_HANDLER,
        code=python_code(),
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        filesystem=lambda_.FileSystem.from_efs_access_point(access_point, "/mnt/data"),
    )
