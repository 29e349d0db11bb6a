"""Integration test: function URLs with both invoke permissions, and a CloudFront origin signed by OAC.

A deploy should show:
- ``Public``: a URL with auth ``NONE`` on alias ``live``; its resource policy allows everyone
  ``lambda:InvokeFunctionUrl`` (auth type NONE) and ``lambda:InvokeFunction`` when invoked through the URL.
  The assertion stack calls the URL and expects status 200.
- ``Private``: a URL with auth ``AWS_IAM`` on alias ``live``. The role ``Caller`` may invoke it (both
  actions in its policy). The account's root is granted ``lambda:InvokeFunctionUrl`` by hand with
  ``add_permission`` and, completed by ``constructs_lambda``, ``lambda:InvokeFunction`` via the URL. An
  unsigned call gets 403.
- ``Origin``: a URL with auth ``AWS_IAM`` on alias ``live`` behind a CloudFront distribution with an origin
  access control (lambda, always, sigv4); CloudFront may call it, for this distribution only, with both
  actions. A call through the distribution gets 200.
"""

from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

HANDLER = str(Path(__file__).parent / "assets" / "handler")

app = App()
stack = Stack(app, "IntegFunctionUrl")


def function(id: str) -> lambda_.Alias:
    """A default function from the shared handler; returns its alias."""
    fn = cl.Function(
        stack,
        id,
        runtime=lambda_.Runtime.PYTHON_3_14,
        handler="index.handler",
        code=lambda_.Code.from_asset(HANDLER),
    )
    assert fn.alias is not None
    return fn.alias


public_url = function("Public").add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)

private = function("Private")
private_url = private.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)
private.grant_invoke_url(iam.Role(stack, "Caller", assumed_by=iam.AccountRootPrincipal()))
private.add_permission(
    "AccountRoot",
    principal=iam.AccountRootPrincipal(),
    action="lambda:InvokeFunctionUrl",
    function_url_auth_type=lambda_.FunctionUrlAuthType.AWS_IAM,
)

origin_url = function("Origin").add_function_url()
distribution = cloudfront.Distribution(
    stack,
    "Cdn",
    default_behavior=cloudfront.BehaviorOptions(origin=cl.function_url_origin_with_oac(origin_url)),
)

integ = IntegTest(app, "FunctionUrl", test_cases=[stack])
integ.assertions.http_api_call(public_url.url).expect(ExpectedResult.object_like({"status": 200}))
integ.assertions.http_api_call(private_url.url).expect(ExpectedResult.object_like({"status": 403}))
integ.assertions.http_api_call(f"https://{distribution.distribution_domain_name}/").expect(
    ExpectedResult.object_like({"status": 200})
)

app.synth()
