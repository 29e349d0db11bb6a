"""Integration test, new side of the migration paths (docs/migration.md): the same stacks on the library.

Deploy ``integ_migrate_old.py`` first, then this app over it (same stack names; see that file).
A deploy should show: every function keeps its name and ARN, every alias "live" its logical ID, every log
group its name and events; tests/unit/test_migration.py proves the same on the templates.
"""

from aws_cdk import App
from aws_cdk.integ_tests_alpha import IntegTest
from migration_paths import assert_alias_answers, build_integ_app  # integ/ is on sys.path

app = App()
stacks = build_integ_app(app, new=True)
integ = IntegTest(app, "MigrateNew", test_cases=stacks)
assert_alias_answers(integ, stacks)

app.synth()
