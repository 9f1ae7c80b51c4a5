"""``leadscreen screen``: the click command over :func:`screen.lists.screening.screen_list`."""

from __future__ import annotations

from pathlib import Path

import click

from screen.cli.options import db_option, key_option, policy_option
from screen.cli.progress import progress_option, stage_printer
from screen.errors import UsageError

OUTPUT_FORMATS = ("csv", "parquet", "jsonl", "xlsx")


@click.command("screen")
@click.argument("list_path", metavar="LIST", type=click.Path(path_type=Path))
@click.option("--campaign", metavar="NAME", help="Campaign in the policy whose purpose the list must cover.")
@click.option("--purpose", metavar="TEXT", help="Purpose to screen for, instead of --campaign.")
@click.option(
    "--manifest",
    "manifest_path",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Manifest JSON. Default: LIST.manifest.json beside the list.",
)
@policy_option
@click.option(
    "--out-dir",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Where to write the results. Default: ./screened/<list name>/.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    help="Format of the accepted file. Default: the list's own format.",
)
@click.option(
    "--phone-format",
    type=click.Choice(("national", "e164")),
    default="national",
    show_default=True,
    help="Accepted phones as 11 digits (13812345678) or E.164 (+8613812345678).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    help="Judge consent ages as of this moment instead of now (ISO time or date; without a zone, "
    "the policy's): to re-run a past screening, or the sample lists, whose consents date from 2026-11.",
)
@click.option(
    "--commit", is_flag=True, help="Record the accepted rows' consents in the consent ledger (needs the key)."
)
@db_option
@key_option
@progress_option()
@click.pass_context
def screen(
    ctx,
    list_path,
    campaign,
    purpose,
    manifest_path,
    policy_path,
    out_dir,
    output_format,
    phone_format,
    as_of,
    commit,
    db,
    key_file,
    progress,
):
    """Screen a lead list before anyone dials it.

    The list is rejected as a whole when its provenance fails: no manifest, a manifest that
    does not match the file (sha256, record_count), a blocked provider, a purpose the people
    never agreed to, a partner list that does not name this organization, no consent columns,
    ID/bank-card/financial columns, or too many bad rows. Otherwise each row is checked: a
    valid mobile number, a consent id and time, not expired nor in the future, a scope that
    covers the purpose, a known channel, not on the do-not-call list, not withdrawn, not a
    duplicate.

    LIST is .csv (UTF-8 or GBK/GB18030), .xlsx, .parquet or .jsonl. Writes to DIR:
    accepted.<fmt> (only when the list is accepted), rejected.csv (masked, with reason codes)
    and report.json.

    \b
    Example (run from the repository root):
      leadscreen screen sample_lists/first_party_webform.csv \\
          --campaign insurance_leads --policy sample_lists/leadscreen.toml \\
          --as-of 2026-11-20

    \b
    Other ways:
      leadscreen screen leads.xlsx --manifest leads.json --purpose 保险产品推荐
      leadscreen screen leads.csv --campaign insurance_leads --commit   # record consents

    Exit status: 0 list accepted (some rows may be rejected), 1 list rejected, 2 bad usage or
    unreadable input. Reason codes and header aliases: docs/screening.md.
    """
    from screen.ledger.location import shown
    from screen.ledger.store import resolve_db_path
    from screen.lists.report import summary_lines

    settings = _settings(policy_path, campaign, purpose, as_of, output_format=output_format, phone_format=phone_format)
    say = stage_printer(progress)
    db_path = resolve_db_path(db)
    screen_options = {"manifest_path": manifest_path, "out_dir": out_dir, "progress": say}
    if commit or db_path.exists():
        from screen.cli.options import open_ledger
        from screen.ledger.imports import screen_with_ledger

        with open_ledger(db_path, key_file, create=commit) as ledger:
            result = screen_with_ledger(list_path, settings, ledger, commit=commit, **screen_options)
    else:
        from screen.config.keys import load_key
        from screen.lists.screening import screen_list

        # with the key at hand, report.json is signed so that `ledger import` can take it later
        result = screen_list(list_path, settings, signing_key=load_key(key_file, required=False), **screen_options)

    for line in summary_lines(result):
        click.echo(line)
    if commit:
        if result.accepted:
            click.echo(f"  committed: {result.new_consents:,} new consent(s) to {shown(db_path)}")
        else:
            click.echo("  committed: nothing (the list was rejected)")
    ctx.exit(0 if result.accepted else 1)


def _settings(policy_path, campaign, purpose, as_of, **options):
    """What to screen for, from the policy and --campaign or --purpose (exactly one)."""
    from screen.config.policy import load_policy
    from screen.lists.screening import ScreenSettings

    if bool(campaign) == bool(purpose):
        raise UsageError("give exactly one of --campaign NAME or --purpose TEXT")
    policy = load_policy(policy_path)
    if as_of is not None:
        from screen.cli.options import parse_moment

        options["now"] = parse_moment(as_of, policy.timezone, "--as-of")
    if campaign:
        return ScreenSettings.for_campaign(policy, campaign, **options)
    return ScreenSettings.for_purpose(policy, purpose, **options)
