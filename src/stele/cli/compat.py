"""The bodies of `stele diff`, `stele check`, `stele rules` and `stele release`."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from stele.compat.model import Mode
from stele.diagnostics import Severity, SteleError, did_you_mean, error
from stele.report.model import Report, Result
from stele.span import Span

if TYPE_CHECKING:  # stele diff reads no stele.yaml unless --config names one
    from stele.config import Config


def mode_of(text: str, transitive: bool = False) -> Mode:
    name = text.upper().replace("-", "_")
    if transitive and not name.endswith("_TRANSITIVE") and name != "NONE":
        name += "_TRANSITIVE"
    try:
        return Mode(name)
    except ValueError:
        hint = did_you_mean(name, [m.value for m in Mode]) or "one of " + ", ".join(Mode)
        raise SteleError(
            [error("K020", f"unknown mode '{text}'", Span("--mode", 1, 1), hint)]
        ) from None


# ---------------------------------------------------------------------------------------------
# diff
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRequest:
    old: Path
    new: Path
    fmt: str | None = None
    mode: str = "backward"
    json_policy: str = "strict"
    protobuf_category: str | None = None  # None: the buf.yaml's `use`, else wire_json
    config: Config | None = None  # per-rule severity overrides come from its `rules:`
    proto_paths: tuple[Path, ...] = ()  # -I/--proto-path: include folders of both sides
    paths: tuple[str, ...] = ()  # --path: the files to compare, relative to each side's root
    buf_config: Path | None = None  # --config naming a buf.yaml


def run_diff(
    request: DiffRequest,
    output: str | None,
    fail_on: Severity = Severity.ERROR,
    exit_zero: bool = False,
) -> int:
    """Print the diff in the chosen output format; the exit code."""
    # start-up: each command of this module imports only its own work
    from stele.compat.catalogue import CheckerSettings
    from stele.compat.diff import diff_paths
    from stele.compat.proto_tree import ProtoOptions, normal_paths
    from stele.report import emit, resolve_output
    from stele.report.model import exit_code

    chosen = resolve_output(output)
    try:
        category = request.protobuf_category
        settings = CheckerSettings(request.json_policy, category or "wire_json")
        overrides = None
        if request.config is not None:
            # start-up: each command of this module imports only its own work
            from stele.compat.settings import severity_overrides

            overrides = severity_overrides(request.config)
        proto = ProtoOptions(
            request.proto_paths, normal_paths(request.paths), request.buf_config, bool(category)
        )
        result = diff_paths(
            request.old, request.new, request.fmt, mode_of(request.mode), settings, overrides, proto
        )
    except SteleError as exc:
        # The keys of the diff form stay, so that a reader of `compatible` finds no verdict.
        head: dict[str, Any] = {
            "compatible": None,
            "format": request.fmt,
            "mode": None,
            "findings": [],
        }
        echo_stopped("diff", exc, chosen, fail_on, head)
        raise
    for note in result.notes:  # warnings about the inputs: stderr, in every output format
        click.echo(note.render(), err=True)
    report = diff_report(result)
    if chosen == "json":
        # start-up: each command of this module imports only its own work
        from stele.report import json_report

        click.echo(_json({**result.to_json(), **json_report.document(report)}), nl=False)
    elif chosen == "text":
        # start-up: each command of this module imports only its own work
        from stele.report import text, use_color

        verdict = "compatible" if result.compatible else "incompatible"
        lines = text.body(report, use_color())  # the diff closes with its verdict instead
        lines.append(f"{verdict} ({result.format}, {result.mode.value}): {report.summary()}")
        click.echo("\n".join(lines) + "\n", nl=False)
    else:
        return emit(report, chosen, fail_on, exit_zero)
    return exit_code(report, fail_on, exit_zero)


def echo_stopped(
    command: str,
    exc: SteleError,
    chosen: str,
    fail_on: Severity,
    head: dict[str, Any] | None = None,
) -> None:
    """A run stopped by bad input (exit 2) still writes a document in a machine-read output
    format (json, sarif, junit, github) to stdout: its results are the errors, located. The
    errors go to stderr as well, as in every format. `head`: keys that open the JSON form."""
    # start-up: each command of this module imports only its own work
    from stele.report.diagnostics import diagnostics_report

    if chosen == "text":
        return
    found = diagnostics_report(command, exc.diagnostics, count_files=False)
    report = dataclasses.replace(found, stopped=True)
    if chosen == "json" and head is not None:
        # start-up: each command of this module imports only its own work
        from stele.report import json_report

        click.echo(_json({**head, **json_report.document(report)}), nl=False)
    else:
        # start-up: each command of this module imports only its own work
        from stele.report import render

        click.echo(render(report, chosen, fail_on), nl=False)


def diff_report(result: Any) -> Report:
    """One result per finding at its NEW location (OLD for a removal), the old one related; its
    message opens with its direction, `(backward)` or `(forward)`, as `stele check` opens each
    line with its direction and formats (the JSON `findings` keep the bare message beside their
    `direction`)."""
    # start-up: each command of this module imports only its own work
    from stele.report.findings import from_finding

    results = [_old_related(_directed(from_finding(f))) for f in result.findings]
    checks = [f"{result.format} {d.value}" for d in result.mode.directions]
    return Report.of("diff", results, checks)


def _directed(result: Result) -> Result:
    return dataclasses.replace(result, message=f"({result.direction}) {result.message}")


def _old_related(result: Result) -> Result:
    """In a diff the other side is the OLD file, not a baseline."""
    related = tuple(("old" if label == "baseline" else label, p) for label, p in result.related)
    return dataclasses.replace(result, related=related)


# ---------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------


def run_check(
    config: Config,
    against: str | None,
    mode: str | None,
    transitive: bool,
    verify: bool,
    output: str | None,
    fail_on: Severity = Severity.ERROR,
    exit_zero: bool = False,
) -> int:
    """Print the check in the chosen output format; the exit code. Without `mode` (`--mode`),
    the modes of stele.yaml's `compat:` section apply (BACKWARD when it has none)."""
    # start-up: each command of this module imports only its own work
    from stele.cli import check_output
    from stele.compat.check_run import run_check as check_project
    from stele.compat.settings import mode_map
    from stele.report import emit, resolve_output, use_color
    from stele.report.model import exit_code

    chosen = resolve_output(output)
    try:
        chosen_mode = mode_of(mode, transitive) if mode is not None else None
        run = check_project(config, against, mode_map(config, chosen_mode, transitive), verify)
    except SteleError as exc:
        head: dict[str, Any] = {"compatible": None, "mode": None, "findings": []}
        echo_stopped("check", exc, chosen, fail_on, {**head, "acknowledged": [], "baselines": []})
        raise
    report = check_output.check_report(run)
    if chosen == "text":
        click.echo(check_output.render_text(run, report, fail_on, use_color()), nl=False)
    elif chosen == "json":
        click.echo(check_output.render_json(run, report, fail_on), nl=False)
    else:
        return emit(report, chosen, fail_on, exit_zero)
    return exit_code(report, fail_on, exit_zero)


