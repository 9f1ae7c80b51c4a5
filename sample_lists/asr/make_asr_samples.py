"""Write one synthetic call as each speech service would return it (sample_lists/asr/<vendor>.json).

    python sample_lists/asr/make_asr_samples.py

The shapes follow each vendor's public API documentation (field names, units, nesting); the call
is made up: a customer gives the name 张伟, the phone 13812345678 (said 一三八 | 一二三四五六七八
over two segments) and the ID 11010519491231002X (said over two turns, the agent saying 嗯 in
between). Words are cut at ``|``; punctuation is a word of its own only where the vendor lists it
(iFlytek). Channel 0 / speaker 1 is the agent.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHAR_MS = 250
PUNCTUATION = set("，。？！、")

# (agent?, text with | between words)
TURNS = [
    (True, "您好|，|这里|是|示例|保险|客服|中心|，|请问|怎么|称呼|？"),
    (False, "我|叫|张伟|。"),
    (True, "张|先生|您好|，|请|说|一下|您的|手机|号码|。"),
    (False, "我的|手机号|是|一三八"),
    (False, "一二三四|五六七八|。"),
    (True, "好的|，|请|再|说|一下|身份证号|。"),
    (False, "身份证|是|一一零一零五|一九四九"),
    (True, "嗯|。"),
    (False, "一二三一|零零二X|。"),
    (True, "好的|，|已经|更新|。|客服|热线|95588|。"),
]


def sentences(turns=TURNS) -> list[dict]:
    """Each turn with its text, times (ms), channel and words (times in ms)."""
    out, clock = [], 300
    for agent, cut in turns:
        tokens = cut.split("|")
        words, at = [], clock
        for token in tokens:
            words.append({"text": token, "start": at, "end": at + CHAR_MS * len(token), "punct": token in PUNCTUATION})
            at += CHAR_MS * len(token)
        out.append({"text": "".join(tokens), "start": clock, "end": at, "channel": 0 if agent else 1, "words": words})
        clock = at + 400
    return out


def spoken(sentence) -> list[dict]:
    return [word for word in sentence["words"] if not word["punct"]]


def alibaba(turns=TURNS) -> dict:
    calls = sentences(turns)
    return {
        "TaskId": "4b56f0c4b7e611eab4ce5b1c0f0b1e2a",
        "RequestId": "3E6C2C58-3B4A-4E57-9B7E-0A1D2B3C4D5E",
        "StatusText": "SUCCESS",
        "StatusCode": 21050000,
        "BizDuration": calls[-1]["end"],
        "SolveTime": 11402,
        "Result": {
            "Sentences": [
                {
                    "EndTime": s["end"],
                    "SilenceDuration": 0,
                    "BeginTime": s["start"],
                    "Text": s["text"],
                    "ChannelId": s["channel"],
                    "SpeechRate": 200,
                    "EmotionValue": 5.0,
                }
                for s in calls
            ],
            "Words": [
                {"EndTime": w["end"], "BeginTime": w["start"], "Word": w["text"], "ChannelId": s["channel"]}
                for s in calls
                for w in spoken(s)
            ],
        },
    }


def _clock(ms: int) -> str:
    return f"{ms // 60000}:{ms % 60000 / 1000:.3f}"


def tencent(turns=TURNS) -> dict:
    calls = sentences(turns)
    return {
        "Response": {
            "Data": {
                "TaskId": 8021977,
                "Status": 2,
                "StatusStr": "success",
                "AudioDuration": calls[-1]["end"] / 1000,
                "Result": "".join(
                    f"[{_clock(s['start'])},{_clock(s['end'])},{s['channel']}]  {s['text']}\n" for s in calls
                ),
                "ResultDetail": [
                    {
                        "FinalSentence": s["text"],
                        "SliceSentence": " ".join(w["text"] for w in spoken(s)),
                        "WrittenText": "",
                        "StartMs": s["start"],
                        "EndMs": s["end"],
                        "WordsNum": len(spoken(s)),
                        "Words": [
                            {
                                "Word": w["text"],
                                "OffsetStartMs": w["start"] - s["start"],
                                "OffsetEndMs": w["end"] - s["start"],
                            }
                            for w in spoken(s)
                        ],
                        "SpeechSpeed": 4.0,
                        "SpeakerId": s["channel"],
                        "EmotionalEnergy": 0,
                        "SilenceTime": 0,
                        "EmotionType": ["neutral"],
                        "KeyWordResults": [],
                    }
                    for s in calls
                ],
                "ErrorMsg": "",
            },
            "RequestId": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        }
    }


def huawei(turns=TURNS) -> dict:
    calls = sentences(turns)
    return {
        "job_id": "2f1c3e5a-7b9d-4f0e-8a6c-1d2b3c4e5f60",
        "status": "FINISHED",
        "create_time": "2026-12-01T02:10:29.310Z",
        "start_time": "2026-12-01T02:10:30.002Z",
        "finish_time": "2026-12-01T02:10:41.120Z",
        "audio_duration": calls[-1]["end"],
        "segments": [
            {
                "start_time": s["start"],
                "end_time": s["end"],
                "result": {
                    "text": s["text"],
                    "score": 0.9,
                    "analysis_info": {
                        "role": "AGENT" if s["channel"] == 0 else "USER",
                        "emotion": "NORMAL",
                        "speed": 4.0,
                    },
                    "word_info": [
                        {"start_time": w["start"], "end_time": w["end"], "word": w["text"]} for w in spoken(s)
                    ],
                },
            }
            for s in calls
        ],
    }


def _one_best(s: dict) -> dict:
    return {
        "st": {
            "sc": "0.00",
            "pa": "0",
            "rt": [
                {
                    "ws": [
                        {
                            "cw": [{"w": w["text"], "wp": "p" if w["punct"] else "n", "wc": "1.0000"}],
                            "wb": (w["start"] - s["start"]) // 10,
                            "we": (w["end"] - s["start"]) // 10,
                        }
                        for w in s["words"]
                    ]
                }
            ],
            "bg": str(s["start"]),
            "rl": str(s["channel"] + 1),
            "ed": str(s["end"]),
        }
    }


def iflytek(turns=TURNS) -> dict:
    calls = sentences(turns)
    order_result = {
        "lattice": [{"json_1best": json.dumps(_one_best(s), ensure_ascii=False, separators=(",", ":"))} for s in calls],
        "lattice2": [
            {
                "lid": str(i),
                "end": str(s["end"]),
                "begin": str(s["start"]),
                "json_1best": _one_best(s),
                "spk": f"段落-{i}",
            }
            for i, s in enumerate(calls)
        ],
        "label": {"rl_label": [{"rl": "1", "label": "1"}, {"rl": "2", "label": "2"}]},
    }
    return {
        "code": "000000",
        "descInfo": "success",
        "content": {
            "orderInfo": {
                "orderId": "DKHJQ2026120110103000004711",
                "failType": 11,
                "status": 4,
                "originalDuration": calls[-1]["end"],
                "realDuration": calls[-1]["end"],
            },
            "orderResult": json.dumps(order_result, ensure_ascii=False, separators=(",", ":")),
            "taskEstimateTime": 0,
        },
    }


def volcengine(turns=TURNS) -> dict:
    calls = sentences(turns)
    return {
        "audio_info": {"duration": calls[-1]["end"]},
        "result": {
            "text": "".join(s["text"] for s in calls),
            "utterances": [
                {
                    "definite": True,
                    "start_time": s["start"],
                    "end_time": s["end"],
                    "text": s["text"],
                    # the service times each character
                    "words": [
                        {
                            "blank_duration": 0,
                            "start_time": w["start"] + CHAR_MS * i,
                            "end_time": w["start"] + CHAR_MS * (i + 1),
                            "text": char,
                        }
                        for w in spoken(s)
                        for i, char in enumerate(w["text"])
                    ],
                    "additions": {"speaker": str(s["channel"] + 1)},
                }
                for s in calls
            ],
        },
    }


def funasr(turns=TURNS) -> list:
    calls = sentences(turns)

    def stamps(s):
        return [
            [w["start"] + CHAR_MS * i, w["start"] + CHAR_MS * (i + 1)]
            for w in spoken(s)
            for i, _ in enumerate(w["text"])
        ]

    return [
        {
            "key": "call_0001",
            "text": "".join(s["text"] for s in calls),
            "timestamp": [stamp for s in calls for stamp in stamps(s)],
            "sentence_info": [
                {"text": s["text"], "start": s["start"], "end": s["end"], "timestamp": stamps(s), "spk": s["channel"]}
                for s in calls
            ],
        }
    ]


def whisper(turns=TURNS) -> dict:
    calls = sentences(turns)
    return {
        "text": "".join(s["text"] for s in calls),
        "segments": [
            {
                "id": i,
                "seek": 0,
                "start": s["start"] / 1000,
                "end": s["end"] / 1000,
                "text": s["text"],
                "tokens": [50364 + i, 2415, 1546, 50514],
                "temperature": 0.0,
                "avg_logprob": -0.21,
                "compression_ratio": 1.1,
                "no_speech_prob": 0.01,
                "words": _whisper_words(s),
                "speaker": f"SPEAKER_0{s['channel']}",
            }
            for i, s in enumerate(calls)
        ],
        "word_segments": [word for s in calls for word in _whisper_words(s)],
        "language": "zh",
    }


def _whisper_words(s: dict) -> list[dict]:
    """WhisperX: each word with its score and speaker (listed again in ``word_segments``)."""
    return [
        {
            "word": w["text"],
            "start": w["start"] / 1000,
            "end": w["end"] / 1000,
            "score": 0.9,
            "speaker": f"SPEAKER_0{s['channel']}",
        }
        for w in s["words"]
    ]


VENDORS = {
    "alibaba": alibaba,
    "tencent": tencent,
    "huawei": huawei,
    "iflytek": iflytek,
    "volcengine": volcengine,
    "funasr": funasr,
    "whisper": whisper,
}


def main() -> None:
    for name, make in VENDORS.items():
        path = HERE / f"{name}.json"
        path.write_text(json.dumps(make(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
