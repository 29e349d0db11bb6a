"""Tests for Layer: validation, retention, sharing, content layout and size."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from aws_cdk import App, Aws, Fn, RemovalPolicy, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match

from constructs_lambda._errors import ValidationError
from constructs_lambda._layer import code_unzipped_size, layer_unzipped_size
from constructs_lambda._limits import UNZIPPED_MAX_BYTES
from tests.helpers import assert_cfn_lint_clean, make_layer, template_of

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
    """A layer with defaults: the version is retained and cfn-lint is clean."""
    # GIVEN a layer with defaults
    # WHEN synthesized
    layer = make_layer(stack, code=code, compatible_runtimes=[PY312], description="shared libs")

    # THEN the version is retained and cfn-lint is clean
    template_of(stack).has_resource(
        "AWS::Lambda::LayerVersion",
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "CompatibleRuntimes": ["python3.12"],
                "Description": "shared libs",
                "CompatibleArchitectures": Match.absent(),
            },
        },
    )
    assert isinstance(layer, lambda_.LayerVersion)
    assert_cfn_lint_clean(stack)


def test_removal_policy_destroy_applies_to_layer_and_permissions(stack: Stack, code: lambda_.Code) -> None:
    """removal_policy=DESTROY: layer and permission both use Delete."""
    # GIVEN removal_policy=DESTROY
    make_layer(stack, code=code, removal_policy=RemovalPolicy.DESTROY, share_with_accounts=["111122223333"])

    # WHEN shared
    template = template_of(stack)
    # THEN layer and permission both use Delete
    template.has_resource("AWS::Lambda::LayerVersion", {"DeletionPolicy": "Delete"})
    template.has_resource("AWS::Lambda::LayerVersionPermission", {"DeletionPolicy": "Delete"})


def test_architectures_and_name_pass_through(stack: Stack, code: lambda_.Code) -> None:
    """architectures, a name and a license: they reach the resource."""
    # GIVEN architectures, a name and a license
    # WHEN synthesized
    make_layer(
        stack,
        code=code,
        compatible_architectures=[lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64],
        layer_version_name="shared-libs_v1",
        license="Apache-2.0",
    )

    # THEN they reach the resource
    template_of(stack).has_resource_properties(
        "AWS::Lambda::LayerVersion",
        {
            "CompatibleArchitectures": ["arm64", "x86_64"],
            "LayerName": "shared-libs_v1",
            "LicenseInfo": "Apache-2.0",
        },
    )


# --- limits ------------------------------------------------------------------------------------------


def test_fifteen_runtimes_pass_and_sixteen_fail(stack: Stack, code: lambda_.Code) -> None:
    """15 then 16 runtimes: only the second fails."""
    # GIVEN 15 then 16 runtimes
    # WHEN creating layers
    # THEN only the second fails
    assert len(ALL_RUNTIMES) >= 16
    make_layer(stack, "Ok", code=code, compatible_runtimes=ALL_RUNTIMES[:15])
    with pytest.raises(ValidationError, match=r"Test/Bad: compatible_runtimes allows at most 15 runtimes"):
        make_layer(stack, "Bad", code=code, compatible_runtimes=ALL_RUNTIMES[:16])


def test_fails_when_runtimes_are_empty(stack: Stack, code: lambda_.Code) -> None:
    """An empty runtime list: it is rejected before jsii."""
    # GIVEN an empty runtime list
    # WHEN creating a layer
    # THEN it is rejected before jsii
    with pytest.raises(ValidationError, match="compatible_runtimes must list at least one runtime"):
        make_layer(stack, code=code, compatible_runtimes=[])


def test_fails_when_more_than_two_architectures(stack: Stack, code: lambda_.Code) -> None:
    """Three architectures: the limit of 2 is named."""
    # GIVEN three architectures
    # WHEN creating a layer
    archs = [lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64, lambda_.Architecture.ARM_64]
    # THEN the limit of 2 is named
    with pytest.raises(ValidationError, match="compatible_architectures allows at most 2 architectures"):
        make_layer(stack, code=code, compatible_architectures=archs)


def test_fails_when_an_architecture_repeats(stack: Stack, code: lambda_.Code) -> None:
    """arm64 twice: the repetition is rejected."""
    # GIVEN arm64 twice
    # WHEN creating a layer
    archs = [lambda_.Architecture.ARM_64, lambda_.Architecture.ARM_64]
    # THEN the repetition is rejected
    with pytest.raises(ValidationError, match="must not repeat an architecture"):
        make_layer(stack, code=code, compatible_architectures=archs)


def test_fails_when_an_architecture_is_custom(stack: Stack, code: lambda_.Code) -> None:
    """Architecture.custom("riscv64"): the allowed names are listed."""
    # GIVEN Architecture.custom("riscv64")
    # WHEN creating a layer
    archs = [lambda_.Architecture.custom("riscv64")]
    # THEN the allowed names are listed
    with pytest.raises(
        ValidationError, match=r"compatible_architectures must be one of x86_64, arm64, got 'riscv64'"
    ):
        make_layer(stack, code=code, compatible_architectures=archs)


@pytest.mark.parametrize(
    ("prop", "ok", "bad", "message"),
    [
        ("license", "x" * 512, "x" * 513, "license must be 0 to 512 characters"),
        ("description", "d" * 256, "d" * 257, "description must be 0 to 256 characters"),
        ("layer_version_name", "n" * 140, "n" * 141, "layer_version_name must be 1 to 140 characters"),
        ("layer_version_name", "n", "", "layer_version_name must be 1 to 140 characters"),
        ("layer_version_name", "a-b_C9", "a.b", "layer_version_name must be letters, digits"),
        (
            "layer_version_name",
            "arn:aws:lambda:eu-west-1:123456789012:layer:shared",
            "arn:aws:lambda:eu-west-1:123456789012:layer:shared:3",
            "layer_version_name must be letters, digits",
        ),
    ],
    ids=[
        "license",
        "description",
        "layer_version_name-length",
        "layer_version_name-empty",
        "layer_version_name-characters",
        "layer_version_name-arn",
    ],
)
def test_string_limits_just_inside_and_outside(
    stack: Stack, code: lambda_.Code, prop: str, ok: str, bad: str, message: str
) -> None:
    """A value at the limit and one past it: only the second fails."""
    # GIVEN a value at the limit and one past it
    # WHEN creating layers
    make_layer(stack, "Ok", code=code, **{prop: ok})
    # THEN only the second fails
    with pytest.raises(ValidationError, match=message):
        make_layer(stack, "Bad", code=code, **{prop: bad})


def test_unzipped_size_limit_just_inside_and_outside(stack: Stack, tmp_path: Path) -> None:
    """Content of exactly 250 MB and one byte more: only the second fails."""
    # GIVEN content of exactly 250 MB and one byte more
    for name, size in (("ok", UNZIPPED_MAX_BYTES), ("bad", UNZIPPED_MAX_BYTES + 1)):
        (tmp_path / name / "lib").mkdir(parents=True)
        with open(tmp_path / name / "lib" / "blob.bin", "wb") as blob:
            blob.truncate(size)  # sparse: no disk used

    # WHEN creating layers
    layer = make_layer(stack, "Ok", code=lambda_.Code.from_asset(str(tmp_path / "ok")))
    # THEN only the second fails
    with pytest.raises(ValidationError, match=r"Test/Bad: code must keep .* within 262144000 bytes"):
        make_layer(stack, "Bad", code=lambda_.Code.from_asset(str(tmp_path / "bad")))
    assert layer.unzipped_size_bytes == UNZIPPED_MAX_BYTES


# --- sharing -----------------------------------------------------------------------------------------


def test_sharing_creates_retained_get_layer_version_permissions(stack: Stack, code: lambda_.Code) -> None:
    """accounts, '*' and an organization: each gets a retained permission."""
    # GIVEN accounts, '*' and an organization
    make_layer(
        stack,
        code=code,
        share_with_accounts=["111122223333", "*"],
        share_with_organizations=["o-a1b2c3d4e5"],
    )

    # WHEN sharing
    template = template_of(stack)
    # THEN each gets a retained permission
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
    """The L2-style add_permission: the permission is retained too (#21232)."""
    # GIVEN the L2-style add_permission
    layer = make_layer(stack, code=code)

    # WHEN called
    layer.add_permission("Partner", account_id="444455556666")

    # THEN the permission is retained too (#21232)
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
        ({"share_with_accounts": [Aws.ACCOUNT_ID] * 2}, r"share_with_accounts must not repeat an entry"),
        (
            {"share_with_organizations": ["o-a1b2c3d4e5", "o-a1b2c3d4e5"]},
            r"share_with_organizations must not repeat an entry",
        ),
        (
            {"share_with_accounts": "111122223333"},
            r"share_with_accounts must be a list of account IDs, not one string, got '111122223333'",
        ),
        (
            {"share_with_organizations": "o-a1b2c3d4e5"},
            r"share_with_organizations must be a list of organization IDs, not one string",
        ),
    ],
    ids=[
        "account-11-digits",
        "account-13-digits",
        "organization-short",
        "organization-upper-case",
        "accounts-repeated",
        "account-token-repeated",
        "organizations-repeated",
        "accounts-one-string",
        "organizations-one-string",
    ],
)
def test_fails_when_sharing_targets_are_invalid(
    stack: Stack, code: lambda_.Code, kwargs: dict[str, object], message: str
) -> None:
    """A malformed or repeated principal: it is rejected before jsii."""
    # GIVEN a malformed or repeated principal
    # WHEN sharing
    # THEN it is rejected before jsii
    with pytest.raises(ValidationError, match=message):
        make_layer(stack, code=code, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ok", "bad"),
    [("o-" + "a" * 10, "o-" + "a" * 9), ("o-" + "b" * 32, "o-" + "b" * 33)],
    ids=["shortest", "longest"],
)
def test_organization_id_length_just_inside_and_outside(
    stack: Stack, code: lambda_.Code, ok: str, bad: str
) -> None:
    """Organization IDs of 10 / 32 characters and 9 / 33: only the second fails."""
    # GIVEN organization IDs of 10 / 32 characters and 9 / 33
    # WHEN sharing
    make_layer(stack, "Ok", code=code, share_with_organizations=[ok])
    # THEN only the second fails
    with pytest.raises(ValidationError, match=r"Test/Bad: share_with_organizations must be an organization"):
        make_layer(stack, "Bad", code=code, share_with_organizations=[bad])

    template_of(stack).has_resource_properties("AWS::Lambda::LayerVersionPermission", {"OrganizationId": ok})