def _json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------------------------


def run_rules(rule_id: str | None, markdown: bool, output: str) -> tuple[str, int]:
    # start-up: each command of this module imports only its own work
    from stele.compat.catalogue import every_rule, render_reference, render_rule

    if markdown:
        return render_reference(), 0
    rules = every_rule()
    if rule_id is not None:
        # start-up: each command of this module imports only its own work
        from stele.compat.verify import RULE

        if rule_id == RULE:
            return VERIFY_DOC, 0
        if rule_id == OPINIONS_RULE:
            return OPINIONS_DOC, 0
        if rule_id not in rules:
            hint = did_you_mean(rule_id, rules) or "list them with `stele rules`"
            raise SteleError(
                [error("K030", f"unknown rule '{rule_id}'", Span("rules", 1, 1), hint)]
            )
        return render_rule(rules[rule_id]), 0
    if output == "json":
        return _json(
            {
                "rules": [
                    {
                        "id": r.id,
                        "format": r.format,
                        "severity": r.severity.value,
                        "summary": r.summary,
                    }
                    for r in rules.values()
                ]
            }
        ), 0
    rows = [(r.id, r.format, r.severity.value, r.summary) for r in rules.values()]
    widths = [
        max([len(row[i]) for row in rows] + [len(h)])
        for i, h in enumerate(("id", "format", "severity"))
    ]
    lines = [
        f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2].ljust(widths[2])}  {row[3]}"
        for row in rows
    ]
    lines.append(f"{len(rows)} rules")
    return "\n".join(lines) + "\n", 0


