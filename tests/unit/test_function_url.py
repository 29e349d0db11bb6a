"""Function URLs after Lambda's October 2025 change: both invoke actions everywhere, and CloudFront OAC."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import Acknowledgment, Duration, Stack, Validations
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match, Template

import constructs_lambda as cl
from constructs_lambda._function_url import MissingUrlPermission, missing_url_permissions
from tests.helpers import assert_nag_clean, make_function, template_of

OTHER_ACCOUNT = "210987654321"
FUNCTION_ARN = {"Fn::GetAtt": [Match.string_like_regexp("^Api"), "Arn"]}
ALIAS_ARN = {"Ref": Match.string_like_regexp("^ApiAlias")}
TARGETS = pytest.mark.parametrize("on_alias", [False, True], ids=["function", "alias"])


def target_of(fn: cl.Function, on_alias: bool) -> lambda_.IFunction:
    """The function itself or its alias."""
    if not on_alias:
        return fn
    assert fn.alias is not None
    return fn.alias


def permissions(template: Template) -> list[dict[str, Any]]:
    """Properties of every AWS::Lambda::Permission, sorted by action then principal."""
    found = [r["Properties"] for r in template.find_resources("AWS::Lambda::Permission").values()]
    return sorted(found, key=lambda p: (p["Action"], str(p["Principal"])))


# -- URLs and grants: what aws-cdk-lib 2.275 writes, kept exactly -------------------------------------


@TARGETS
def test_public_url_grants_both_actions_to_everyone(stack: Stack, on_alias: bool) -> None:
    """A URL with auth NONE: InvokeFunctionUrl (auth NONE) and InvokeFunction via the URL, once each."""
    # GIVEN a function
    fn = make_function(stack)
    # WHEN a public URL is added to it or to its alias
    target_of(fn, on_alias).add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)
    # THEN the URL targets it and exactly the two statements Lambda requires exist
    template = template_of(stack)
    template.has_resource_properties(
        "AWS::Lambda::Url",
        {"AuthType": "NONE", "Qualifier": "live" if on_alias else Match.absent()},
    )
    name = ALIAS_ARN if on_alias else FUNCTION_ARN
    assert len(permissions(template)) == 2
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": name,
            "Principal": "*",
            "InvokedViaFunctionUrl": True,
            "FunctionUrlAuthType": Match.absent(),
        },
    )
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunctionUrl",
            "FunctionName": name,
            "Principal": "*",
            "FunctionUrlAuthType": "NONE",
        },
    )
    assert_nag_clean(stack)


@TARGETS
def test_iam_url_adds_no_resource_permission(stack: Stack, on_alias: bool) -> None:
    """A URL with auth AWS_IAM grants nobody anything until grant_invoke_url is called."""
    # GIVEN a function
    fn = make_function(stack)
    # WHEN an AWS_IAM URL (the default) is added
    url = target_of(fn, on_alias).add_function_url()
    # THEN the URL exists and there is no permission
    assert url.auth_type == lambda_.FunctionUrlAuthType.AWS_IAM
    template = template_of(stack)
    template.resource_count_is("AWS::Lambda::Url", 1)
    assert permissions(template) == []
    assert_nag_clean(stack)


@TARGETS
def test_grant_invoke_url_to_role_gives_both_actions(stack: Stack, on_alias: bool) -> None:
    """grant_invoke_url to a role of the account: its policy allows both actions on the URL's target."""
    # GIVEN a function with an AWS_IAM URL and a role
    fn = make_function(stack)
    target = target_of(fn, on_alias)
    target.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)
    role = iam.Role(stack, "Caller", assumed_by=iam.AccountRootPrincipal())
    # WHEN the role is granted the URL
    grant = target.grant_invoke_url(role)
    # THEN its identity policy carries both statements and no resource permission is needed
    assert isinstance(grant, iam.Grant)
    resource = ALIAS_ARN if on_alias else FUNCTION_ARN
    template = template_of(stack)
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "Roles": [{"Ref": Match.string_like_regexp("^Caller")}],
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": "lambda:InvokeFunctionUrl",
                        "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}},
                        "Effect": "Allow",
                        "Resource": resource,
                    },
                    {
                        "Action": "lambda:InvokeFunction",
                        "Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": True}},
                        "Effect": "Allow",
                        "Resource": resource,
                    },
                ]
            },
        },
    )
    assert permissions(template) == []
    assert_nag_clean(stack)


