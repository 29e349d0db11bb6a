"""Tests for Layer: validation, retention, sharing, content layout and size."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match

import constructs_lambda as cl
from constructs_lambda._errors import ValidationError
from constructs_lambda._layer import MAX_UNZIPPED_BYTES, code_unzipped_size, layer_unzipped_size
from tests.helpers import assert_cfn_lint_clean, template_of

PY312 = lambda_.Runtime.PYTHON_3_12
ALL_RUNTIMES = [
    getattr(lambda_.Runtime, name)
    for name in (
        "PYTHON_3_10",
        "PYTHON_3_11",
        "PYTHON_3_12",
        "PYTHON_3_13",
        "NODEJS_18_X",
        "NODEJS_20_X",
        "NODEJS_22_X",
        "JAVA_11",
        "JAVA_17",
        "JAVA_21",
        "RUBY_3_2",
        "RUBY_3_3",
        "PROVIDED_AL2",
        "PROVIDED_AL2023",
        "DOTNET_8",
        "PYTHON_3_9",
    )
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A layer directory laid out for Python."""
    directory = tmp_path / "layer"
    (directory / "python" / "mylib").mkdir(parents=True)
    (directory / "python" / "mylib" / "__init__.py").write_text("VALUE = 1\n")
    return directory


@pytest.fixture
def code(content: Path) -> lambda_.Code:
    """Code from the Python-shaped directory."""
    return lambda_.Code.from_asset(str(content))


