"""Which side of a call is the agent: a channel (stereo call-center recordings put the agent on
one channel) or a speaker id (diarisation), as ``--agent-channel`` / ``--agent-speaker`` say."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agent:
    channel: str | None = None
    speaker: str | None = None

    def role(self, channel=None, speaker=None, default: str | None = None) -> str | None:
        """``agent`` or ``customer`` when told which side the agent is on, else ``default``
        (what the service itself says, Huawei's AGENT/USER)."""
        if self.channel is not None and channel is not None:
            return "agent" if str(channel) == self.channel else "customer"
        if self.speaker is not None and speaker is not None:
            return "agent" if str(speaker) == self.speaker else "customer"
        return default


NO_AGENT = Agent()


def label(value) -> str | None:
    """A speaker or channel id as text (0 and "0" are the same speaker); None when absent."""
    return None if value is None or value == "" else str(value)


def objects(value) -> list[dict] | None:
    """``value`` when it is a list of JSON objects, else None."""
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    return None
