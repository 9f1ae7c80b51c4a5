"""The spot check's outputs: ``report.html``, ``report.json`` and ``review.csv``.

``report.html`` is one self-contained page — inline CSS and SVG, no script, nothing fetched —
that an auditor can keep: for lists each list's verdict first, the summary, the estimates with
their 95 % intervals, a chart of findings on an axis scaled to them (so a 2 % bar shows), a
sign-off section pointing to ``review.csv``, and every sampled record with its findings
highlighted (and masked). ``review.csv`` is opened in Excel: a cell that would run as a formula
there gets a leading quote (:func:`screen.files.spreadsheet.neutralize`); report.json stays exact. Its labels are Chinese (``zh-CN``, the default) or English (``en``):
every label lives in :data:`LABELS`, one table per language.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from recognizers import PERSONAL_ENTITIES
from screen.errors import UsageError
from screen.files.atomic import atomic_write, make_private_folders
from screen.files.spreadsheet import neutralize
from screen.reasons import LIST_REASONS
from screen.spotcheck import chinese
from screen.spotcheck.lists import NOT_CHECKED_NOTE
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
table.signoff td.fill{min-width:24rem;height:2.2rem}
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
        "purpose": result.purpose,
        "generated_at": result.generated_at,
        "timezone": result.timezone,
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
            | (
                {"audio": r.detail["audio"], "audio_spans": r.detail["audio_spans"]}
                if "audio_spans" in r.detail
                else {}
            )
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


LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"  # the auditors read Chinese

# Every label of report.html, one table per language (same keys in each).
LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "leadscreen 抽检报告",
        "method": "简单随机抽样（不放回）；比率附 95% Wilson 置信区间。号码、姓名、地址等个人信息一律脱敏显示。",
        "list_verdict": "名单结论",
        "accepted": "通过（ACCEPTED）",
        "rejected": "拒绝（REJECTED）",
        "headline": "抽样 {sampled} 条记录中有 {count} 条 {finding}：{rate}（95% 置信区间 {lower}–{upper}），"
        "全部 {population} 条中约 {estimate} 条。",
        "summary": "概要",
        "kind": "类型",
        "kind_transcripts": "通话记录",
        "kind_lists": "名单",
        "inputs": "输入文件",
        "population": "总体（记录数）",
        "sampled": "抽样数",
        "seed": "随机种子",
        "flagged": "有发现的记录",
        "campaign": "营销活动",
        "purpose": "用途",
        "generated": "生成时间（{zone}）",
        "unreadable": "无法读取",
        "estimates": "估计",
        "finding": "发现",
        "in_sample": "样本中记录数",
        "rate": "比率",
        "ci95": "95% 置信区间",
        "in_population": "总体中估计记录数（95% 置信区间）",
        "chart": "各类发现",
        "entities": "样本中的个人信息（按类别）",
        "entity": "类别",
        "occurrences": "出现次数",
        "records": "抽样记录",
        "no_findings": "无发现",
        "reasons": "原因",
        "audio_spans": "录音中已替换的时段",
        "signoff": "审核签字",
        "review_pointer": "请在本报告同一文件夹中的 {review} 里逐条记录审核结论：每条抽样记录一行，"
        "填写结论（<code>verdict</code>）、审核人（<code>reviewer</code>）、签名（<code>signature</code>）"
        "和审核时间（<code>reviewed_at</code>）。",
        "reviewer": "审核人",
        "date": "日期",
        "verdict": "结论",
        "verdict_choices": "□ 接受　□ 拒绝　□ 需跟进",
        "signature": "签名",
    },
    "en": {
        "title": "leadscreen spot check",
        "method": "Simple random sample without replacement; rates with 95% Wilson intervals. "
        "Personal data (numbers, names, addresses …) is shown masked.",
        "list_verdict": "List verdict",
        "accepted": "ACCEPTED",
        "rejected": "REJECTED",
        "headline": "{count} of {sampled} sampled records have {finding}: {rate} (95% CI {lower}–{upper}), "
        "about {estimate} of {population} records.",
        "summary": "Summary",
        "kind": "kind",
        "kind_transcripts": "transcripts",
        "kind_lists": "lists",
        "inputs": "inputs",
        "population": "population (records)",
        "sampled": "sampled",
        "seed": "seed",
        "flagged": "records with findings",
        "campaign": "campaign",
        "purpose": "purpose",
        "generated": "generated ({zone})",
        "unreadable": "unreadable",
        "estimates": "Estimates",
        "finding": "finding",
        "in_sample": "records in sample",
        "rate": "rate",
        "ci95": "95% CI",
        "in_population": "estimated records in population (95% CI)",
        "chart": "Findings by kind",
        "entities": "Personal data in the sample, by entity",
        "entity": "entity",
        "occurrences": "occurrences",
        "records": "Sampled records",
        "no_findings": "no findings",
        "reasons": "reasons",
        "audio_spans": "replaced in the recording",
        "signoff": "Sign-off",
        "review_pointer": "Record the verdict on each sampled record in {review}, in the folder of this report: "
        "one row per record, with verdict, reviewer, signature and reviewed_at columns to fill in.",
        "reviewer": "Reviewer",
        "date": "Date",
        "verdict": "Verdict",
        "verdict_choices": "□ accept　□ reject　□ needs follow-up",
        "signature": "Signature",
    },
}
AXIS_MAXIMA = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)  # the chart's axis ends at the first that fits
AXIS_DIVISIONS = 5


def labels_for(lang: str) -> dict[str, str]:
    if lang not in LABELS:
        raise UsageError(f"unknown report language {lang!r}; use {' or '.join(LANGUAGES)}")
    return LABELS[lang]


def _chinese(text: dict[str, str]) -> bool:
    return text is LABELS["zh-CN"]


def _name(code: str, text: dict[str, str]) -> str:
    """A finding, reason or entity code as the page shows it: in Chinese on a zh-CN page."""
    return chinese.finding_name(code) if _chinese(text) else code


def _local_time(moment: str, zone: str) -> str:
    """``moment`` (ISO, UTC) in ``zone``, to the second."""
    import datetime

    from screen.clock import zone as time_zone

    return datetime.datetime.fromisoformat(moment).astimezone(time_zone(zone)).isoformat(timespec="seconds")


def _verdicts_html(result: SpotCheckResult, text: dict[str, str]) -> str:
    """The lists' verdicts, first thing in a list report: a rejected list may not be dialled at all."""
    if result.kind != "lists":
        return ""
    parts = [f'<section id="list-verdicts"><h2>{text["list_verdict"]}</h2>']
    for path, verdict in list_verdicts(result).items():
        rejected = verdict["decision"] == "rejected"
        parts.append(
            f"<p><strong><code>{html.escape(Path(path).name)}</code></strong>: "
            f'<span class="{"bad" if rejected else "ok"}">{text["rejected" if rejected else "accepted"]}</span></p>'
        )
        if verdict["reasons"]:
            sentences = chinese.LIST_REASONS if _chinese(text) else {}
            items = "".join(
                f"<li><code>{html.escape(reason['code'])}</code>: "
                f"{html.escape(sentences.get(reason['code'], reason['sentence']))}</li>"
                for reason in verdict["reasons"]
            )
            parts.append(f"<ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def axis_maximum(estimates) -> float:
    """The smallest of :data:`AXIS_MAXIMA` that holds every bar and interval: small rates get room."""
    largest = max((max(e.rate, e.ci95[1]) for e in estimates), default=0.0)
    return next((top for top in AXIS_MAXIMA if largest <= top), 1.0)


def _axis(left: int, scale: float, top: float, height: int) -> list[str]:
    """Gridlines and labelled ticks along the bottom, so a bar's length can be read off."""
    parts = []
    for step in range(AXIS_DIVISIONS + 1):
        value = top * step / AXIS_DIVISIONS
        x = left + scale * step / AXIS_DIVISIONS
        parts.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="5" y2="{height - 20}" stroke="#d7dbe3"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 5}" text-anchor="middle">{100 * value:g}%</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="5" y2="{height - 20}" stroke="#5b6475"/>')
    parts.append(f'<line x1="{left}" x2="{left + scale:.1f}" y1="{height - 20}" y2="{height - 20}" stroke="#5b6475"/>')
    return parts