def test_sharing_with_tokens_synthesizes(stack: Stack, code: lambda_.Code) -> None:
    """A token account and a token organization: each gets a permission."""
    # GIVEN a token account and a token organization
    make_layer(
        stack,
        code=code,
        share_with_accounts=[Aws.ACCOUNT_ID, "111122223333"],
        share_with_organizations=[Fn.import_value("Org")],
    )

    # WHEN synthesized
    template = template_of(stack)
    # THEN each gets a permission
    template.resource_count_is("AWS::Lambda::LayerVersionPermission", 3)
    template.has_resource_properties(
        "AWS::Lambda::LayerVersionPermission", {"Principal": {"Ref": "AWS::AccountId"}}
    )
    template.has_resource_properties(
        "AWS::Lambda::LayerVersionPermission",
        {"Principal": "*", "OrganizationId": {"Fn::ImportValue": "Org"}},
    )
    assert stack.node.find_child("Layer").node.try_find_child("Share111122223333") is not None


@pytest.mark.parametrize(
    "accounts",
    [
        [Aws.ACCOUNT_ID, Fn.import_value("Partner")],
        ["111122223333", Aws.ACCOUNT_ID, Fn.import_value("Partner")],
    ],
    ids=["two-tokens", "literal-and-two-tokens"],
)
def test_token_share_ids_are_numbered_among_tokens(
    stack: Stack, code: lambda_.Code, accounts: list[str]
) -> None:
    """Two different tokens, then a literal account before them: the tokens keep their IDs (numbered among tokens only), so adding the literal replaces no permission."""
    # GIVEN two different tokens, then a literal account before them
    # WHEN sharing
    layer = make_layer(stack, code=code, share_with_accounts=accounts)

    # THEN the tokens keep their IDs (numbered among tokens only), so adding the literal replaces no permission
    permissions = [layer.node.find_child(f"ShareAccount{i}") for i in range(2)]
    assert [p.principal for p in permissions if isinstance(p, lambda_.CfnLayerVersionPermission)] == [
        Aws.ACCOUNT_ID,
        accounts[-1],
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"account_id": "12345678901"}, r"Test/Layer/Bad: account_id must be a 12-digit account ID"),
        (
            {"account_id": "*", "organization_id": "o-" + "a" * 9},
            r"Test/Layer/Bad: organization_id must be an organization ID",
        ),
        (
            {"account_id": "111122223333", "organization_id": "o-a1b2c3d4e5"},
            r'account_id must be "\*" when organization_id is given',
        ),
    ],
    ids=[
        "account_id=12345678901",
        "account_id=*,organization_id",
        "account_id=111122223333,organization_id=o-a1b2c3",
    ],
)
def test_add_permission_checks_its_own_arguments(
    stack: Stack, code: lambda_.Code, kwargs: dict[str, str], message: str
) -> None:
    """A valid and a malformed principal: only the second fails."""
    # GIVEN a valid and a malformed principal
    layer = make_layer(stack, code=code)
    layer.add_permission("Ok", account_id="123456789012")
    # WHEN adding permissions
    layer.add_permission("OkOrg", account_id="*", organization_id="o-" + "a" * 10)
    # THEN only the second fails
    with pytest.raises(ValidationError, match=message):
        layer.add_permission("Bad", **kwargs)