@TARGETS
def test_grant_invoke_url_to_other_account_gives_both_permissions(stack: Stack, on_alias: bool) -> None:
    """grant_invoke_url to another account: two resource permissions, one per action."""
    # GIVEN a function with an AWS_IAM URL
    fn = make_function(stack)
    target = target_of(fn, on_alias)
    target.add_function_url()
    # WHEN another account is granted the URL
    target.grant_invoke_url(iam.AccountPrincipal(OTHER_ACCOUNT))
    # THEN both actions are granted to that account on the URL's target, and nothing more
    template = template_of(stack)
    found = permissions(template)
    assert [{k: v for k, v in p.items() if k != "FunctionName"} for p in found] == [
        {"Action": "lambda:InvokeFunction", "InvokedViaFunctionUrl": True, "Principal": OTHER_ACCOUNT},
        {"Action": "lambda:InvokeFunctionUrl", "FunctionUrlAuthType": "AWS_IAM", "Principal": OTHER_ACCOUNT},
    ]
    for action in ("lambda:InvokeFunction", "lambda:InvokeFunctionUrl"):
        template.has_resource_properties(
            "AWS::Lambda::Permission",
            {"Action": action, "FunctionName": ALIAS_ARN if on_alias else FUNCTION_ARN},
        )


# -- URL permissions added by hand are completed -----------------------------------------------------


@TARGETS
def test_own_invoke_function_url_permission_gets_invoke_function(stack: Stack, on_alias: bool) -> None:
    """add_permission with InvokeFunctionUrl alone (the pre-2025 recipe) gains InvokeFunction via URL."""
    # GIVEN a function or alias with an AWS_IAM URL
    fn = make_function(stack)
    target = target_of(fn, on_alias)
    target.add_function_url()
    # WHEN only lambda:InvokeFunctionUrl is granted to another account by hand
    target.add_permission(
        "Partner",
        principal=iam.AccountPrincipal(OTHER_ACCOUNT),
        action="lambda:InvokeFunctionUrl",
        function_url_auth_type=lambda_.FunctionUrlAuthType.AWS_IAM,
    )
    # THEN a sibling "PartnerDualAuth" grants the same account InvokeFunction through the URL
    template = template_of(stack)
    assert len(permissions(template)) == 2
    completed = template.find_resources(
        "AWS::Lambda::Permission",
        {
            "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": ALIAS_ARN if on_alias else FUNCTION_ARN,
                "Principal": OTHER_ACCOUNT,
                "InvokedViaFunctionUrl": True,
                "FunctionUrlAuthType": Match.absent(),
            }
        },
    )
    assert len(completed) == 1
    assert next(iter(completed)).startswith("ApiAliasPartnerDualAuth" if on_alias else "ApiPartnerDualAuth")
    assert_nag_clean(stack)


@TARGETS
def test_own_invoke_via_url_permission_gets_invoke_function_url(stack: Stack, on_alias: bool) -> None:
    """InvokeFunction via the URL alone gains InvokeFunctionUrl, with the auth type of the URL there."""
    # GIVEN a function or alias with a public URL
    fn = make_function(stack)
    target = target_of(fn, on_alias)
    target.add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)
    source_arn = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
    # WHEN CloudFront is granted only InvokeFunction through the URL
    target.add_permission(
        "Edge",
        principal=iam.ServicePrincipal("cloudfront.amazonaws.com"),
        action="lambda:InvokeFunction",
        invoked_via_function_url=True,
        source_arn=source_arn,
    )
    # THEN InvokeFunctionUrl is added for the same principal and source, with auth type NONE
    template = template_of(stack)
    assert len(permissions(template)) == 4
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunctionUrl",
            "FunctionName": ALIAS_ARN if on_alias else FUNCTION_ARN,
            "Principal": "cloudfront.amazonaws.com",
            "SourceArn": source_arn,
            "FunctionUrlAuthType": "NONE",
        },
    )


