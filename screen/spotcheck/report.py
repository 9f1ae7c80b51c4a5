"""The spot check's outputs: ``report.html``, ``report.json`` and ``review.csv``.

``report.html`` is one self-contained page — inline CSS and SVG, no script, nothing fetched —
that an auditor can keep: the summary, the estimates with their 95 % intervals, a chart of
findings, and every sampled record with its findings highlighted (and masked).
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from screen.files.atomic import atomic_write
from screen.reasons import LIST_REASONS
from screen.spotcheck.transcripts import SpotCheckResult

# record_id names the record for people (its own id, else its place); place is its row (as
# `leadscreen screen` numbers rows in rejected.csv) or line, own_id the id it carries, if any
REVIEW_COLUMNS = (
    "record_id",
    "source",
    "place",
    "own_id",
    "findings",
    "excerpt",
    "verdict",
    "reviewer",
    "signature",
    "reviewed_at",
    "notes",
)

_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#1d2330;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d7dbe3;padding-bottom:.3rem}
.meta{color:#5b6475}table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border:1px solid #d7dbe3;padding:.35rem .55rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#f1f3f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1b7f3b;font-weight:600}.bad{color:#b42318;font-weight:600}
.record{border:1px solid #d7dbe3;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.record.flagged{border-color:#e7a3a0;background:#fffafa}
.record header{font-size:.85rem;color:#5b6475;margin-bottom:.3rem}
.record pre{white-space:pre-wrap;word-break:break-all;margin:0;font-family:inherit;font-size:.95rem}
mark{background:#ffe08a;padding:0 .15rem;border-radius:3px}mark.optout_phrase{background:#c9e7ff}
.tag{display:inline-block;background:#eef0f5;border-radius:3px;padding:0 .35rem;margin-right:.3rem;font-size:.8rem}
"""


def _percent(value: float) -> str:
    return f"{100 * value:.2f}%"


def report_dict(result: SpotCheckResult) -> dict:
    return {
        "kind": result.kind,
        "inputs": result.inputs,
        "population": result.population,
        "sampled": result.sampled,
        "seed": result.seed,
        "campaign": result.campaign,
        "generated_at": result.generated_at,
        "notes": result.notes,
        **(
            {"list_reasons": result.list_reasons, "list_verdicts": list_verdicts(result)}
            if result.kind == "lists"
            else {}
        ),
        "findings": {estimate.finding: estimate.as_dict() for estimate in result.estimates()},
        "entity_counts": dict(sorted(result.entity_counts.items())),
        "records": [
            {"record_id": r.record_id, "source": r.source, "place": r.place, "own_id": r.own_id, "findings": r.findings}
            for r in result.records
        ],
    }


def list_verdicts(result: SpotCheckResult) -> dict[str, dict]:
    """Each list's screening decision and its list reasons, each with its sentence."""
    return {
        path: {
            "decision": decision,
            "reasons": [
                {"code": code, "sentence": LIST_REASONS.get(code, "")} for code in result.list_reasons.get(path, [])
            ],
        }
        for path, decision in result.list_decisions.items()
    }


