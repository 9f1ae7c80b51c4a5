"""``leadscreen redact CALL.json --audio CALL.wav`` and ``leadscreen redact-audio DIR -o OUTDIR`` (docs/audio.md)."""

from __future__ import annotations

import dataclasses
import functools
import sys
from pathlib import Path

import click

from screen.cli.options import asr_options, build_settings, key_option, policy_option
from screen.cli.progress import progress_option
from screen.errors import UsageError

FILL_OPTION = click.option(
    "--audio-fill",
    type=click.Choice(["tone", "silence"]),
    default="tone",
    show_default=True,
    help="What replaces a finding in the recording: a 1 kHz tone at -20 dBFS, or silence.",
)
MARGIN_OPTION = click.option(
    "--audio-margin-ms",
    type=click.IntRange(0, 5000),
    default=80,
    show_default=True,
    help="Milliseconds replaced before a finding's first word and after its last.",
)
CHANNELS_OPTION = click.option(
    "--audio-channels",
    default="auto",
    show_default=True,
    metavar="auto|all|channel|order|SPEAKER=N,...",
    help="Which channel a finding is replaced on: auto (the channel the transcript names, Alibaba's ChannelId "
    "…, when its channel ids are exactly the recording's channels; else every channel), all (every channel), "
    "channel (the channel or channel-numbered speaker id of its segment, e.g. Tencent's SpeakerId), order "
    "(1st speaker of the transcript on channel 0, 2nd on 1), or a map such as agent=0,customer=1 "
    "(stereo, one speaker per channel). See docs/audio.md.",
)
AUDIO_KEYS = ("audio", "audio_out", "audio_fill", "audio_margin_ms", "audio_channels")


def audio_options(command):
    """The ``--audio*`` options of ``redact``, handed to the command as one ``audio`` dict."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        kwargs["audio"] = {key: kwargs.pop(key) for key in AUDIO_KEYS}
        return command(*args, **kwargs)

    for option in reversed(
        (
            click.option(
                "--audio",
                metavar="RECORDING",
                help="ASR JSON only: the call's recording (WAV, FLAC; MP3, Opus, AMR with ffmpeg); "
                "every finding of the transcript is replaced in it too. Needs --audio-out.",
            ),
            click.option("--audio-out", metavar="PATH", help="Where the redacted recording goes (same format)."),
            FILL_OPTION,
            MARGIN_OPTION,
            CHANNELS_OPTION,
        )
    ):
        wrapper = option(wrapper)
    return wrapper


def _options(fill: str, margin_ms: int, channels: str):
    from screen.audio.call import AudioOptions
    from screen.audio.channels import ChannelPlan

    return AudioOptions(fill, margin_ms / 1000, ChannelPlan.parse(channels))


def wanted(audio: dict) -> bool:
    """Whether ``redact`` was asked to do a recording; a half-given pair is an error."""
    if audio["audio"] is None and audio["audio_out"] is None:
        return False
    if audio["audio"] is None or audio["audio_out"] is None:
        raise UsageError("--audio and --audio-out go together")
    return True


def redact_with_audio(input_path: str, output_path: str, fmt: str, settings, audio: dict, quarantine_path) -> None:
    """``redact CALL.json -o OUT.json --audio CALL.wav --audio-out OUT.wav``: one call, exit 0, 1
    (quarantined: nothing written but the quarantine list) or 2."""
    from screen.audio.call import redact_call
    from screen.audio.sidecar import sidecar_path
    from screen.redact.jobs import Quarantined
    from screen.redact.run import check_paths, default_quarantine_path, write_quarantine

    if fmt != "asr":
        raise UsageError("--audio goes with an ASR JSON transcript (.json) of one call")
    if "-" in (input_path, output_path, audio["audio_out"]):
        raise UsageError("--audio needs files, not standard input or output")
    quarantine_path = quarantine_path or default_quarantine_path(output_path)
    check_paths(input_path, output_path, quarantine_path)
    check_paths(audio["audio"], audio["audio_out"], None)
    check_paths(input_path, audio["audio_out"], None)
    check_paths(audio["audio"], output_path, None)
    if str(output_path) == str(audio["audio_out"]):
        raise UsageError("--audio-out must differ from the output transcript")
    options = _options(audio["audio_fill"], audio["audio_margin_ms"], audio["audio_channels"])
    from screen.asr import Agent

    agent = Agent(settings.agent_channel, settings.agent_speaker)
    result = redact_call(
        input_path,
        audio["audio"],
        output_path,
        audio["audio_out"],
        settings.build(),
        options,
        asr_format=settings.asr_format,
        agent=agent,
    )
    if result.quarantine_reason is not None:
        write_quarantine(quarantine_path, input_path, [Quarantined(1, result.quarantine_reason)])
        click.echo(f"quarantined {input_path}: {result.quarantine_reason}; nothing written", err=True)
        click.echo(f"listed in {quarantine_path}", err=True)
        sys.exit(1)
    write_quarantine(quarantine_path, input_path, [])
    entities = ", ".join(f"{entity} {count}" for entity, count in sorted(result.counts.items())) or "nothing found"
    click.echo(
        f"redacted 1 call: transcript replaced {entities}; recording: {len(result.spans)} span(s), "
        f"{result.seconds_replaced:.2f} s of {result.audio_seconds:.1f} s replaced "
        f"(spans in {sidecar_path(audio['audio_out'])})",
        err=True,
    )


@click.command(
    "redact-audio",
    epilog="""
