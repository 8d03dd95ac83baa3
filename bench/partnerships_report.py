"""bench/partnerships.py's tables: each page's figures with one partnership and with many side
by side, for the first partnership and for a thin one, and the business unit's admin screens.
"""

from __future__ import annotations

from bench.web_report import Page, verdict

TARGET_ADMIN_P95_MS = 300.0
TARGET_ADMIN_KB = 300.0


def _pair(one: float | int | None, many: float | int, digits: int = 1) -> str:
    if one is None:
        return f"— / {many:.{digits}f}"
    return f"{one:.{digits}f} / {many:.{digits}f}"


def _table(title: str, one: dict, many: dict, count: int) -> bool:
    print(f"\n{title}")
    header = (
        f"{'page':<22} {'who':<7} {'queries 1/' + str(count):>13} {'CPU ms':>13} "
        f"{'median ms':>15} {'p95 ms':>15}  at {count}"
    )
    print(header)
    print("-" * len(header))
    alone = {(page["name"], page["signed_in"]): page for page in one["pages"]}
    all_met = True
    for index, figures in enumerate(many["pages"]):
        page = Page(**figures)
        before = alone.get((page.name, page.signed_in))
        said = []
        if index == 0:
            said.append("(the floor)")
        else:
            met, verdict_said = verdict(page)
            all_met &= met
            said.append(verdict_said)
        if before is None or before["queries"] != page.queries:
            said.append("QUERIES DIFFER")
            all_met = False
        queries = f"{before['queries'] if before else '—'} / {page.queries}"
        print(
            f"{page.name:<22} {'member' if page.signed_in else 'public':<7} {queries:>13} "
            f"{_pair(before and before['cpu_ms'], page.cpu_ms):>13} "
            f"{_pair(before and before['p50_ms'], page.p50_ms):>15} "
            f"{_pair(before and before['p95_ms'], page.p95_ms):>15}  {'; '.join(said)}"
        )
    loads = one["machine"]["load_average"][0], many["machine"]["load_average"][0]
    print(f"Load average at the end: {loads[0]} (1 partnership) / {loads[1]} ({count}).")
    return all_met


def web_report(pages: dict[str, dict], count: int, thin_host: str) -> bool:
    first = _table(
        f"The first partnership (twenty years, scale 1), default host: 1 / {count} partnerships",
        pages["first-1"],
        pages["first-many"],
        count,
    )
    thin = _table(
        f"A thin partnership (twenty years, thin scale): alone on the default host / one of "
        f"{count} on {thin_host}",
        pages["thin-1"],
        pages["thin-many"],
        count,
    )
    print(
        "CPU: the web process's time for one request, in-process; median and p95 under load "
        "through gunicorn (bench/web.py). Targets as bench/web.py's."
    )
    return first and thin


def _key(row: dict) -> str:
    """A screen's name without its counts ("meeting editor (60 items)"): the same screen in
    every database."""
    return row["screen"].split(" (")[0]


def _three(alone: dict | None, many: dict, other: dict | None, field: str, form: str) -> str:
    return "/".join(
        "—" if row is None else format(row[field], form) for row in (alone, many, other)
    )


def admin_report(screens: dict[str, dict], count: int) -> None:
    one, first, thin = screens["first-1"], screens["first-many"], screens["thin-many"]
    print(
        f"\nAdmin at {count} partnerships, one request at a time: the first partnership's manager "
        f"({first['manager']}; alone: {one['manager']}) and a thin one's ({thin['manager']})"
    )
    header = (
        f"{'screen':34} {'queries 1/' + str(count) + '/thin':>17} {'p95 ms 1/N/thin':>19} "
        f"{'KB 1/N/thin':>15} {'<option>s 1/N/thin':>20}  verdict"
    )
    print(header)
    print("-" * len(header))
    others = {_key(row): row for row in thin["screens"]}
    alones = {_key(row): row for row in one["screens"]}
    for many in first["screens"]:
        alone, other = alones.get(_key(many)), others.get(_key(many))
        said = []
        if alone is None or alone["queries"] != many["queries"]:
            said.append("QUERIES DIFFER")
        if alone is None or alone["options"] != many["options"]:
            said.append("OPTIONS GROW")
        for who, row in (("first", many), ("thin", other)):
            if row and (row["p95"] >= TARGET_ADMIN_P95_MS or row["kb"] >= TARGET_ADMIN_KB):
                said.append(f"MISSED ({who})")
        print(
            f"{many['screen']:34} {_three(alone, many, other, 'queries', 'd'):>17} "
            f"{_three(alone, many, other, 'p95', '.0f'):>19} "
            f"{_three(alone, many, other, 'kb', '.0f'):>15} "
            f"{_three(alone, many, other, 'options', 'd'):>20}  {'; '.join(said) or 'met, same'}"
        )
    print(
        f"Targets: p95 under {TARGET_ADMIN_P95_MS:.0f} ms and HTML under "
        f"{TARGET_ADMIN_KB:.0f} KB. Each manager's editors open its own partnership's "
        "records (— : none it may edit)."
    )