OPINIONS_RULE = "opinions-disagree"
OPINIONS_DOC = """\
### `opinions-disagree`

The contract-level verdict, the artifact checker and the codecs disagree on a change.

- format: every format, in the direction named
- severity: warning (a defect of stele, not of the contracts: report it)

`stele check` reports the contract judges' verdicts. The format's artifact checker and the codecs
judge the same change too; where one of them says error and another says ok for the same
element, format and direction, this warning quotes the three opinions. Acknowledging the artifact
rule it quotes acknowledges it. See "Three opinions" in docs/compatibility.md.
"""

VERIFY_DOC = """\
### `verify-contradiction`

The codecs disagree with the rules' verdict on a changed type.

- format: avro, protobuf
- severity: error (rules say compatible, codec fails), warning (rules say breaking, Avro reads every value)

`stele check` encodes values of every changed type with the writer's schema and decodes them with
the reader's, through fastavro and the protobuf runtime, and compares what is read with what was
written as values, at every depth. No contradiction is reported where a finding already flags the
type, a type it holds or an element that holds it; the message names the value in the YAML's
terms. See docs/compatibility.md.
"""


# ---------------------------------------------------------------------------------------------
# release
# ---------------------------------------------------------------------------------------------


def run_release(config: Config, version: str) -> tuple[str, int]:
    # start-up: each command of this module imports only its own work
    from stele.compat.acks import ack_sites
    from stele.compat.release import release
    from stele.source.loader import load_project

    done = release(config, version)
    target = done.target
    shown = (
        target.relative_to(config.root).as_posix()
        if target.is_relative_to(config.root)
        else str(target)
    )
    out = f"released {version}: {len(done.files)} files in {shown}/\n"
    out += bump_line(done.judgement, version) + "\n"
    out += f"wrote the size baseline {done.sizes} (frozen in the release too)\n"
    out += _regenerate_note(config, version)
    # The release now holds the breaks the acknowledgements excused: a check against it no
    # longer needs them, a transitive check against the older releases still does.
    project = load_project([config.root / s for s in config.sources], config.root)
    for site in ack_sites(project):
        span = site.ack.span
        out += (
            f"{span.located()}: note: {version} holds the break the acknowledgement of {site.ack.rule} at "
            f"{site.element} excuses: only `stele check --transitive` still needs it; remove it "
            "when older releases no longer matter\n"
        )
    return out, 0


def _regenerate_note(config: Config, version: str) -> str:
    """Without `info.version` the API documents carry the newest release's version, so
    `stele generate --check` calls them stale until they are generated again."""
    from stele.project_info import FROM_CONFIG

    documents = [f for f in ("openapi", "asyncapi") if f in config.options.formats]
    if not documents or config.options.info.version_from == FROM_CONFIG:
        return ""
    names = " and ".join({"openapi": "OpenAPI", "asyncapi": "AsyncAPI"}[f] for f in documents)
    return (
        f"note: run `stele generate` and commit {config.output}/: the {names} documents now carry"
        f" version {version} (stele.yaml sets no info.version)\n"
    )


def bump_line(judgement: Any, version: str) -> str:
    """`1.2.0: a minor release after 1.1.0; the changes need a minor one: <why>`."""
    # start-up: each command of this module imports only its own work
    from stele.semver import Version

    chosen = Version.parse(version)
    stable = judgement.stable
    if stable is None or chosen is None:
        return f"{version}: {judgement.why()}"
    return (
        f"{version}: a {stable.bump_to(chosen).word} release after {stable}; the changes need "
        f"a {judgement.needed.word} one: {judgement.why()}"
    )


def run_next_release(config: Config) -> tuple[str, str]:
    """`stele release --next`: the proposed version (stdout) and why (stderr)."""
    # start-up: each command of this module imports only its own work
    from stele.compat.release import judge

    found = judge(config)
    return f"{found.proposed}\n", bump_line(found, str(found.proposed)) + "\n"