# --- content layout ----------------------------------------------------------------------------------


def test_no_warning_when_content_matches_the_runtime(stack: Stack, code: lambda_.Code) -> None:
    """python/ content and a Python runtime: no layout warning."""
    # GIVEN python/ content and a Python runtime
    # WHEN synthesized
    make_layer(stack, code=code, compatible_runtimes=[PY312])

    # THEN no layout warning
    assert not [w for w in _warnings(stack) if "layerContentLayout" in w or "Layer " in w]


def test_warns_with_the_expected_path_when_content_misses_the_runtime(
    stack: Stack, code: lambda_.Code
) -> None:
    """python/ content declared for Node.js: the warning names nodejs/."""
    # GIVEN python/ content declared for Node.js
    # WHEN synthesized
    make_layer(stack, code=code, compatible_runtimes=[lambda_.Runtime.NODEJS_20_X])

    # THEN the warning names nodejs/
    assert any("nodejs20.x" in w and "nodejs/node_modules/" in w for w in _warnings(stack))


def _zip_layer(stack: Stack, archive: Path, names: list[str], runtimes: list[lambda_.Runtime] | None) -> None:
    with zipfile.ZipFile(archive, "w") as zf:
        for name in names:
            zf.writestr(name, b"")
    make_layer(stack, code=lambda_.Code.from_asset(str(archive)), compatible_runtimes=runtimes)


