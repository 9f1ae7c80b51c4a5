"""Which channel of the recording a speaker is on (``--audio-channels``).

- ``auto`` (the default): each finding on the channel the transcript itself names for its
  segment (Alibaba's ``ChannelId``, Volcengine's ``additions.channel_id``, the own shape's
  ``channel``) when the recording has more than one channel and the transcript's channel ids
  are exactly its channels, 0 to N-1, every one of them transcribed (so the service heard each
  channel on its own, not a mix); else as ``all``. Never less than ``all`` would replace on
  the channel that holds the words.
- ``all``: a finding is replaced on every channel, whoever said it. Always safe: on a stereo call
  with one speaker per channel, the other side is silenced for the span too.
- ``channel``: each finding on the channel its segment names, else on the channel its speaker id
  numbers (Tencent's ``SpeakerId`` is the channel when the task ran with ``ChannelNum`` 2, which
  the result does not record: say so with this plan); refused when a segment with a finding
  names none the recording has.
- ``order``: the first speaker of the transcript is on channel 0, the second on channel 1, …
- ``agent=0,customer=1``: named speakers on named channels; a name is a speaker id of the
  transcript, or ``agent`` / ``customer`` when ``--agent-channel`` / ``--agent-speaker`` say
  which side the agent is (or the service does, as Huawei's ``AGENT`` / ``USER``).

A map that does not fit the recording (a mono file, a channel it does not have, more speakers
than channels, a speaker with a finding the map leaves out) is refused before anything is
written: a guess could leave a number audible on the channel that holds it.

>>> plan = ChannelPlan.parse("agent=0,customer=1")
>>> plan.resolver(["agent", "customer"], channels=2)("customer")
1
>>> ChannelPlan.parse("all").resolver(["a"], channels=2)("a") is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from screen.audio.timing import TimedSegment
from screen.errors import UsageError
from screen.redact.fields import masked_name


@dataclass(frozen=True)
class ChannelPlan:
    mode: str = "auto"  # auto | all | channel | order | map
    mapping: tuple[tuple[str, int], ...] = ()

    @classmethod
    def parse(cls, spec: str | None) -> ChannelPlan:
        spec = (spec or "auto").strip()
        if spec in ("auto", "all", "channel", "order"):
            return cls(spec)
        pairs = []
        for part in spec.split(","):
            speaker, sep, channel = part.partition("=")
            if not sep or not speaker.strip() or not channel.strip().isdigit():
                raise UsageError(
                    "expected auto, all, channel, order or SPEAKER=CHANNEL,... such as agent=0,customer=1",
                    parameter="audio_channels",
                )
            pairs.append((speaker.strip(), int(channel)))
        return cls("map", tuple(pairs))

    def for_segments(self, segments: Sequence[TimedSegment], channels: int, needed: Sequence[int]) -> list[int | None]:
        """The channel of each segment (None: every channel) for a recording of ``channels``
        channels; ``needed``: the numbers of the segments with a finding. ``UsageError`` when the
        plan does not fit."""
        if self.mode == "auto":
            ids = {segment.channel for segment in segments}
            if channels < 2 or ids != {str(number) for number in range(channels)}:
                return [None] * len(segments)
            return [int(segment.channel) for segment in segments]
        if self.mode == "channel":
            return self._named_channels(segments, channels, needed)
        if self.mode == "map":  # a map may name the sides (agent, customer) rather than the speaker ids
            mapping = dict(self.mapping)
            keys = [
                segment.role if str(segment.speaker) not in mapping and segment.role in mapping else segment.speaker
                for segment in segments
            ]
        else:
            keys = [segment.speaker for segment in segments]
        resolve = self.resolver(keys, channels, [keys[index] for index in needed])
        needed = set(needed)
        return [resolve(key) if index in needed else _maybe(resolve, key) for index, key in enumerate(keys)]

    def _named_channels(self, segments, channels: int, needed: Sequence[int]) -> list[int | None]:
        if channels < 2:
            raise UsageError(
                f"a channel plan (channel) needs one speaker per channel, but the recording has {channels} channel",
                parameter="audio_channels",
            )
        out: list[int | None] = []
        for index, segment in enumerate(segments):
            named = segment.channel if segment.channel is not None else segment.speaker
            number = int(named) if str(named).isdigit() and int(named) < channels else None
            if number is None and index in needed:
                raise UsageError(
                    f"segment {index + 1} has a finding but names no channel of the recording (0 to {channels - 1})",
                    parameter="audio_channels",
                )
            out.append(number)
        return out

    def resolver(self, speakers: Sequence, channels: int, needed: Sequence = ()) -> Callable[[object], int | None]:
        """speaker -> channel (None: every channel) for a recording of ``channels`` channels;
        ``UsageError`` when the plan does not fit it. ``speakers``: every segment's speaker, in
        the order of the transcript; ``needed``: the speakers of segments with a finding."""
        if self.mode in ("all", "auto", "channel"):  # auto and channel go by segment: for_segments
            return lambda speaker: None
        if channels < 2:
            raise UsageError(
                f"a channel plan ({self.mode}) needs one speaker per channel, but the recording has {channels} channel",
                parameter="audio_channels",
            )
        if self.mode == "order":
            order = {str(speaker): number for number, speaker in enumerate(dict.fromkeys(map(str, speakers)))}
            if len(order) > channels:
                raise UsageError(
                    f"the transcript has {len(order)} speakers but the recording {channels} channels",
                    parameter="audio_channels",
                )
            return lambda speaker: order[str(speaker)]
        mapping = dict(self.mapping)
        for speaker, channel in mapping.items():
            if channel >= channels:
                raise UsageError(
                    f"speaker {masked_name(speaker)} is mapped to channel {channel}, "
                    f"but the recording has {channels} channels (0 to {channels - 1})",
                    parameter="audio_channels",
                )
        for speaker in needed:
            if str(speaker) not in mapping:
                raise UsageError(
                    f"speaker {masked_name(str(speaker))} has a finding but no channel in the map",
                    parameter="audio_channels",
                )
        return lambda speaker: mapping[str(speaker)]


def _maybe(resolve, key) -> int | None:
    """A segment without a finding: its channel when the plan names one (no span is made for it)."""
    try:
        return resolve(key)
    except KeyError:
        return None