def test_complete_pair_by_hand_is_left_alone(stack: Stack) -> None:
    """Both actions added by hand, in either order: nothing is added."""
    # GIVEN a function
    fn = make_function(stack)
    principal = iam.AccountPrincipal(OTHER_ACCOUNT)
    # WHEN both permissions are added by hand, InvokeFunctionUrl first
    fn.add_permission("Url", principal=principal, action="lambda:InvokeFunctionUrl")
    fn.add_permission(
        "Invoke", principal=principal, action="lambda:InvokeFunction", invoked_via_function_url=True
    )
    # THEN the template holds exactly those two
    assert [p["Action"] for p in permissions(template_of(stack))] == [
        "lambda:InvokeFunction",
        "lambda:InvokeFunctionUrl",
    ]


def test_other_permissions_are_left_alone(stack: Stack) -> None:
    """A plain invoke grant to a service is no URL permission: nothing is added."""
    # GIVEN a function
    fn = make_function(stack)
    # WHEN S3 is allowed to invoke it
    fn.grant_invoke(iam.ServicePrincipal("s3.amazonaws.com"))
    # THEN only that permission exists
    assert [p["Action"] for p in permissions(template_of(stack))] == ["lambda:InvokeFunction"]


def url(principal: str = "*", **extra: Any) -> dict[str, Any]:
    """Properties of an InvokeFunctionUrl permission."""
    return {"Action": "lambda:InvokeFunctionUrl", "FunctionName": "fn", "Principal": principal, **extra}


def invoke(principal: str = "*", **extra: Any) -> dict[str, Any]:
    """Properties of an InvokeFunction permission."""
    return {"Action": "lambda:InvokeFunction", "FunctionName": "fn", "Principal": principal, **extra}


VIA_URL: dict[str, Any] = {"InvokedViaFunctionUrl": True}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([url(), invoke(**VIA_URL)], []),
        ([url()], [MissingUrlPermission(source=0, action="lambda:InvokeFunction")]),
        ([invoke(**VIA_URL)], [MissingUrlPermission(source=0, action="lambda:InvokeFunctionUrl")]),
        ([url(), invoke()], []),
        (
            [url(), invoke(InvokedViaFunctionUrl=False)],
            [MissingUrlPermission(source=0, action="lambda:InvokeFunction")],
        ),
        ([url(), {**invoke(), "Action": "lambda:*"}], []),
        ([{**url(), "Action": "LAMBDA:invokefunctionurl"}, invoke(**VIA_URL)], []),
        (
            [url("111111111111"), invoke("222222222222", **VIA_URL)],
            [
                MissingUrlPermission(source=0, action="lambda:InvokeFunction"),
                MissingUrlPermission(source=1, action="lambda:InvokeFunctionUrl"),
            ],
        ),
        (
            [url(SourceArn="arn:a"), invoke(SourceArn="arn:b", **VIA_URL)],
            [
                MissingUrlPermission(source=0, action="lambda:InvokeFunction"),
                MissingUrlPermission(source=1, action="lambda:InvokeFunctionUrl"),
            ],
        ),
        ([invoke(), {"Action": "lambda:GetFunction", "FunctionName": "fn", "Principal": "*"}], []),
        ([{**url(), "Action": {"Ref": "Action"}}], []),
    ],
    ids=[
        "complete-pair",
        "url-only",
        "invoke-via-url-only",
        "unconditional-invoke-counts",
        "invoke-not-via-url-does-not-count",
        "wildcard-counts",
        "action-case-ignored",
        "different-principals-are-different-callers",
        "different-source-arns-are-different-callers",
        "no-url-permission",
        "token-action-ignored",
    ],
)
def test_missing_url_permissions(given: list[dict[str, Any]], expected: list[MissingUrlPermission]) -> None:
    """The evaluator finds, per caller, the action a URL permission lacks."""
    # GIVEN permission properties  WHEN evaluated  THEN the missing actions are named with their source
    assert missing_url_permissions(given) == expected