@pytest.mark.parametrize(
    ("runtime", "found", "missed", "expected"),
    [
        (lambda_.Runtime.NODEJS_20_X, "nodejs/node_modules/a/index.js", "node_modules/a/index.js", "nodejs/"),
        (
            lambda_.Runtime.NODEJS_20_X,
            "nodejs/node20/node_modules/a/index.js",
            "nodejs/node18/node_modules/a/index.js",
            "nodejs/node20/node_modules/",
        ),
        (lambda_.Runtime.JAVA_21, "java/lib/a.jar", "java/a.jar", "java/lib/"),
        (lambda_.Runtime.RUBY_3_3, "ruby/gems/3.3.0/gems/a/a.rb", "gems/a.rb", "ruby/gems/ or ruby/lib/"),
        (lambda_.Runtime.RUBY_3_3, "ruby/lib/a.rb", "ruby/a.rb", "ruby/gems/ or ruby/lib/"),
        (
            PY312,
            "python/lib/python3.12/site-packages/a/__init__.py",
            "python/lib/python3.9/site-packages/a/__init__.py",
            "python/lib/python3.12/site-packages/",
        ),
    ],
    ids=["nodejs-node_modules", "nodejs-node20", "java-lib", "ruby-gems", "ruby-lib", "python-site-packages"],
)
def test_layout_just_on_and_just_off_each_search_path(
    app: App, tmp_path: Path, runtime: lambda_.Runtime, found: str, missed: str, expected: str
) -> None:
    """Content on a runtime's search path, then just off it: only the second warns."""
    # GIVEN content on a runtime's search path, then just off it
    on, off = Stack(app, "On"), Stack(app, "Off")
    _zip_layer(on, tmp_path / "on.zip", [found], [runtime])
    # WHEN synthesized
    _zip_layer(off, tmp_path / "off.zip", [missed], [runtime])

    # THEN only the second warns
    assert not _warnings(on)
    assert any(runtime.name in w and expected in w for w in _warnings(off))


def test_warns_about_another_site_packages_version_even_beside_bin(stack: Stack, tmp_path: Path) -> None:
    """bin/ and python/lib/python3.9/site-packages: 3.9 is still flagged."""
    # GIVEN bin/ and python/lib/python3.9/site-packages
    # WHEN declared for 3.12
    _zip_layer(
        stack,
        tmp_path / "layer.zip",
        ["bin/tool", "python/lib/python3.9/site-packages/x/__init__.py"],
        [PY312],
    )

    # THEN 3.9 is still flagged
    assert any(
        "python/lib/python3.9/site-packages/" in w and "python/lib/python3.12/site-packages/" in w
        for w in _warnings(stack)
    )