def _chart(estimates, label: str, text: dict[str, str]) -> str:
    """Horizontal bars: records with each finding in the sample, with the 95 % interval as a line."""
    bar_height, gap, label_width, width = 22, 8, 210, 680
    height = len(estimates) * (bar_height + gap) + 34
    top = axis_maximum(estimates)
    scale = width - label_width - 110
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-size="12" font-family="sans-serif">',
        *_axis(label_width, scale, top, height),
    ]
    for index, estimate in enumerate(estimates):
        y = 10 + index * (bar_height + gap)
        lower, upper = (min(bound / top, 1.0) * scale for bound in estimate.ci95)
        bar = max(2.0, min(estimate.rate / top, 1.0) * scale) if estimate.count else 0
        colour = "#d9534f" if estimate.count else "#9bb7d4"
        parts += [
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">'
            f"{html.escape(_name(estimate.finding, text))}</text>",
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" fill="{colour}"/>',
            f'<line x1="{label_width + lower:.1f}" x2="{label_width + upper:.1f}" y1="{y + 11}" y2="{y + 11}" '
            f'stroke="#1d2330" stroke-width="2"/>',
            f'<text x="{label_width + max(bar, upper) + 6:.1f}" y="{y + 15}">'
            f"{estimate.count} ({_percent(estimate.rate)})</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def _highlighted(record, text: dict[str, str]) -> str:
    pieces, position = [], 0
    for highlight in record.highlights:
        if highlight.start < position:
            continue
        pieces.append(html.escape(record.text[position : highlight.start]))
        pieces.append(
            f'<mark class="{html.escape(highlight.label)}" title="{html.escape(_name(highlight.label, text))}">'
            f"{html.escape(record.text[highlight.start : highlight.end])}</mark>"
        )
        position = highlight.end
    pieces.append(html.escape(record.text[position:]))
    return "".join(pieces)


def _record_html(record, text: dict[str, str]) -> str:
    tags = (
        "".join(f'<span class="tag">{html.escape(_name(name, text))}</span>' for name in record.findings)
        or f'<span class="tag">{text["no_findings"]}</span>'
    )
    detail = ""
    if record.detail.get("error"):
        detail = f'<p class="bad">{text["unreadable"]}: <code>{html.escape(record.detail["error"])}</code></p>'
    if record.detail.get("reasons"):
        separator = "、" if _chinese(text) else ", "
        names = separator.join(html.escape(_name(code, text)) for code in record.detail["reasons"])
        detail += f"<p>{text['reasons']}: {names}</p>"
    if "audio_spans" in record.detail:  # a redacted call's recording (screen.audio.sidecar)
        spans = "; ".join(html.escape(line) for line in record.detail["audio_spans"]) or "-"
        detail += f"<p>{text['audio_spans']} {html.escape(record.detail['audio'])}: {spans}</p>"
    flagged = " flagged" if record.findings else ""
    shown_place = chinese.place_name(record.place) if _chinese(text) else record.place
    place = f" · {html.escape(shown_place)}" if record.place and record.own_id else ""
    return (
        f'<section class="record{flagged}"><header><code class="id">{html.escape(record.record_id)}</code>'
        f"{place} · {tags}</header>"
        f"<pre>{_highlighted(record, text)}</pre>{detail}</section>"
    )


def _headline_html(result: SpotCheckResult, estimates, text: dict[str, str]) -> str:
    name = "residual_pii" if result.kind == "transcripts" else "row_rejected"
    headline = next((e for e in estimates if e.finding == name), None)
    if headline is None:
        return ""
    lower, upper = headline.ci95
    sentence = text["headline"].format(
        count=headline.count,
        sampled=result.sampled,
        finding=html.escape(_name(name, text)),
        rate=_percent(headline.rate),
        lower=_percent(lower),
        upper=_percent(upper),
        estimate=f"{headline.estimated_in_population[0]:,}",
        population=f"{result.population:,}",
    )
    return f'<p id="headline" class="{"bad" if headline.count else "ok"}">{sentence}</p>'


def _summary_html(result: SpotCheckResult, text: dict[str, str]) -> str:
    flagged = sum(1 for record in result.records if record.findings)
    rows = [
        (text["kind"], text.get(f"kind_{result.kind}", html.escape(result.kind))),
        (text["inputs"], "<br>".join(f"<code>{html.escape(path)}</code>" for path in result.inputs)),
        (text["population"], f"{result.population:,}"),
        (text["sampled"], f"{result.sampled:,}"),
        (text["seed"], str(result.seed)),
        (text["flagged"], f"{flagged:,}"),
        (text["campaign"], f"<code>{html.escape(result.campaign)}</code>" if result.campaign else "—"),
        *([(text["purpose"], html.escape(result.purpose))] if result.purpose else []),
        (
            text["generated"].format(zone=chinese.zone_name(result.timezone) if _chinese(text) else result.timezone),
            html.escape(_local_time(result.generated_at, result.timezone)),
        ),
    ]
    return "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)


def _estimates_html(estimates, text: dict[str, str]) -> str:
    header = "".join(f"<th>{text[key]}</th>" for key in ("finding", "in_sample", "rate", "ci95", "in_population"))
    rows = "".join(
        f'<tr><td data-code="{html.escape(e.finding)}">{html.escape(_name(e.finding, text))}</td><td class=num>{e.count}</td>'
        f"<td class=num>{_percent(e.rate)}</td>"
        f"<td class=num>{_percent(e.ci95[0])} – {_percent(e.ci95[1])}</td>"
        f"<td class=num>{e.estimated_in_population[0]:,} ({e.estimated_in_population[1]:,} – "
        f"{e.estimated_in_population[2]:,})</td></tr>"
        for e in estimates
    )
    return f'<table id="estimates"><tr>{header}</tr>{rows}</table>'


def _entities_html(result: SpotCheckResult, text: dict[str, str]) -> str:
    """How often each kind of personal data occurs in the sampled records (every personal entity,
    names and addresses included, even at 0: an auditor sees what was looked for)."""
    names = [*PERSONAL_ENTITIES, *sorted(set(result.entity_counts) - set(PERSONAL_ENTITIES))]
    rows = "".join(
        f"<tr><td>{html.escape(_name(name, text))}</td><td class=num>{result.entity_counts.get(name, 0):,}</td></tr>"
        for name in names
    )
    return (
        f'<h2>{text["entities"]}</h2><table id="entities"><tr><th>{text["entity"]}</th>'
        f"<th>{text['occurrences']}</th></tr>{rows}</table>"
    )


def _signoff_html(text: dict[str, str]) -> str:
    """Fields the officer fills in on the printed or saved report, and where the per-record verdicts go."""
    review = '<a href="review.csv"><code>review.csv</code></a>'
    fields = [
        (text["reviewer"], ""),
        (text["date"], ""),
        (text["verdict"], text["verdict_choices"]),
        (text["signature"], ""),
    ]
    rows = "".join(f'<tr><th>{name}</th><td class="fill">{value}</td></tr>' for name, value in fields)
    return (
        f'<section id="signoff"><h2>{text["signoff"]}</h2>'
        f'<p id="review-pointer">{text["review_pointer"].format(review=review)}</p>'
        f'<table class="signoff">{rows}</table></section>'
    )


def render_html(result: SpotCheckResult, lang: str = DEFAULT_LANGUAGE) -> str:
    text = labels_for(lang)
    estimates = result.estimates()
    shown = [chinese.note(note, NOT_CHECKED_NOTE) for note in result.notes] if _chinese(text) else result.notes
    notes = "".join(f'<p class="meta">{html.escape(note)}</p>' for note in shown)
    records = "".join(_record_html(record, text) for record in result.records)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{text["title"]}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body>
<h1>{text["title"]}</h1>
{_verdicts_html(result, text)}
<p class="meta">{text["method"]}</p>
{_headline_html(result, estimates, text)}
{notes}
<h2>{text["summary"]}</h2>
<table id="summary">{_summary_html(result, text)}</table>
<h2>{text["estimates"]}</h2>
{_estimates_html(estimates, text)}
<h2>{text["chart"]}</h2>
{_chart(estimates, text["chart"], text)}
{_entities_html(result, text)}
{_signoff_html(text)}
<h2>{text["records"]}</h2>
{records}
</body></html>
"""


def write_reports(result: SpotCheckResult, out_dir: Path, lang: str = DEFAULT_LANGUAGE) -> dict[str, Path]:
    """Write the three reports into ``out_dir``; ``lang`` is the language of report.html's labels."""
    labels_for(lang)  # an unknown language fails before anything is written
    make_private_folders(out_dir)
    paths = {"html": out_dir / "report.html", "json": out_dir / "report.json", "review": out_dir / "review.csv"}
    with atomic_write(paths["html"]) as handle:
        handle.write(render_html(result, lang))
    with atomic_write(paths["json"]) as handle:
        json.dump(report_dict(result), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    with atomic_write(paths["review"], encoding="utf-8-sig") as handle:  # BOM: Excel opens it right
        writer = csv.writer(handle)
        writer.writerow(REVIEW_COLUMNS)
        for record in result.records:
            excerpt = record.text if len(record.text) <= 300 else record.text[:297] + "..."
            cells = [record.record_id, record.source, record.place, record.own_id, ";".join(record.findings), excerpt]
            # auditors open it in Excel: a cell of the input's must not run as a formula there
            writer.writerow([neutralize(cell) for cell in cells] + [""] * 5)
    return paths
