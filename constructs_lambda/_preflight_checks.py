"""The per-function checks of the deploy preflight: one ``FunctionChecks`` per function present in both
the deployed and the new template, producing ``Finding``s (see ``constructs_lambda._preflight``).
"""

from __future__ import annotations

from typing import Any

from . import _preflight_rules as rules
from ._preflight_findings import ERROR, INFO, WARNING, Finding
from ._preflight_template import TemplateGraph, changed_keys, references
from ._preflight_template import show_value as _show


class FunctionChecks:
    """One function in both templates and the findings about it."""

    def __init__(
        self, stack: str, before: TemplateGraph, after: TemplateGraph, old_id: str, new_id: str
    ) -> None:
        self.stack, self.before, self.after = stack, before, after
        self.old_id, self.new_id = old_id, new_id
        self.old_fn, self.new_fn = before.props(old_id), after.props(new_id)
        self.old_related, self.new_related = before.related(old_id), after.related(new_id)
        self.out: list[Finding] = []

    def add(self, severity: str, logical_id: str, kind: str, message: str) -> None:
        self.out.append(
            Finding(severity=severity, stack=self.stack, logical_id=logical_id, kind=kind, message=message)
        )

    def findings(self) -> list[Finding]:
        self._function_replacement()
        self._versions()
        self._switches()
        self._related_replacements()
        self._logs()
        self._concurrency()
        return self.out

    # -- the function itself -----------------------------------------------------------------------------

    def _function_replacement(self) -> None:
        name_old, name_new = self.old_fn.get("FunctionName"), self.new_fn.get("FunctionName")
        fixed_name = name_new is not None and name_old == name_new
        if self.old_id != self.new_id:
            severity, why = (
                (ERROR, f"its fixed FunctionName {_show(name_new)} is still in use")
                if fixed_name
                else (WARNING, "a new function is created and the old one deleted")
            )
            self.add(
                severity,
                self.new_id,
                "replacement-fails" if fixed_name else "replaced-logical-id",
                f"function's logical ID changes from {self.old_id}: {why}",
            )
        for prop in rules.CREATE_ONLY_FUNCTION_SETTINGS:
            old, new = self.old_fn.get(prop), self.new_fn.get(prop)
            if old == new:
                continue
            add_remove_only = prop in rules.ADD_REMOVE_REPLACES[rules.FUNCTION]
            if add_remove_only and old is not None and new is not None:
                self.add(
                    INFO,
                    self.new_id,
                    "create-only-setting",
                    f"{prop} changes {_show(old)} -> {_show(new)}: updated in place",
                )
                continue
            what = "added" if old is None else "removed" if new is None else "changed"
            if fixed_name:
                self.add(
                    ERROR,
                    self.new_id,
                    "create-only-setting",
                    f"{prop} {what} ({_show(old)} -> {_show(new)}) requires replacement, which fails "
                    f"because FunctionName {_show(name_new)} is fixed; see "
                    f"{rules.reference_url(rules.FUNCTION)}",
                )
            else:
                self.add(
                    WARNING,
                    self.new_id,
                    "create-only-setting",
                    f"{prop} {what} ({_show(old)} -> {_show(new)}) requires replacement: the function is "
                    f"created again under a new name (its ARN changes, its versions and aliases follow); see "
                    f"{rules.reference_url(rules.FUNCTION)}",
                )
        for prop in ("FunctionName", "PackageType"):
            old, new = self.old_fn.get(prop), self.new_fn.get(prop)
            if old == new:
                continue
            change = f"{prop} changes {_show(old)} -> {_show(new)}"
            if fixed_name:  # only PackageType can get here: a FunctionName change is a new name
                self.add(
                    ERROR,
                    self.new_id,
                    "replacement-fails",
                    f"{change}, which requires replacement, but FunctionName {_show(name_new)} is fixed; "
                    f"see {rules.reference_url(rules.FUNCTION)}",
                )
            else:
                self.add(
                    WARNING,
                    self.new_id,
                    "replaced-property",
                    f"{change}: the function is replaced; see {rules.reference_url(rules.FUNCTION)}",
                )

    def _locked_changes(self) -> list[str]:
        changes: list[str] = []
        for key in changed_keys(self.old_fn, self.new_fn):
            if key not in rules.VERSION_LOCKED:
                continue
            old, new = self.old_fn.get(key), self.new_fn.get(key)
            if isinstance(old, dict) and isinstance(new, dict):
                changes.extend(f"{key}.{sub}" for sub in changed_keys(old, new))
            else:
                changes.append(key)
        return changes

    def _versions(self) -> None:
        old_versions = sorted(v for v in self.old_related if self.before.type_of(v) == rules.VERSION)
        new_versions = sorted(v for v in self.new_related if self.after.type_of(v) == rules.VERSION)
        locked = self._locked_changes()
        because = (
            "because " + ", ".join(locked) + " changed"
            if locked
            else ("though no version-locked function property changed")
        )
        created = [v for v in new_versions if v not in old_versions]
        if created and old_versions and not locked and not self._function_replaced():
            # Lambda publishes a version only when code or configuration changed since the last one; the
            # new AWS::Lambda::Version fails with "A version for this Lambda function exists"
            # (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html, aws-cdk#26739).
            for version in created:
                self.add(
                    ERROR,
                    version,
                    "version-exists",
                    f"the Version of {self.new_id} gets a new logical ID but no version-locked property of "
                    "the function changed: Lambda refuses to publish an identical version "
                    f"({rules.ISSUE_VERSION_EXISTS})",
                )
        elif created:
            replaced = [v for v in old_versions if v not in new_versions]
            was = f" (replacing {', '.join(replaced)})" if replaced else ""
            for version in created:
                self.add(
                    INFO, version, "new-version", f"publishes a new version of {self.new_id}{was} {because}"
                )
        elif new_versions and locked:
            self.add(
                WARNING,
                new_versions[0],
                "version-not-published",
                f"{', '.join(locked)} changed but the Version keeps its logical ID, so no version is "
                "published and aliases keep serving the old one",
            )
        elif locked and not self._function_replaced():
            self.add(
                INFO, self.new_id, "function-updated", f"$LATEST is updated: {', '.join(locked)} changed"
            )

    def _function_replaced(self) -> bool:
        """Whether the deploy creates the function again (new logical ID or a create-only change)."""
        if self.old_id != self.new_id:
            return True
        if any(self.old_fn.get(p) != self.new_fn.get(p) for p in rules.REPLACING_PROPERTIES[rules.FUNCTION]):
            return True
        return any(
            (self.old_fn.get(p) is None) != (self.new_fn.get(p) is None)
            for p in rules.ADD_REMOVE_REPLACES[rules.FUNCTION]
        )

    def _switches(self) -> None:
        old_arch = self.old_fn.get("Architectures") or [rules.DEFAULT_ARCHITECTURE]
        new_arch = self.new_fn.get("Architectures") or [rules.DEFAULT_ARCHITECTURE]
        if old_arch != new_arch:
            self.add(
                WARNING,
                self.new_id,
                "architecture-switch",
                f"architecture changes {'/'.join(map(str, old_arch))} -> {'/'.join(map(str, new_arch))}: "
                "native code (wheels, layers, binaries) built for the old one fails at import",
            )
        old_rt, new_rt = self.old_fn.get("Runtime"), self.new_fn.get("Runtime")
        if old_rt != new_rt and old_rt is not None and new_rt is not None:
            self.add(
                WARNING,
                self.new_id,
                "runtime-switch",
                f"runtime changes {old_rt} -> {new_rt}: native extensions and layers built for {old_rt} "
                "may fail at import",
            )

    # -- resources that belong to the function -----------------------------------------------------------

    def _related_replacements(self) -> None:
        by_type: dict[str, tuple[list[str], list[str]]] = {}
        for lid in sorted(self.old_related - set(self.after.resources)):
            by_type.setdefault(self.before.type_of(lid), ([], []))[0].append(lid)
        for lid in sorted(self.new_related - set(self.before.resources)):
            by_type.setdefault(self.after.type_of(lid), ([], []))[1].append(lid)
        for resource_type, (gone, came) in sorted(by_type.items()):
            if resource_type == rules.VERSION:
                continue  # _versions explains these
            for old_id, new_id in self._match(resource_type, gone, came):
                self._logical_id_change(resource_type, old_id, new_id)
        for lid in sorted(self.old_related & self.new_related):
            if self.before.type_of(lid) == self.after.type_of(lid):
                self._property_replacement(self.after.type_of(lid), lid)

    def _match(self, resource_type: str, gone: list[str], came: list[str]) -> list[tuple[str, str]]:
        """Disappearing and appearing resources of one type paired: by fixed name, else one to one."""
        name_prop = rules.FIXED_NAME_PROPERTY.get(resource_type)
        pairs: list[tuple[str, str]] = []
        if name_prop is not None:
            for old_id in list(gone):
                name = self.before.props(old_id).get(name_prop)
                match = next(
                    (n for n in came if name is not None and self.after.props(n).get(name_prop) == name), None
                )
                if match is not None:
                    pairs.append((old_id, match))
                    gone.remove(old_id)
                    came.remove(match)
        if len(gone) == 1 and len(came) == 1:
            pairs.append((gone[0], came[0]))
        return pairs

    def _logical_id_change(self, resource_type: str, old_id: str, new_id: str) -> None:
        name_prop = rules.FIXED_NAME_PROPERTY.get(resource_type, "")
        name = self.after.props(new_id).get(name_prop)
        same_name = name is not None and self.before.props(old_id).get(name_prop) == name
        if resource_type == rules.ALIAS and same_name and not self._function_replaced():
            self.add(
                ERROR,
                new_id,
                "replacement-fails",
                f"alias {_show(name)} changes logical ID {old_id} -> {new_id}: CloudFormation creates the "
                f"new alias first and Lambda refuses a second alias of that name on {self.new_id} "
                f"({rules.ISSUE_ALIAS_NAME_COLLISION})",
            )
        elif same_name and resource_type != rules.ALIAS:
            self.add(
                ERROR,
                new_id,
                "replacement-fails",
                f"{resource_type} changes logical ID {old_id} -> {new_id} but keeps {name_prop} "
                f"{_show(name)}: creating the new one fails because the name is taken; see "
                f"{rules.reference_url(resource_type)}",
            )
        else:
            self.add(
                INFO,
                new_id,
                "replaced-logical-id",
                f"{resource_type} {old_id} is replaced by {new_id} (logical ID changed)",
            )

    def _property_replacement(self, resource_type: str, lid: str) -> None:
        old, new = self.before.props(lid), self.after.props(lid)
        if resource_type in rules.ALL_PROPERTIES_REPLACE:
            changed = changed_keys(old, new)
        else:
            changed = [
                p for p in rules.REPLACING_PROPERTIES.get(resource_type, ()) if old.get(p) != new.get(p)
            ]
        if not changed:
            return
        name_prop = rules.FIXED_NAME_PROPERTY.get(resource_type, "")
        name = new.get(name_prop)
        where = f"see {rules.reference_url(resource_type)}"
        if name is not None and old.get(name_prop) == name:
            self.add(
                ERROR,
                lid,
                "replacement-fails",
                f"{', '.join(changed)} changed, which requires replacement, but {name_prop} {_show(name)} "
                f"is fixed, so creating the replacement fails; {where}",
            )
            return
        detail = ", ".join(f"{p} {_show(old.get(p))} -> {_show(new.get(p))}" for p in changed)
        if resource_type == rules.VERSION and not self._locked_changes() and not self._function_replaced():
            self.add(
                ERROR,
                lid,
                "version-exists",
                f"{detail} replaces the Version, but the function did not change: Lambda refuses to publish "
                f"an identical version ({rules.ISSUE_VERSION_EXISTS}); change the function in that deploy",
            )
            return
        message = f"{resource_type} is replaced because {detail}; {where}"
        # On replacement CloudFormation applies the old resource's UpdateReplacePolicy (default Delete).
        if (
            resource_type == rules.LOG_GROUP
            and self.before.resources[lid].get("UpdateReplacePolicy") != "Retain"
        ):
            self.add(
                WARNING, lid, "replaced-property", message + "; the old group is deleted with its events"
            )
        else:
            self.add(INFO, lid, "replaced-property", message)

    # -- logs ----------------------------------------------------------------------------------------------

    def _log_destination(self, doc: TemplateGraph, fn_id: str) -> tuple[str, str | None, int | None]:
        """Where the function logs: (description, log group logical ID or None, retention days or None)."""
        props = doc.props(fn_id)
        target = (props.get("LoggingConfig") or {}).get("LogGroup")
        group_id: str | None = None
        if isinstance(target, dict):
            group_id = next((r for r in references(target) if doc.type_of(r) == rules.LOG_GROUP), None)
        if target is None:
            # The implicit /aws/lambda/<name> group, perhaps declared in the template (the L2's
            # useCdkManagedLogGroup) or given a retention by Custom::LogRetention.
            implicit = (rules.LOG_GROUP, rules.LOG_RETENTION)
            group_id = next(
                (
                    lid
                    for lid in sorted(doc.related(fn_id))
                    if doc.type_of(lid) in implicit
                    and "/aws/lambda/" in _show(doc.props(lid).get("LogGroupName"))
                ),
                None,
            )
        if group_id is not None:
            group = doc.props(group_id)
            days = group.get("RetentionInDays")
            retention = int(days) if isinstance(days, int | str) and str(days).isdigit() else None
            name = group.get("LogGroupName")
            if doc.type_of(group_id) == rules.LOG_RETENTION:
                return f"implicit group {_show(name)} with retention set by {group_id}", None, retention
            shown = _show(name) if name is not None else "with a generated name"
            return f"log group {group_id} in the template ({shown})", group_id, retention
        if target is not None:
            return f"named group {_show(target)} (not in this template)", None, None
        name = props.get("FunctionName")
        return (
            f"implicit group /aws/lambda/{name if isinstance(name, str) else '<function name>'}",
            None,
            None,
        )

    def _logs(self) -> None:
        old_where, _, old_days = self._log_destination(self.before, self.old_id)
        new_where, new_group, new_days = self._log_destination(self.after, self.new_id)
        if old_where != new_where:
            self.add(
                INFO, self.new_id, "logs-destination", f"logs go to {old_where} before, {new_where} after"
            )
        if new_days is not None and (old_days is None or new_days < old_days):
            kept = "forever" if old_days is None else f"{old_days} days"
            if old_where == new_where:
                self.add(
                    WARNING,
                    new_group or self.new_id,
                    "log-retention-shortened",
                    f"log retention shortens from {kept} to {new_days} days: older log events are deleted; "
                    f"see {rules.reference_url(rules.LOG_GROUP)}",
                )
            else:
                self.add(
                    INFO,
                    new_group or self.new_id,
                    "log-retention-shortened",
                    f"the new log group keeps events {new_days} days (the old one kept them {kept})",
                )
        for lid in sorted(self.old_related - set(self.after.resources)):
            resource = self.before.resources[lid]
            if self.before.type_of(lid) == rules.LOG_RETENTION:
                self.add(
                    INFO,
                    lid,
                    "log-retention-removed",
                    "Custom::LogRetention is removed: the retention it set stays on the log group until "
                    "something else sets it",
                )
            elif self.before.type_of(lid) == rules.LOG_GROUP and resource.get("DeletionPolicy") not in (
                "Retain",
                "RetainExceptOnCreate",
                "Snapshot",
            ):
                self.add(
                    WARNING,
                    lid,
                    "log-group-deleted",
                    "log group is removed from the template without DeletionPolicy Retain: it is deleted "
                    "with its log events",
                )

    # -- provisioned concurrency and autoscaling -----------------------------------------------------------

    def _aliases(self, doc: TemplateGraph, related: set[str]) -> dict[str, str]:
        return {str(doc.props(lid).get("Name")): lid for lid in related if doc.type_of(lid) == rules.ALIAS}

    def _concurrency(self) -> None:
        old_aliases = self._aliases(self.before, self.old_related)
        new_aliases = self._aliases(self.after, self.new_related)
        for name in sorted(set(old_aliases) | set(new_aliases)):
            old_pc = self.before.props(old_aliases.get(name)).get("ProvisionedConcurrencyConfig")
            new_pc = self.after.props(new_aliases.get(name)).get("ProvisionedConcurrencyConfig")
            if old_pc != new_pc:
                self.add(
                    INFO,
                    new_aliases.get(name) or old_aliases[name],
                    "provisioned-concurrency",
                    f"provisioned concurrency of alias {name!r} changes {_pc(old_pc)} -> {_pc(new_pc)}",
                )
        old_pc = self._version_concurrency(self.before, self.old_related)
        new_pc = self._version_concurrency(self.after, self.new_related)
        if old_pc != new_pc:
            self.add(
                INFO,
                self.new_id,
                "provisioned-concurrency",
                f"provisioned concurrency on the Version changes {_pc(old_pc)} -> {_pc(new_pc)}",
            )
        old_targets = self._scaling(self.before, self.old_related)
        new_targets = self._scaling(self.after, self.new_related)
        if old_targets != new_targets:
            self.add(
                INFO,
                self.new_id,
                "scaling",
                f"autoscaling changes: {_scaling_summary(old_targets)} -> {_scaling_summary(new_targets)}",
            )
        if old_targets[0] and not new_targets[0]:
            kept = [name for name in old_aliases if name in new_aliases]
            for name in kept:
                pc = self.after.props(new_aliases[name]).get("ProvisionedConcurrencyConfig")
                self.add(
                    WARNING,
                    new_aliases[name],
                    "scaling-removed-pc-kept",
                    f"autoscaling of alias {name!r} is removed but the alias stays: the provisioned "
                    f"concurrency autoscaling last set is not cleaned up (template says {_pc(pc)}; "
                    f"{rules.ISSUE_SCALING_NOT_CLEANED_UP}); check it with "
                    "`aws lambda get-provisioned-concurrency-config`",
                )

    @staticmethod
    def _version_concurrency(doc: TemplateGraph, related: set[str]) -> Any:
        configs = [doc.props(v).get("ProvisionedConcurrencyConfig") for v in sorted(related)]
        return next(
            (
                pc
                for v, pc in zip(sorted(related), configs, strict=True)
                if pc and doc.type_of(v) == rules.VERSION
            ),
            None,
        )

    @staticmethod
    def _scaling(doc: TemplateGraph, related: set[str]) -> tuple[int, int, int]:
        targets = [lid for lid in related if doc.type_of(lid) == rules.SCALABLE_TARGET]
        policies = [lid for lid in related if doc.type_of(lid) == rules.SCALING_POLICY]
        scheduled = sum(len(doc.props(t).get("ScheduledActions") or []) for t in targets)
        return len(targets), len(policies), scheduled


def _pc(config: Any) -> str:
    if not config:
        return "none"
    if isinstance(config, dict) and "ProvisionedConcurrentExecutions" in config:
        return str(config["ProvisionedConcurrentExecutions"])
    return _show(config)


def _scaling_summary(counts: tuple[int, int, int]) -> str:
    targets, policies, scheduled = counts
    if not targets:
        return "none"
    return f"{targets} scalable target(s), {policies} scaling policy(ies), {scheduled} scheduled action(s)"