@pytest.mark.parametrize(
    ("runtimes", "one", "each", "expected"),
    [
        (
            [PY312, lambda_.Runtime.PYTHON_3_13],
            ["python/lib/python3.12/site-packages/a.py"],
            ["python/lib/python3.12/site-packages/a.py", "python/lib/python3.13/site-packages/a.py"],
            "declares python3.13 but has nothing under python/ or python/lib/python3.13/site-packages/",
        ),
        (
            [lambda_.Runtime.NODEJS_20_X, lambda_.Runtime.NODEJS_22_X],
            ["nodejs/node20/node_modules/a/index.js"],
            ["nodejs/node20/node_modules/a/index.js", "nodejs/node22/node_modules/a/index.js"],
            "declares nodejs22.x but has nothing under nodejs/node_modules/ or nodejs/node22/node_modules/",
        ),
    ],
    ids=["python", "nodejs"],
)
def test_versioned_folder_serves_only_its_own_version(
    app: App, tmp_path: Path, runtimes: list[lambda_.Runtime], one: list[str], each: list[str], expected: str
) -> None:
    """One version's folder, then each declared version's folder: only the first warns, naming the runtime that finds nothing and the path it reads."""
    # GIVEN one version's folder, then each declared version's folder
    one_stack, each_stack = Stack(app, "One"), Stack(app, "Each")
    _zip_layer(one_stack, tmp_path / "one.zip", one, runtimes)
    # WHEN declared for two versions
    _zip_layer(each_stack, tmp_path / "each.zip", each, runtimes)

    # THEN only the first warns, naming the runtime that finds nothing and the path it reads
    assert [expected in w for w in _warnings(one_stack)] == [True]
    assert not _warnings(each_stack)


def test_bin_content_serves_every_runtime(stack: Stack, tmp_path: Path) -> None:
    """A zip with only bin/: there is no layout warning."""
    # GIVEN a zip with only bin/
    archive = tmp_path / "jq.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bin/jq", b"#!/bin/sh\n")

    # WHEN declared for Java
    layer = make_layer(
        stack,
        code=lambda_.Code.from_asset(str(archive)),
        compatible_runtimes=[lambda_.Runtime.JAVA_21],
    )

    # THEN there is no layout warning
    assert not [w for w in _warnings(stack) if "Layer " in w]
    assert layer.unzipped_size_bytes == len(b"#!/bin/sh\n")


def test_versioned_folder_alone_is_on_a_search_path_without_runtimes(stack: Stack, tmp_path: Path) -> None:
    """Only a versioned site-packages folder and no runtimes: no warning."""
    # GIVEN only a versioned site-packages folder and no runtimes
    # WHEN synthesized
    _zip_layer(stack, tmp_path / "layer.zip", ["python/lib/python3.12/site-packages/a.py"], None)

    # THEN no warning
    assert not _warnings(stack)


def test_warns_when_content_is_on_no_search_path(stack: Stack, tmp_path: Path) -> None:
    """Loose files and no runtimes: the warning lists the searched paths."""
    # GIVEN loose files and no runtimes
    (tmp_path / "handler.py").write_text("")

    # WHEN synthesized
    make_layer(stack, code=lambda_.Code.from_asset(str(tmp_path)))

    # THEN the warning lists the searched paths
    assert any("nothing under a path Lambda searches" in w for w in _warnings(stack))


# --- sizes for the function check ---------------------------------------------------------------------


def test_sizes_are_unknown_for_imported_layers_and_s3_code(
    stack: Stack, code: lambda_.Code, content: Path
) -> None:
    """An imported layer and S3 code: None; local code gives bytes."""
    # GIVEN an imported layer and S3 code
    imported = lambda_.LayerVersion.from_layer_version_arn(
        stack, "Imported", "arn:aws:lambda:eu-west-1:123456789012:layer:x:1"
    )
    layer = make_layer(stack, code=code)
    # WHEN asking for sizes
    s3_code = lambda_.Code.from_bucket_v2(s3.Bucket.from_bucket_name(stack, "B", "bucket"), "key.zip")

    # THEN None; local code gives bytes
    assert layer_unzipped_size(imported) is None
    assert layer_unzipped_size(layer) == len("VALUE = 1\n")
    assert code_unzipped_size(s3_code) is None
    assert code_unzipped_size(lambda_.Code.from_asset(str(content))) == len("VALUE = 1\n")
