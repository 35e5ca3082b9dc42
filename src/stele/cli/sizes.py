"""`stele sizes`: encoded bytes and speed per message and format, budgets, baseline, plot."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click

from stele.config import CONFIG_NAME, Config
from stele.diagnostics import Diagnostic, Severity, SteleError, error
from stele.encode import Codecs, Shape
from stele.extras import require_formats
from stele.files import resolves_within
from stele.generate import write_text_atomic
from stele.ir import Span
from stele.report import json_report, render, resolve_output
from stele.report.diagnostics import diagnostics_report
from stele.report.model import Report, Result, exit_code
from stele.sizes.baseline import BASELINE_NAME, dump_baseline, load_baseline
from stele.sizes.budgets import check_budgets, parse_budgets
from stele.sizes.hints import size_hints
from stele.sizes.measure import collect_samples, measure
from stele.sizes.model import SizeTable, Timing
from stele.sizes.plot import render_svg
from stele.sizes.reference import SampleSettings, resolve_sizes
from stele.sizes.render import RENDERERS, View, json_document
from stele.source.write_paths import option_target
from stele.transaction import project_run
from stele.workspace import open_workspace

DEFAULT_SETTINGS = SampleSettings()
DEFAULT_TIMING = Timing()


# The table formats; the other outputs (sarif, junit, github) render the findings only.
TABLES = tuple(RENDERERS)
BUDGET_CODES = frozenset({"Z010", "Z011"})


@dataclass(frozen=True)
class SizesRequest:
    output: str | None = None  # default: text, or github for --check under GitHub Actions
    against: str | None = None
    check: bool = False
    update_baseline: bool = False
    plot: Path | None = None
    settings: SampleSettings = DEFAULT_SETTINGS
    timing: Timing | None = DEFAULT_TIMING
    hints: bool = True
    fail_on: Severity = Severity.ERROR
    exit_zero: bool = False


# Bounds of the options that size the work (docs/security.md, "Work that grows with the
# input"). Lists nest at most three deep in a generated value (Shape.max_depth is 6, and a list
# and its records take two levels each), so one value holds at most MAX_LIST_LENGTH ** 3 items
# per path of lists, each string at most MAX_STRING_LENGTH characters.
MAX_LIST_LENGTH = 10
MAX_STRING_LENGTH = 1024
MAX_GENERATE = 1000
MAX_RUNS = 100
# Together: the characters of one message's generated values, at the deepest nesting. 64 Mi is
# 65 values of the largest shape (10 ** 3 strings of 1024); 64 took 16 s and 114 MB.
MAX_CHARACTERS = 64 << 20
GENERATED_WHEN_MISSING = 3  # stele.encode.values.samples_for_message's default


def parse_range(
    text: str, option: str = "--list-length", maximum: int = MAX_LIST_LENGTH
) -> tuple[int, int]:
    """`3` or `1-5` as an inclusive range of 0..maximum; a usage error naming `option`."""
    import re

    hint = f"'{option}'"
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", text.strip())
    if m is None:
        raise click.BadParameter(f"'{text}' is not N or MIN-MAX", param_hint=hint)
    low, high = m.group(1), m.group(2) or m.group(1)
    # Compared as text first: int() of a million digits is slow, and no limit has 13.
    if max(len(low.lstrip("0")), len(high.lstrip("0"))) > 12 or int(high) > maximum:
        raise click.BadParameter(f"'{text}' goes past the limit of {maximum}", param_hint=hint)
    lo, hi = int(low), int(high)
    if hi < lo:
        raise click.BadParameter(
            f"'{text}' is not a range MIN-MAX with MIN <= MAX", param_hint=hint
        )
    return lo, hi


def check_work(generate: int, shape: Shape) -> None:
    """The options together: the characters generated for one message at most, with lists
    nested three deep, stay under MAX_CHARACTERS (a usage error at --generate otherwise)."""
    values = max(generate, GENERATED_WHEN_MISSING)
    items, length = shape.list_length[1], max(shape.string_length[1], 1)
    if values * items**3 * length > MAX_CHARACTERS:
        raise click.BadParameter(
            f"{values} values of up to {items**3} strings of {length} characters go past the "
            f"limit of {MAX_CHARACTERS >> 20} Mi characters per message: lower --generate, "
            "--list-length or --string-length",
            param_hint="'--generate'",
        )


def make_shape(list_length: str, string_length: str, optional_presence: float) -> Shape:
    return Shape(
        parse_range(list_length, "--list-length", MAX_LIST_LENGTH),
        parse_range(string_length, "--string-length", MAX_STRING_LENGTH),
        optional_presence,
    )


def run_sizes(config: Config, request: SizesRequest) -> int:
    """Measure, report, and write what was asked. A run that writes (`--plot`,
    `--update-baseline`) checks where first (W006) and holds the project run lock throughout,
    as every writing command does: it reads the lock and writes beside what generate writes."""
    if request.plot is None and not request.update_baseline:
        return _run(config, request)

    if request.plot is not None:
        option_target(config.root, request.plot, "--plot")
    if request.update_baseline:
        target = config.baseline_path / BASELINE_NAME
        shown = f"{config.baseline}/{BASELINE_NAME}"
        option_target(config.root, target, "--update-baseline", shown)
    with project_run(config, "stele sizes"):
        return _run(config, request)


def _run(config: Config, request: SizesRequest) -> int:
    ws = open_workspace(config)
    settings = request.settings
    project = ws.project
    budgets = parse_budgets(config.extra.get("budgets"), project, _budgets_span(config))
    require_formats(budgets.formats)  # a msgpack budget without msgpack would judge nothing
    codecs = Codecs.from_workspace(ws, registry_framing=settings.registry_framing)
    samples = collect_samples(
        project, settings.generate, settings.seed, settings.shape, settings.include_types
    )
    report = measure(codecs, samples, request.timing)
    reference, label = _reference(config, request.against, settings)
    generated = {(s.owner, s.sample) for s in report.samples if s.generated}
    findings: list[Diagnostic] = check_budgets(
        budgets, project, report.table(), reference, label, generated
    )
    if request.hints:
        findings += size_hints(codecs, samples)
    shown_reference = reference if request.against is not None else None
    view = View(report, frozenset(project.messages), shown_reference, label, sorted(findings))
    checked = diagnostics_report("sizes", view.findings, ws.sources.values(), count_files=False)
    output = _output(request)
    click.echo(_render(view, checked, output, request), nl=False)
    if request.plot is not None:
        write_text_atomic(request.plot, render_svg(report))
    if request.update_baseline:
        write_text_atomic(config.baseline_path / BASELINE_NAME, dump_baseline(report))
        click.echo(f"updated {config.baseline}/{BASELINE_NAME}", err=True)
    if not request.check:
        return 0
    failing = checked.failing(request.fail_on)
    if failing and output in TABLES:
        click.echo(_failure_line(failing), err=True)
    return exit_code(checked, request.fail_on, request.exit_zero)


def _output(request: SizesRequest) -> str:
    if request.output:
        return request.output
    return resolve_output(None) if request.check else "text"


def _render(view: View, checked: Report, output: str, request: SizesRequest) -> str:
    """A table format shows the table (with the findings); json under --check also carries the
    report's keys; sarif, junit and github show the findings as every reporting command does."""
    if output not in TABLES:
        return render(checked, output, request.fail_on)
    if output == "json" and request.check:
        sizes = json_document(view)
        doc = {**sizes, **json_report.document(checked)}
        doc["findings"] = sizes["findings"]  # the sizes form of the findings stays
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return RENDERERS[output](view)


