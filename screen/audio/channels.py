"""Which channel of the recording a speaker is on (``--audio-channels``).

- ``all`` (the default): a finding is replaced on every channel, whoever said it. Always safe:
  on a stereo call with one speaker per channel, the other side is silenced for the span too.
- ``order``: the first speaker of the transcript is on channel 0, the second on channel 1, …
- ``agent=0,customer=1``: named speakers on named channels.

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

from screen.errors import UsageError
from screen.redact.fields import masked_name


@dataclass(frozen=True)
class ChannelPlan:
    mode: str = "all"  # all | order | map
    mapping: tuple[tuple[str, int], ...] = ()

    @classmethod
    def parse(cls, spec: str | None) -> ChannelPlan:
        spec = (spec or "all").strip()
        if spec in ("all", "order"):
            return cls(spec)
        pairs = []
        for part in spec.split(","):
            speaker, sep, channel = part.partition("=")
            if not sep or not speaker.strip() or not channel.strip().isdigit():
                raise UsageError(
                    "expected all, order or SPEAKER=CHANNEL,... such as agent=0,customer=1", parameter="audio_channels"
                )
            pairs.append((speaker.strip(), int(channel)))
        return cls("map", tuple(pairs))

    def resolver(self, speakers: Sequence, channels: int, needed: Sequence = ()) -> Callable[[object], int | None]:
        """speaker -> channel (None: every channel) for a recording of ``channels`` channels;
        ``UsageError`` when the plan does not fit it. ``speakers``: every segment's speaker, in
        the order of the transcript; ``needed``: the speakers of segments with a finding."""
        if self.mode == "all":
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