\b
Examples (from the repository root):
  leadscreen redact-audio sample_lists/audio -o redacted_calls
  leadscreen redact-audio sample_lists/audio -o redacted_calls --audio-channels agent=0,customer=1 --audio-fill silence
  leadscreen spotcheck redacted_calls/sample_call.json --sample 1 --out-dir audit/   # lists the replaced spans
""",
)
@click.argument("folder", metavar="DIR")
@click.option("-o", "--output", "out_dir", required=True, metavar="OUTDIR", help="Folder for the redacted calls.")
@click.option(
    "--operator",
    type=click.Choice(["mask", "tag", "hash", "encrypt"]),
    help="Transcript operator, as for `leadscreen redact` (default: mask).",
)
@click.option("--entities", help="Comma-separated entities to redact (default: every personal entity).")
@FILL_OPTION
@MARGIN_OPTION
@CHANNELS_OPTION
@asr_options
@key_option
@policy_option
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (default: all cores).")
@progress_option("A calls counter")
def redact_audio(
    folder,
    out_dir,
    operator,
    entities,
    audio_fill,
    audio_margin_ms,
    audio_channels,
    asr_format,
    agent_channel,
    agent_speaker,
    key_file,
    policy_path,
    workers,
    progress,
):
    """Redact a folder of calls, transcript and recording: each CALL.json (ASR JSON with segment and
    word times: leadscreen's own shape or a speech service's result, Alibaba, Tencent, Huawei,
    iFlytek, Volcengine, FunASR, Whisper) with the recording of the same name beside it (CALL.wav,
    .flac; .mp3, .opus, .amr with ffmpeg). A service's transcript is written back in its own shape.

    Every finding of the transcript redaction is replaced in the recording by a tone or silence,
    from its first word to its last plus a margin (the whole segment when the transcript has no
    word times). Writes OUTDIR/CALL.json, OUTDIR/CALL.wav and OUTDIR/CALL.wav.spans.json (the
    replaced time spans, which `leadscreen spotcheck OUTDIR/*.json` shows). A call that cannot be
    redacted (no recording, a recording shorter than its transcript, a finding without times) is
    listed in OUTDIR/quarantine.jsonl and nothing of it is written. Calls run in parallel on all
    cores. Exit status: 0 all redacted, 1 some quarantined, 2 bad arguments.
    """
    from screen.audio.batch import QUARANTINE_NAME, call_pairs, redact_folder
    from screen.cli.progress import ProgressBar
    from screen.cli.progress import wanted as progress_wanted
    from screen.config.policy import load_policy

    settings = build_settings(load_policy(policy_path), operator, (), (), entities, (), key_file, 0.0)
    settings = dataclasses.replace(
        settings, asr_format=asr_format, agent_channel=agent_channel, agent_speaker=agent_speaker
    )
    options = _options(audio_fill, audio_margin_ms, audio_channels)
    total = len(call_pairs(Path(folder)))
    bar = ProgressBar("redacting", " calls", total=total) if progress_wanted(progress) else None
    try:
        summary = redact_folder(folder, out_dir, settings, options, workers=workers, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    click.echo(f"redacted {summary.line()}", err=True)
    if summary.quarantined:
        click.echo(f"quarantined calls are listed in {out_dir}/{QUARANTINE_NAME}", err=True)
        sys.exit(1)
