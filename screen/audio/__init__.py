"""Redaction of call recordings from their ASR transcripts (docs/audio.md).

:mod:`screen.audio.timing` reads the segments' and words' times, :mod:`screen.audio.spans`
places each finding of the transcript redaction in time, :mod:`screen.audio.channels` picks the
channel, :mod:`screen.audio.fill` streams the recording with the spans replaced,
:mod:`screen.audio.call` does one call and :mod:`screen.audio.batch` a folder of calls.
"""