# -- add_function_url checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "ok"), [(0, True), (86400, True), (86401, False)], ids=["zero", "max", "above-max"]
)
def test_cors_max_age_limit(stack: Stack, seconds: int, ok: bool) -> None:
    """CORS max_age: 0-86400 seconds, checked in Python."""
    # GIVEN a function
    fn = make_function(stack)
    cors = lambda_.FunctionUrlCorsOptions(
        allowed_origins=["https://example.com"], max_age=Duration.seconds(seconds)
    )
    if ok:
        # WHEN the URL gets a max_age inside the range THEN it is written as is
        fn.add_function_url(cors=cors)
        template_of(stack).has_resource_properties("AWS::Lambda::Url", {"Cors": {"MaxAge": seconds}})
        return
    # WHEN the max_age is outside THEN ValidationError names path, property and value
    with pytest.raises(
        cl.ValidationError,
        match=r"Test/Api: cors.max_age must be whole seconds .*86400.*got '1 day 1 second'",
    ) as info:
        fn.add_function_url(cors=cors)
    assert (info.value.construct_path, info.value.prop) == ("Test/Api", "cors.max_age")


def test_cors_as_dict_is_checked(stack: Stack) -> None:
    """cors given as a dict (jsii accepts one) is checked too."""
    # GIVEN a function  WHEN cors is a dict with a max_age above the limit  THEN ValidationError
    with pytest.raises(cl.ValidationError, match="cors.max_age"):
        make_function(stack).add_function_url(cors={"allowed_origins": ["*"], "max_age": Duration.days(2)})


def test_fails_when_second_url_is_added(stack: Stack) -> None:
    """A second URL on one function raises ValidationError, not a jsii error."""
    # GIVEN a function with a URL
    fn = make_function(stack)
    fn.add_function_url()
    # WHEN another one is added THEN ValidationError
    with pytest.raises(cl.ValidationError, match=r"Test/Api: add_function_url may be called once"):
        fn.add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)


# -- CloudFront origin access control -----------------------------------------------------------------

DISTRIBUTION_ACKS = (
    ("AwsSolutions-CFR1", "Test distribution: geo restrictions are a product decision, not this library's."),
    ("AwsSolutions-CFR2", "Test distribution: a WAF web ACL belongs to the application that owns it."),
    ("AwsSolutions-CFR3", "Test distribution: access logging needs a log bucket the test does not create."),
    ("AwsSolutions-CFR4", "Test distribution: custom TLS policies need a certificate and domain."),
)


def distribute(stack: Stack, function_url: lambda_.IFunctionUrl, **props: Any) -> cloudfront.Distribution:
    """A distribution whose default origin is the URL behind origin access control."""
    distribution = cloudfront.Distribution(
        stack,
        "Cdn",
        default_behavior=cloudfront.BehaviorOptions(
            origin=cl.function_url_origin_with_oac(function_url, **props)
        ),
    )
    Validations.of(distribution).acknowledge(
        *(Acknowledgment(id=rule, reason=reason) for rule, reason in DISTRIBUTION_ACKS)
    )
    return distribution