def _failure_line(failing: list[Result]) -> str:
    over = sum(r.rule in BUDGET_CODES for r in failing)
    parts = [f"{over} size budget{'s' if over != 1 else ''} exceeded"] if over else []
    others = len(failing) - over
    if others:
        parts.append(f"{others} other finding{'s' if others != 1 else ''} at or above --fail-on")
    return ", ".join(parts)


def _reference(
    config: Config, against: str | None, settings: SampleSettings
) -> tuple[SizeTable | None, str]:
    """The sizes to compare with: `--against`, else the committed baseline when there is one.

    A committed baseline that cannot be read (a merge conflict, a truncated file) is an error:
    skipping it would silently skip every growth budget."""
    if against is not None:
        ref = resolve_sizes(config, against, settings)
        return ref.sizes, ref.label
    stored = config.baseline_path / BASELINE_NAME
    shown = f"{config.baseline}/{BASELINE_NAME}"
    if stored.is_symlink() and not resolves_within(stored, config.root.resolve()):
        raise SteleError(
            [
                error(
                    "Z020",
                    f"{shown} is a symbolic link that leads outside the project; it was not read",
                    Span(shown, 1, 1),
                    "store the size baseline itself in the project (stele sizes --update-baseline)",
                )
            ]
        )
    if stored.exists():
        return load_baseline(stored, shown), shown
    return None, ""


def _budgets_span(config: Config) -> Span:
    """Where `budgets:` starts in stele.yaml (the raw section keeps no positions)."""
    path = config.root / CONFIG_NAME
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return Span(CONFIG_NAME, 1, 1)
    line = next((i for i, text in enumerate(lines, 1) if text.startswith("budgets:")), 1)
    return Span(CONFIG_NAME, line, 1)


def sizes_request(
    *,
    output: str | None,
    against: str | None,
    check: bool,
    update_baseline: bool,
    plot: Path | None,
    generate: int,
    seed: int,
    list_length: str,
    string_length: str,
    optional_presence: float,
    include_types: bool,
    registry_framing: bool,
    runs: int,
    no_timing: bool,
    no_hints: bool,
    fail_on: str = "error",
    exit_zero: bool = False,
) -> SizesRequest:
    """The request the command-line options describe."""
    shape = make_shape(list_length, string_length, optional_presence)
    check_work(generate, shape)
    settings = SampleSettings(generate, seed, shape, include_types, registry_framing)
    timing = None if no_timing else Timing(runs=runs)
    return SizesRequest(
        output,
        against,
        check,
        update_baseline,
        plot,
        settings,
        timing,
        not no_hints,
        Severity(fail_on),
        exit_zero,
    )
