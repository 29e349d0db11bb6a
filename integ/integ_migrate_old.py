"""Integration test, old side of the migration paths (docs/migration.md): the L2 as teams deployed it.

``integ_migrate_old.py`` and ``integ_migrate_new.py`` hold the same stack names: deploy the old app, invoke
each function, then deploy the new app over it (not both at once). Per stack (integ/migration_paths.py):
MigrateAddAlias (fn.add_alias), MigrateVersionAlias (current_version.add_alias), MigrateAliasConstruct
(lambda_.Alias), MigrateAutoScaling (alias.add_auto_scaling), MigrateManagedLogGroup (useCdkManagedLogGroup),
MigrateImplicitLogGroup (Lambda's own /aws/lambda/<name>), MigrateLogRetention (log_retention) and
MigratePythonAlpha (PythonFunction and PythonLayerVersion).

A deploy should show: after the new app, every function keeps its name and ARN, every alias "live" its
logical ID (updated, never a second alias), every log group its name and events, no retention shorter than
before; tests/unit/test_migration.py proves the same on the templates. The implicit-log-group and
log-retention stacks name a deployed function (DEPLOYED_*_NAME): set yours before deploying them.
"""

from aws_cdk import App
from aws_cdk.integ_tests_alpha import IntegTest
from migration_paths import assert_alias_answers, build_integ_app  # integ/ is on sys.path

app = App()
stacks = build_integ_app(app, new=False)
integ = IntegTest(app, "MigrateOld", test_cases=stacks)
assert_alias_answers(integ, stacks)

app.synth()
