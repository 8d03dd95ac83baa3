"""Import performance figures from the CSV a performance analyst keeps in a spreadsheet.

The file
    UTF-8 text (with or without Excel's byte-order mark), separated by commas, no larger than
    ``settings.PERFORMANCE_IMPORT_MAX_BYTES`` (2 MB by default). The first line names the
    columns, in any order; headings ignore case, spaces, hyphens and underscores. Each later
    line is one figure; line 2 is the first, as in a spreadsheet. Blank lines are skipped.

The columns (* = the header must have it and every line must fill it)
    metric *                  slug or name of an existing metric: "cp-plans"
    period_kind *             month, quarter or year (the financial year)
    period_start *            the period's first day: 2012-03-01, 01/10/2011 or 1 April 2011
    value *                   the figure: 1024, "1,024", 27.5 or 27.5%
    england                   the England comparator, in the same unit
    statistical_neighbours    the statistical neighbours' average
    region                    the regional comparator
    note                      e.g. Provisional
    recorded_on               the day the figure was reported (today when blank)
    reason                    why a figure already recorded for the period is revised

Figures already recorded
    A line for a period that already has the same figure and comparators changes nothing.
    A different figure revises the recorded one when the line gives a reason (the original
    is kept and pages say "revised"); without a reason the line is refused.

All or nothing
    Everything runs in one transaction through ``governance.services``. If any line is wrong
    nothing is written, and the result lists every problem with its line number, its column
    and how to put it right. A check-only run checks the same way and writes nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import csv_in
from core.csv_in import (
    FileRefused,
    ImportProblem,
    ImportResult,
    heading_key,
    read_rows,
    read_text,
    uploaded_name,
)
from core.csv_out import csv_text
from core.dates import long_date, parse_date
from core.errors import messages_by_field
from core.roles import is_business_unit
from governance.models import Metric, MetricValue, PeriodKind, period_label, period_problem
from governance.performance.services import metric_value_record, metric_value_revise
from governance.services._common import Actor
from membership.partnerships import managed_body_ids

COLUMNS = (
    "metric",
    "period_kind",
    "period_start",
    "value",
    "england",
    "statistical_neighbours",
    "region",
    "note",
    "recorded_on",
    "reason",
)
REQUIRED_COLUMNS = ("metric", "period_kind", "period_start", "value")
FIGURES = ("value", "england", "statistical_neighbours", "region")
TEMPLATE_ROWS = (
    COLUMNS,
    ("cp-plans", "month", "1 March 2012", "1004", "", "", "", "", "2 April 2012", ""),
    ("re-referrals", "quarter", "1 October 2011", "28.1", "25.2", "24.0", "", "", "", ""),
)
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_KINDS = {
    "month": PeriodKind.MONTH,
    "monthly": PeriodKind.MONTH,
    "quarter": PeriodKind.QUARTER,
    "quarterly": PeriodKind.QUARTER,
    "year": PeriodKind.YEAR,
    "financialyear": PeriodKind.YEAR,
    "annual": PeriodKind.YEAR,
}
# A model field's refusal belongs to the column of the same name; the rest to the line.
_COLUMN_OF_FIELD = {name: name for name in COLUMNS} | {"__all__": ""}


@dataclass
class FigureImportResult(ImportResult):
    """What a figures import did (or, checking only, would do)."""

    recorded: int = 0
    revised: int = 0
    unchanged: int = 0

    @property
    def summary(self) -> str:
        """For example: 12 new figures, 1 revised, 2 already recorded."""
        new = f"{self.recorded:,} new figure{'' if self.recorded == 1 else 's'}"
        return f"{new}, {self.revised:,} revised, {self.unchanged:,} already recorded"


def template_csv() -> str:
    return csv_text(TEMPLATE_ROWS)


def read_header(header: list[str]) -> tuple[dict[int, str], list[ImportProblem]]:
    """The column at each position of the header row, and what is wrong with the header."""
    return csv_in.read_header(header, COLUMNS, REQUIRED_COLUMNS)


def _number(text: str) -> Decimal | None:
    """1,024 · 27.5 · 27.5% → a Decimal; None when it is not a number."""
    cleaned = text.replace(",", "").removesuffix("%").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@dataclass
class _Line:
    line: int
    metric: Metric
    period_kind: str
    values: dict


class _Importer:
    def __init__(self, *, actor: Actor, result: FigureImportResult):
        self.actor = actor
        self.result = result
        self.metrics: dict[str, Metric] = {}
        # A business unit names its own partnerships' metrics, as its admin lists them.
        metrics = Metric.objects.select_related("body")
        if actor is not None and is_business_unit(actor):
            metrics = metrics.filter(body__in=managed_body_ids(actor))
        for metric in metrics:
            self.metrics[metric.slug.casefold()] = metric
            self.metrics[metric.name.casefold()] = metric
        self.seen: dict[tuple, int] = {}

    def problem(self, line: int, column: str, message: str) -> None:
        self.result.problems.append(ImportProblem(line, column, message))

    def run(self, rows: list[list[str]], columns: dict[int, str]) -> None:
        for line, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            self.result.rows += 1
            values = dict.fromkeys(COLUMNS, "")
            for index, column in columns.items():
                if index < len(cells):
                    values[column] = cells[index].strip()
            parsed = self.parse(line, values)
            if parsed is not None:
                self.save(parsed)

    def parse(self, line: int, values: dict) -> _Line | None:
        before = len(self.result.problems)
        for column in REQUIRED_COLUMNS:
            if not values[column]:
                self.problem(line, column, f"Fill in the {column.replace('_', ' ')}.")
        metric, kind = self.parse_metric(line, values)
        parsed = self.parse_values(line, values, kind)
        if len(self.result.problems) > before:
            return None
        key = (metric.pk, kind, parsed["period_start"])
        if key in self.seen:
            self.problem(
                line,
                "period_start",
                f"Line {self.seen[key]} already gives {metric} for "
                f"{period_label(kind, parsed['period_start'])}. Keep one of the two lines.",
            )
            return None
        self.seen[key] = line
        return _Line(line=line, metric=metric, period_kind=kind, values=parsed)

    def parse_metric(self, line: int, values: dict) -> tuple[Metric | None, str | None]:
        """The line's metric and kind of period, each None (with a problem) when not known."""
        metric = None
        if values["metric"]:
            metric = self.metrics.get(values["metric"].casefold())
            if metric is None:
                self.problem(
                    line,
                    "metric",
                    f"No metric is called “{values['metric']}”. Use a metric's slug or name "
                    "as it appears under Performance → Metrics, or add the metric there first.",
                )
        kind = None
        if values["period_kind"]:
            kind = _KINDS.get(heading_key(values["period_kind"]))
            if kind is None:
                self.problem(
                    line,
                    "period_kind",
                    f"“{values['period_kind']}” is not a kind of period. Write month, quarter "
                    "or year (the financial year, April to March).",
                )
        return metric, kind

    def parse_values(self, line: int, values: dict, kind: str | None) -> dict:
        """The line's dates, figures, note and reason; a problem for each that cannot be read."""
        parsed = {"note": values["note"], "reason": values["reason"]}
        for column in ("period_start", "recorded_on"):
            parsed[column] = None
            if values[column]:
                parsed[column] = parse_date(values[column])
                if parsed[column] is None:
                    self.problem(
                        line,
                        column,
                        f"“{values[column]}” is not a date this import can read. Write it as "
                        "2012-03-01, 01/03/2012 (day first) or 1 March 2012.",
                    )
        if kind and parsed["period_start"]:
            problem = period_problem(kind, parsed["period_start"])
            if problem:
                self.problem(line, "period_start", problem)
        for column in FIGURES:
            parsed[column] = None
            if values[column]:
                parsed[column] = _number(values[column])
                if parsed[column] is None:
                    self.problem(
                        line,
                        column,
                        f"“{values[column]}” is not a number. Write digits only, such as "
                        "1024, 1,024 or 27.5.",
                    )
        return parsed

    def save(self, row: _Line) -> None:
        values = row.values
        figures = {column: values[column] for column in FIGURES}
        existing = MetricValue.objects.filter(
            metric=row.metric,
            period_kind=row.period_kind,
            period_start=values["period_start"],
            is_current=True,
        ).first()
        try:
            # A savepoint per line: a refused line leaves nothing behind for the lines after.
            with transaction.atomic():
                if existing is None:
                    metric_value_record(
                        actor=self.actor,
                        metric=row.metric,
                        period_kind=row.period_kind,
                        period_start=values["period_start"],
                        note=values["note"],
                        recorded_on=values["recorded_on"],
                        reason="Imported from CSV",
                        **figures,
                    )
                    self.result.recorded += 1
                elif all(getattr(existing, c) == figures[c] for c in FIGURES) and (
                    existing.note == values["note"]
                ):
                    self.result.unchanged += 1
                elif not values["reason"]:
                    self.problem(
                        row.line,
                        "reason",
                        f"{row.metric} already has {existing.display} for "
                        f"{existing.period.label}, recorded on "
                        f"{long_date(existing.recorded_on)}. To revise it, say why in the "
                        "reason column; otherwise remove the line.",
                    )
                else:
                    metric_value_revise(
                        actor=self.actor,
                        figure=existing,
                        reason=values["reason"],
                        note=values["note"],
                        recorded_on=values["recorded_on"],
                        **figures,
                    )
                    self.result.revised += 1
        except PermissionDenied as refusal:
            self.problem(row.line, "metric", str(refusal))
        except ValidationError as error:
            for name, messages in messages_by_field(error):
                for message in messages:
                    self.problem(row.line, _COLUMN_OF_FIELD.get(name or "", ""), message)


def metric_values_import_csv(
    *, actor: Actor, file: IO, dry_run: bool = False
) -> FigureImportResult:
    """Import the figures in a CSV file (see the module docstring for its format), all or
    nothing. With `dry_run`, check everything exactly as an import would, then write
    nothing."""
    result = FigureImportResult(filename=uploaded_name(file), dry_run=dry_run)
    max_bytes = getattr(settings, "PERFORMANCE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        rows = read_rows(read_text(file, max_bytes, row_is="figure"))
    except FileRefused as refusal:
        result.problems.append(ImportProblem(None, "", str(refusal)))
        return result
    columns, problems = read_header(rows[0])
    if problems:
        result.problems.extend(problems)
        return result
    with transaction.atomic():
        _Importer(actor=actor, result=result).run(rows[1:], columns)
        if not result.rows:
            result.problems.append(
                ImportProblem(
                    None,
                    "",
                    "The file has a header row but no figures under it. Add one figure on "
                    "each line below the header.",
                )
            )
        if result.problems or dry_run:
            transaction.set_rollback(True)
    if result.problems:
        result.problems.sort(key=lambda problem: problem.line or 0)
        result.recorded = result.revised = result.unchanged = 0
    return result
