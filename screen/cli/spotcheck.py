"""``leadscreen spotcheck``: sample records, check them closely, report estimates for the whole."""

from __future__ import annotations

import secrets
from pathlib import Path

import click

from screen.cli.options import policy_option, text_fields_option
from screen.cli.progress import progress_option, stage_printer
from screen.errors import UsageError
from screen.spotcheck.report import DEFAULT_LANGUAGE, LANGUAGES

EXAMPLES = """
\b
Examples (from the repository's root):
  leadscreen spotcheck sample_lists/transcripts/calls.jsonl --sample 3 --seed 42 --out-dir audit/calls
  leadscreen spotcheck sample_lists/transcripts/call_0001.txt sample_lists/transcripts/asr_call.json --sample 2 --lang en
  leadscreen spotcheck sample_lists/first_party_webform.csv --sample 50 --campaign insurance_leads --policy sample_lists/leadscreen.toml --as-of 2026-11-20
"""


@click.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--sample",
    "sample_size",
    type=click.IntRange(min=1),
    required=True,
    help="How many records to draw from all inputs together.",
)
@click.option(
    "--seed",
    type=int,
    help="Random seed; the same inputs, sample size and seed give the same sample on any machine. "
    "Default: a fresh seed, printed and stored in the report.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    default="spotcheck",
    show_default=True,
    help="Folder for report.html, report.json, review.csv.",
)
@click.option("--campaign", help="Lead lists: screen them for this campaign's purpose (from the policy).")
@click.option("--purpose", metavar="TEXT", help="Lead lists: the purpose to screen for, instead of --campaign.")
@policy_option
@click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    help="Lead lists: judge consent ages as of this moment instead of now (ISO time or date; without a "
    "zone, the policy's), as `leadscreen screen --as-of` does.",
)
@text_fields_option("check")
@click.option(
    "--kind",
    type=click.Choice(["transcripts", "lists"]),
    help="Override what the inputs are (default: from the file names).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="Language of report.html's labels.",
)
@progress_option()
@click.pass_context
def spotcheck(
    ctx, inputs, sample_size, seed, out_dir, campaign, purpose, policy_path, as_of, text_fields, kind, lang, progress
):
    """Sample transcripts or lead lists and write an auditor's report with estimates.

    Transcripts (raw or redacted .txt, .jsonl, ASR .json): every sampled record is checked for
    residual personal numbers (did anything leak through redaction?) and opt-out phrases. It is
    read as `leadscreen redact` reads it: every string of a JSON record, nested too (or
    --text-field), and an ASR transcript as one call, so a number split across segments is found.
    Lead lists (.csv, .xlsx, .parquet, .jsonl rows): each list is screened whole as `leadscreen
    screen` screens it (without the ledger), and every sampled row is shown with its reasons.
    Several inputs are sampled as one population.

    Each finding rate is reported with a 95% Wilson interval and the population size. Outputs:
    report.html (self-contained page), report.json, review.csv (one row per sampled record with
    verdict and signature columns). Numbers are always shown masked. A list report starts with
    each list's verdict (ACCEPTED, or REJECTED and why).

    Exit status: 0 done, 1 a spot-checked list is REJECTED (the report is still written), 2 bad
    usage or unreadable input.
    """
    from screen.spotcheck.report import write_reports
    from screen.spotcheck.transcripts import input_kind, spotcheck_transcripts

    paths = [Path(path) for path in inputs]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"cannot read {path}: no such file")
    if seed is None:
        seed = secrets.randbelow(2**31)
    kind = kind or input_kind(paths, text_fields)
    say = stage_printer(progress)
    if kind == "transcripts":
        result = spotcheck_transcripts(paths, sample_size, seed, text_fields=text_fields, progress=say)
    else:
        result = _spotcheck_lists(paths, sample_size, seed, campaign, purpose, policy_path, as_of, say)
    result.campaign, result.purpose = campaign, purpose
    if kind == "transcripts":  # a list check took its zone from the campaign already
        from screen.config.policy import load_policy

        result.timezone = load_policy(policy_path).timezone
    if say is not None:
        say(f"writing the reports to {out_dir}")
    written = write_reports(result, Path(out_dir), lang)
    _echo_summary(result, kind)
    click.echo(f"seed {seed}; reports: {written['html']}, {written['json']}, {written['review']}")
    ctx.exit(1 if result.rejected_lists else 0)


def _echo_summary(result, kind: str) -> None:
    """Each list's verdict, then the headline estimate."""
    for path, decision in result.list_decisions.items():
        reasons = result.list_reasons.get(path) or []
        click.echo(f"{Path(path).name}: {decision.upper()}" + (f" ({', '.join(reasons)})" if reasons else ""))
    headline = "residual_pii" if kind == "transcripts" else "row_rejected"
    for estimate in result.estimates():
        if estimate.finding == headline:
            lower, upper = estimate.ci95
            unit = "transcript records" if kind == "transcripts" else "list rows"
            click.echo(
                f"{estimate.count} of {result.sampled} sampled {unit} have {headline}: "
                f"{estimate.rate:.2%} (95% CI {lower:.2%}-{upper:.2%}) of {result.population:,}"
            )


def _spotcheck_lists(paths, sample_size, seed, campaign, purpose, policy_path, as_of, progress):
    from screen.cli.options import parse_moment
    from screen.config.policy import load_policy
    from screen.spotcheck.lists import spotcheck_lists

    if bool(campaign) == bool(purpose):
        raise UsageError(
            "lead lists are checked for a campaign or a purpose: give exactly one of --campaign NAME or --purpose TEXT"
        )
    moment = parse_moment(as_of, load_policy(policy_path).timezone, "--as-of") if as_of is not None else None
    return spotcheck_lists(
        paths,
        sample_size,
        seed,
        campaign=campaign,
        purpose=purpose,
        policy_path=policy_path,
        as_of=moment,
        progress=progress,
    )