def _warnings(stack: Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [str(m.entry.data) for m in found]


# --- defaults and pass-through --------------------------------------------------------------------


def test_layer_is_retained_by_default_and_lints_clean(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN a layer with defaults WHEN synthesized THEN the version is retained and cfn-lint is clean."""
    layer = cl.Layer(stack, "Layer", code=code, compatible_runtimes=[PY312], description="shared libs")

    template_of(stack).has_resource(
        "AWS::Lambda::LayerVersion",
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {"CompatibleRuntimes": ["python3.12"], "Description": "shared libs"},
        },
    )
    assert isinstance(layer, lambda_.LayerVersion)
    assert layer.compatible_architectures is None
    assert_cfn_lint_clean(stack)


def test_removal_policy_destroy_applies_to_layer_and_permissions(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN removal_policy=DESTROY WHEN shared THEN layer and permission both use Delete."""
    cl.Layer(
        stack, "Layer", code=code, removal_policy=RemovalPolicy.DESTROY, share_with_accounts=["111122223333"]
    )

    template = template_of(stack)
    template.has_resource("AWS::Lambda::LayerVersion", {"DeletionPolicy": "Delete"})
    template.has_resource("AWS::Lambda::LayerVersionPermission", {"DeletionPolicy": "Delete"})


def test_architectures_and_name_pass_through(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN architectures, a name and a license WHEN synthesized THEN they reach the resource."""
    layer = cl.Layer(
        stack,
        "Layer",
        code=code,
        compatible_architectures=[lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64],
        layer_version_name="shared-libs_v1",
        license="Apache-2.0",
    )

    template_of(stack).has_resource_properties(
        "AWS::Lambda::LayerVersion",
        {
            "CompatibleArchitectures": ["arm64", "x86_64"],
            "LayerName": "shared-libs_v1",
            "LicenseInfo": "Apache-2.0",
        },
    )
    assert layer.compatible_architectures is not None
    assert [a.name for a in layer.compatible_architectures] == ["arm64", "x86_64"]


# --- limits ------------------------------------------------------------------------------------------


def test_fifteen_runtimes_pass_and_sixteen_fail(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN 15 then 16 runtimes WHEN creating layers THEN only the second fails."""
    assert len(ALL_RUNTIMES) >= 16
    cl.Layer(stack, "Ok", code=code, compatible_runtimes=ALL_RUNTIMES[:15])
    with pytest.raises(ValidationError, match=r"Test/Bad: compatible_runtimes allows at most 15 runtimes"):
        cl.Layer(stack, "Bad", code=code, compatible_runtimes=ALL_RUNTIMES[:16])


def test_fails_when_runtimes_are_empty(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN an empty runtime list WHEN creating a layer THEN it is rejected before jsii."""
    with pytest.raises(ValidationError, match="compatible_runtimes must list at least one runtime"):
        cl.Layer(stack, "Layer", code=code, compatible_runtimes=[])


def test_fails_when_more_than_two_architectures(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN three architectures WHEN creating a layer THEN the limit of 2 is named."""
    archs = [lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64, lambda_.Architecture.ARM_64]
    with pytest.raises(ValidationError, match="compatible_architectures allows at most 2 architectures"):
        cl.Layer(stack, "Layer", code=code, compatible_architectures=archs)


def test_fails_when_an_architecture_repeats(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN arm64 twice WHEN creating a layer THEN the repetition is rejected."""
    archs = [lambda_.Architecture.ARM_64, lambda_.Architecture.ARM_64]
    with pytest.raises(ValidationError, match="must not repeat an architecture"):
        cl.Layer(stack, "Layer", code=code, compatible_architectures=archs)


@pytest.mark.parametrize(
    ("prop", "ok", "bad", "message"),
    [
        ("license", "x" * 512, "x" * 513, "license must be 0 to 512 characters"),
        ("description", "d" * 256, "d" * 257, "description must be 0 to 256 characters"),
        ("layer_version_name", "n" * 140, "n" * 141, "layer_version_name must be 1 to 140 characters"),
        ("layer_version_name", "a-b_C9", "a.b", "layer_version_name must be letters, digits"),
    ],
)
def test_string_limits_just_inside_and_outside(
    stack: Stack, code: lambda_.Code, prop: str, ok: str, bad: str, message: str
) -> None:
    """GIVEN a value at the limit and one past it WHEN creating layers THEN only the second fails."""
    cl.Layer(stack, "Ok", code=code, **{prop: ok})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=message):
        cl.Layer(stack, "Bad", code=code, **{prop: bad})  # type: ignore[arg-type]


def test_unzipped_size_limit_just_inside_and_outside(stack: Stack, tmp_path: Path) -> None:
    """GIVEN content of exactly 250 MB and one byte more WHEN creating layers THEN only the second fails."""
    for name, size in (("ok", MAX_UNZIPPED_BYTES), ("bad", MAX_UNZIPPED_BYTES + 1)):
        (tmp_path / name / "lib").mkdir(parents=True)
        with open(tmp_path / name / "lib" / "blob.bin", "wb") as blob:
            blob.truncate(size)  # sparse: no disk used

    layer = cl.Layer(stack, "Ok", code=lambda_.Code.from_asset(str(tmp_path / "ok")))
    with pytest.raises(ValidationError, match=r"code must be at most 262144000 bytes \(250 MB\) unzipped"):
        cl.Layer(stack, "Bad", code=lambda_.Code.from_asset(str(tmp_path / "bad")))
    assert layer.unzipped_size_bytes == MAX_UNZIPPED_BYTES


# --- sharing -----------------------------------------------------------------------------------------


def test_sharing_creates_retained_get_layer_version_permissions(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN accounts, '*' and an organization WHEN sharing THEN each gets a retained permission."""
    cl.Layer(
        stack,
        "Layer",
        code=code,
        share_with_accounts=["111122223333", "*"],
        share_with_organizations=["o-a1b2c3d4e5"],
    )

    template = template_of(stack)
    template.resource_count_is("AWS::Lambda::LayerVersionPermission", 3)
    for principal, org in (("111122223333", Match.absent()), ("*", Match.absent()), ("*", "o-a1b2c3d4e5")):
        template.has_resource(
            "AWS::Lambda::LayerVersionPermission",
            {
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "Action": "lambda:GetLayerVersion",
                    "Principal": principal,
                    "OrganizationId": org,
                    "LayerVersionArn": {"Ref": Match.string_like_regexp("^Layer")},
                },
            },
        )
    assert_cfn_lint_clean(stack)


def test_add_permission_is_retained_with_the_layer(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN the L2-style add_permission WHEN called THEN the permission is retained too (#21232)."""
    layer = cl.Layer(stack, "Layer", code=code)

    layer.add_permission("Partner", account_id="444455556666")

    template_of(stack).has_resource(
        "AWS::Lambda::LayerVersionPermission",
        {"DeletionPolicy": "Retain", "Properties": {"Principal": "444455556666"}},
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"share_with_accounts": ["12345678901"]}, r"share_with_accounts must be a 12-digit account ID"),
        ({"share_with_accounts": ["1234567890123"]}, r"share_with_accounts must be a 12-digit account ID"),
        ({"share_with_organizations": ["o-abc"]}, r"share_with_organizations must be an organization ID"),
        (
            {"share_with_organizations": ["O-A1B2C3D4E5"]},
            r"share_with_organizations must be an organization ID",
        ),
        ({"share_with_accounts": ["111122223333", "111122223333"]}, r"must not repeat an entry"),
    ],
)
def test_fails_when_sharing_targets_are_invalid(
    stack: Stack, code: lambda_.Code, kwargs: dict[str, object], message: str
) -> None:
    """GIVEN a malformed or repeated principal WHEN sharing THEN it is rejected before jsii."""
    with pytest.raises(ValidationError, match=message):
        cl.Layer(stack, "Layer", code=code, **kwargs)  # type: ignore[arg-type]


def test_organization_ids_of_10_and_32_characters_pass(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN organization IDs at both length limits WHEN sharing THEN both are accepted."""
    cl.Layer(stack, "Layer", code=code, share_with_organizations=["o-" + "a" * 10, "o-" + "b" * 32])

    template_of(stack).resource_count_is("AWS::Lambda::LayerVersionPermission", 2)


def test_add_permission_fails_when_organization_without_star(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN an organization with a specific account WHEN adding a permission THEN account_id is named."""
    layer = cl.Layer(stack, "Layer", code=code)
    with pytest.raises(ValidationError, match=r'account_id must be "\*" when organization_id is given'):
        layer.add_permission("Org", account_id="111122223333", organization_id="o-a1b2c3d4e5")


# --- content layout ----------------------------------------------------------------------------------


def test_no_warning_when_content_matches_the_runtime(stack: Stack, code: lambda_.Code) -> None:
    """GIVEN python/ content and a Python runtime WHEN synthesized THEN no layout warning."""
    cl.Layer(stack, "Layer", code=code, compatible_runtimes=[PY312])

    assert not [w for w in _warnings(stack) if "layerContentLayout" in w or "Layer " in w]


def test_warns_with_the_expected_path_when_content_misses_the_runtime(
    stack: Stack, code: lambda_.Code
) -> None:
    """GIVEN python/ content declared for Node.js WHEN synthesized THEN the warning names nodejs/."""
    cl.Layer(stack, "Layer", code=code, compatible_runtimes=[lambda_.Runtime.NODEJS_20_X])

    assert any("nodejs20.x" in w and "nodejs/node_modules/" in w for w in _warnings(stack))


def test_warns_when_site_packages_version_differs(stack: Stack, tmp_path: Path) -> None:
    """GIVEN python/lib/python3.9/site-packages WHEN declared for 3.12 THEN the warning names python3.12."""
    (tmp_path / "python" / "lib" / "python3.9" / "site-packages" / "x").mkdir(parents=True)
    (tmp_path / "python" / "lib" / "python3.9" / "site-packages" / "x" / "__init__.py").write_text("")

    cl.Layer(stack, "Layer", code=lambda_.Code.from_asset(str(tmp_path)), compatible_runtimes=[PY312])

    assert any("python/lib/python3.12/site-packages/" in w for w in _warnings(stack))


def test_bin_content_serves_every_runtime(stack: Stack, tmp_path: Path) -> None:
    """GIVEN a zip with only bin/ WHEN declared for Java THEN there is no layout warning."""
    archive = tmp_path / "jq.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bin/jq", b"#!/bin/sh\n")

    layer = cl.Layer(
        stack,
        "Layer",
        code=lambda_.Code.from_asset(str(archive)),
        compatible_runtimes=[lambda_.Runtime.JAVA_21],
    )

    assert not [w for w in _warnings(stack) if "Layer " in w]
    assert layer.unzipped_size_bytes == len(b"#!/bin/sh\n")


def test_warns_when_content_is_on_no_search_path(stack: Stack, tmp_path: Path) -> None:
    """GIVEN loose files and no runtimes WHEN synthesized THEN the warning lists the searched paths."""
    (tmp_path / "handler.py").write_text("")

    cl.Layer(stack, "Layer", code=lambda_.Code.from_asset(str(tmp_path)))

    assert any("nothing under a path Lambda searches" in w for w in _warnings(stack))


# --- sizes for the function check ---------------------------------------------------------------------


def test_sizes_are_unknown_for_imported_layers_and_s3_code(
    stack: Stack, code: lambda_.Code, content: Path
) -> None:
    """GIVEN an imported layer and S3 code WHEN asking for sizes THEN None; local code gives bytes."""
    imported = lambda_.LayerVersion.from_layer_version_arn(
        stack, "Imported", "arn:aws:lambda:eu-west-1:123456789012:layer:x:1"
    )
    layer = cl.Layer(stack, "Layer", code=code)
    s3_code = lambda_.Code.from_bucket_v2(s3.Bucket.from_bucket_name(stack, "B", "bucket"), "key.zip")

    assert layer_unzipped_size(imported) is None
    assert layer_unzipped_size(layer) == len("VALUE = 1\n")
    assert code_unzipped_size(s3_code) is None
    assert code_unzipped_size(lambda_.Code.from_asset(str(content))) == len("VALUE = 1\n")