def _verdicts_html(result: SpotCheckResult) -> str:
    """The lists' verdicts, first thing in a list report: a rejected list may not be dialled at all."""
    if result.kind != "lists":
        return ""
    parts = ['<section id="list-verdicts"><h2>List verdict</h2>']
    for path, verdict in list_verdicts(result).items():
        rejected = verdict["decision"] == "rejected"
        parts.append(
            f"<p><strong>{html.escape(Path(path).name)}</strong>: "
            f'<span class="{"bad" if rejected else "ok"}">{"REJECTED" if rejected else "ACCEPTED"}</span></p>'
        )
        if verdict["reasons"]:
            items = "".join(
                f"<li><code>{html.escape(reason['code'])}</code>: {html.escape(reason['sentence'])}</li>"
                for reason in verdict["reasons"]
            )
            parts.append(f"<ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def _chart(estimates) -> str:
    """Horizontal bars: records with each finding in the sample, with the 95 % interval as a line."""
    rows = [e for e in estimates]
    bar_height, gap, label_width, width = 22, 8, 210, 640
    height = len(rows) * (bar_height + gap) + 30
    scale = width - label_width - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="findings by kind" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="12" font-family="sans-serif">'
    ]
    for index, estimate in enumerate(rows):
        y = 10 + index * (bar_height + gap)
        lower, upper = estimate.ci95
        bar = max(1.0, estimate.rate * scale) if estimate.count else 0
        colour = "#d9534f" if estimate.count else "#9bb7d4"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{html.escape(estimate.finding)}</text>'
        )
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" fill="{colour}"/>')
        parts.append(
            f'<line x1="{label_width + lower * scale:.1f}" x2="{label_width + upper * scale:.1f}" y1="{y + 11}" y2="{y + 11}" '
            f'stroke="#1d2330" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{label_width + max(bar, upper * scale) + 6:.1f}" y="{y + 15}">{estimate.count} ({_percent(estimate.rate)})</text>'
        )
    parts.append(f'<line x1="{label_width}" x2="{label_width}" y1="5" y2="{height - 20}" stroke="#5b6475"/>')
    parts.append(
        f'<text x="{label_width}" y="{height - 5}">0%</text><text x="{label_width + scale}" y="{height - 5}" text-anchor="end">100%</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _record_html(record) -> str:
    pieces, position = [], 0
    for highlight in record.highlights:
        if highlight.start < position:
            continue
        pieces.append(html.escape(record.text[position : highlight.start]))
        pieces.append(
            f'<mark class="{html.escape(highlight.label)}" title="{html.escape(highlight.label)}">'
            f"{html.escape(record.text[highlight.start : highlight.end])}</mark>"
        )
        position = highlight.end
    pieces.append(html.escape(record.text[position:]))
    tags = (
        "".join(f'<span class="tag">{html.escape(name)}</span>' for name in record.findings)
        or '<span class="tag">no findings</span>'
    )
    detail = ""
    if record.detail.get("error"):
        detail = f'<p class="bad">{html.escape(record.detail["error"])}</p>'
    if record.detail.get("reasons"):
        detail += "<p>reasons: " + ", ".join(html.escape(code) for code in record.detail["reasons"]) + "</p>"
    flagged = " flagged" if record.findings else ""
    return (
        f'<section class="record{flagged}"><header>{html.escape(record.record_id)} · {tags}</header>'
        f"<pre>{''.join(pieces)}</pre>{detail}</section>"
    )


def render_html(result: SpotCheckResult) -> str:
    estimates = result.estimates()
    flagged = sum(1 for record in result.records if record.findings)
    headline_name = "residual_pii" if result.kind == "transcripts" else "row_rejected"
    headline = next((e for e in estimates if e.finding == headline_name), None)
    verdict = ""
    if headline is not None:
        lower, upper = headline.ci95
        css = "bad" if headline.count else "ok"
        verdict = (
            f'<p class="{css}">{headline.count} of {result.sampled} sampled records have {html.escape(headline_name)}: '
            f"{_percent(headline.rate)} (95% CI {_percent(lower)}–{_percent(upper)}), "
            f"about {headline.estimated_in_population[0]:,} of {result.population:,} records.</p>"
        )
    summary_rows = [
        ("kind", result.kind),
        ("inputs", "<br>".join(html.escape(path) for path in result.inputs)),
        ("population (records)", f"{result.population:,}"),
        ("sampled", f"{result.sampled:,}"),
        ("seed", str(result.seed)),
        ("records with findings", f"{flagged:,}"),
        ("campaign", html.escape(result.campaign or "—")),
        ("generated (UTC)", html.escape(result.generated_at)),
    ]
    summary = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in summary_rows)
    estimate_rows = "".join(
        f"<tr><td>{html.escape(e.finding)}</td><td class=num>{e.count}</td><td class=num>{_percent(e.rate)}</td>"
        f"<td class=num>{_percent(e.ci95[0])} – {_percent(e.ci95[1])}</td>"
        f"<td class=num>{e.estimated_in_population[0]:,} ({e.estimated_in_population[1]:,} – {e.estimated_in_population[2]:,})</td></tr>"
        for e in estimates
    )
    records = "".join(_record_html(record) for record in result.records)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>leadscreen spot check</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body>
<h1>leadscreen spot check</h1>
{_verdicts_html(result)}
<p class="meta">Simple random sample without replacement; rates with 95% Wilson intervals. Numbers are shown masked.</p>
{verdict}
{"".join(f'<p class="meta">{html.escape(note)}</p>' for note in result.notes)}
<h2>Summary</h2>
<table id="summary">{summary}</table>
<h2>Estimates</h2>
<table id="estimates"><tr><th>finding</th><th>records in sample</th><th>rate</th><th>95% CI</th><th>estimated records in population (95% CI)</th></tr>{estimate_rows}</table>
<h2>Findings by kind</h2>
{_chart(estimates)}
<h2>Sampled records</h2>
{records}
</body></html>
"""


def write_reports(result: SpotCheckResult, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"html": out_dir / "report.html", "json": out_dir / "report.json", "review": out_dir / "review.csv"}
    with atomic_write(paths["html"]) as handle:
        handle.write(render_html(result))
    with atomic_write(paths["json"]) as handle:
        json.dump(report_dict(result), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    with atomic_write(paths["review"], encoding="utf-8-sig") as handle:  # BOM: Excel opens it right
        writer = csv.writer(handle)
        writer.writerow(REVIEW_COLUMNS)
        for record in result.records:
            excerpt = record.text if len(record.text) <= 300 else record.text[:297] + "..."
            writer.writerow(
                [record.record_id, record.source, record.place, record.own_id, ";".join(record.findings), excerpt]
                + [""] * 5
            )
    return paths