@TARGETS
def test_oac_origin_signs_and_grants_cloudfront_both_actions(stack: Stack, on_alias: bool) -> None:
    """The origin has an OAC (lambda, always, sigv4); CloudFront gets both actions for this distribution."""
    # GIVEN a function or alias with an AWS_IAM URL
    fn = make_function(stack)
    function_url = target_of(fn, on_alias).add_function_url()
    # WHEN a distribution serves it through origin access control
    distribute(stack, function_url)
    # THEN the OAC signs every request for a Lambda origin
    template = template_of(stack)
    template.has_resource_properties(
        "AWS::CloudFront::OriginAccessControl",
        {
            "OriginAccessControlConfig": {
                "OriginAccessControlOriginType": "lambda",
                "SigningBehavior": "always",
                "SigningProtocol": "sigv4",
            }
        },
    )
    oac_id = next(iter(template.find_resources("AWS::CloudFront::OriginAccessControl")))
    url_id = next(iter(template.find_resources("AWS::Lambda::Url")))
    # AND the origin is the URL's domain and carries the OAC's ID
    template.has_resource_properties(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": {
                "Origins": [
                    Match.object_like(
                        {
                            "DomainName": {
                                "Fn::Select": [
                                    2,
                                    {"Fn::Split": ["/", {"Fn::GetAtt": [url_id, "FunctionUrl"]}]},
                                ]
                            },
                            "OriginAccessControlId": {"Fn::GetAtt": [oac_id, "Id"]},
                        }
                    )
                ]
            }
        },
    )
    # AND CloudFront may call the URL's function or alias, only for this distribution, with both actions
    distribution_id = next(iter(template.find_resources("AWS::CloudFront::Distribution")))
    source_arn = {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":cloudfront::",
                {"Ref": "AWS::AccountId"},
                ":distribution/",
                {"Ref": distribution_id},
            ],
        ]
    }
    common = {
        "FunctionName": {"Fn::GetAtt": [url_id, "FunctionArn"]},
        "Principal": "cloudfront.amazonaws.com",
        "SourceArn": source_arn,
    }
    assert len(permissions(template)) == 2
    template.has_resource_properties(
        "AWS::Lambda::Permission", {"Action": "lambda:InvokeFunctionUrl", **common}
    )
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {"Action": "lambda:InvokeFunction", "InvokedViaFunctionUrl": True, **common},
    )
    assert_nag_clean(stack)


def test_oac_origin_fails_for_public_url(stack: Stack) -> None:
    """A URL with auth NONE behind a signing OAC raises ValidationError naming the URL, before jsii."""
    # GIVEN a function with a public URL
    function_url = make_function(stack).add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)
    # WHEN it is made an OAC origin THEN ValidationError names the URL's path, auth_type and NONE
    with pytest.raises(
        cl.ValidationError,
        match=r"Test/Api/FunctionUrl: auth_type must be FunctionUrlAuthType.AWS_IAM .*got 'FunctionUrlAuthType.NONE'",
    ):
        cl.function_url_origin_with_oac(function_url)


def test_oac_origin_with_own_non_signing_oac_allows_public_url(stack: Stack) -> None:
    """An OAC that does not always sign leaves the auth type to the user, as the L2 does."""
    # GIVEN a public URL and an OAC that signs only unsigned requests
    function_url = make_function(stack).add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)
    oac = cloudfront.FunctionUrlOriginAccessControl(
        stack, "Oac", signing=cloudfront.Signing.SIGV4_NO_OVERRIDE
    )
    # WHEN it is made an OAC origin with that OAC
    distribute(stack, function_url, origin_access_control=oac)
    # THEN the origin uses it
    template = template_of(stack)
    template.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    template.has_resource_properties(
        "AWS::CloudFront::OriginAccessControl",
        {"OriginAccessControlConfig": Match.object_like({"SigningBehavior": "no-override"})},
    )


def test_oac_origin_fails_for_imported_oac(stack: Stack) -> None:
    """An imported OAC raises ValidationError (aws-cdk-lib 2.275 fails with a JavaScript TypeError)."""
    # GIVEN an AWS_IAM URL and an imported OAC
    function_url = make_function(stack).add_function_url()
    oac = cloudfront.FunctionUrlOriginAccessControl.from_origin_access_control_id(
        stack, "Shared", "E2EXAMPLE"
    )
    # WHEN it is made an OAC origin with it THEN ValidationError names the OAC
    with pytest.raises(
        cl.ValidationError, match=r"Test/Shared: origin_access_control must be defined in this app"
    ):
        cl.function_url_origin_with_oac(function_url, origin_access_control=oac)
