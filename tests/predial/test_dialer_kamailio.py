"""The Kamailio snippet of docs/dialers.md, run in a real Kamailio against a real `leadscreen serve`.

The route block is taken from the docs as written; around it, the smallest configuration that
routes an outbound INVITE through it, answering 480 where a real proxy would relay the call to
the carrier. `.ci/run` installs Debian's kamailio; without it the test is skipped with its reason.
"""

from __future__ import annotations

import os
import secrets
import selectors
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from predial_support import CONSENTED, NOBODY, POLICY_TEXT, make_ledger, start_server

KAMAILIO = shutil.which("kamailio") or (os.path.exists("/usr/sbin/kamailio") and "/usr/sbin/kamailio") or None
MODULES = next(
    (path for path in Path("/usr/lib").glob("*/kamailio/modules") if (path / "http_client.so").exists()), None
)
pytestmark = pytest.mark.skipif(
    KAMAILIO is None or MODULES is None,
    reason="Debian's kamailio and kamailio-utils-modules are not installed (.ci/run installs them)",
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "dialers.md"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configuration(sip_port: int, hook_port: int) -> str:
    snippet = DOCS.read_text(encoding="utf-8").split("## Kamailio")[1].split("```\n")[1].split("```")[0]
    module_and_route = snippet.split("request_route {")[0]
    assert "127.0.0.1:8700" in module_and_route and "route[LEADSCREEN]" in module_and_route
    return f'''#!KAMAILIO
debug=2
log_stderror=yes
children=1
listen=udp:127.0.0.1:{sip_port}
mpath="{MODULES}/"
loadmodule "pv.so"
loadmodule "sl.so"
loadmodule "xlog.so"
loadmodule "siputils.so"
loadmodule "textops.so"
{module_and_route.replace("127.0.0.1:8700", f"127.0.0.1:{hook_port}")}
request_route {{
    if (is_method("INVITE") && !has_totag()) {{
        route(LEADSCREEN);
        sl_send_reply("480", "Would dial");
        exit;
    }}
    sl_send_reply("405", "Method Not Allowed");
}}
'''


def invite(sip_port: int, number: str, timeout: float = 10) -> str:
    """Send an outbound INVITE for ``number``; return the status line of Kamailio's answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as dialer:
        dialer.bind(("127.0.0.1", 0))
        dialer.settimeout(timeout)
        port = dialer.getsockname()[1]
        call_id = secrets.token_hex(8)
        request = "\r\n".join(
            [
                f"INVITE sip:{number}@127.0.0.1:{sip_port} SIP/2.0",
                f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{call_id}",
                "Max-Forwards: 70",
                f"From: <sip:dialer@127.0.0.1>;tag={call_id[:6]}",
                f"To: <sip:{number}@127.0.0.1>",
                f"Call-ID: {call_id}@127.0.0.1",
                "CSeq: 1 INVITE",
                f"Contact: <sip:dialer@127.0.0.1:{port}>",
                "Content-Length: 0",
                "",
                "",
            ]
        )
        dialer.sendto(request.encode(), ("127.0.0.1", sip_port))
        while True:
            status = dialer.recv(65535).decode(errors="replace").split("\r\n")[0]
            if not status.startswith("SIP/2.0 1"):  # skip provisional answers
                return status


def start_kamailio(config_path: Path, log_path: Path, sip_port: int) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([KAMAILIO, "-DD", "-E", "-f", str(config_path)], stdout=log, stderr=log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if invite(sip_port, "10086", timeout=0.2)[:11] in ("SIP/2.0 603", "SIP/2.0 480"):
                return process
        except OSError:  # not listening yet: the datagram was lost or refused
            selectors.DefaultSelector().select(0.05)
    process.kill()
    raise AssertionError(f"kamailio did not start: {log_path.read_text(errors='replace')[-2000:]}")


def test_kamailio_route_from_the_docs_dials_only_on_allow(tmp_path):
    db = make_ledger(tmp_path / "ledger.db")
    policy_path = tmp_path / "policy.toml"
    # The docs' snippet asks for campaign insurance_sales; the real clock decides here, so this
    # test's policy makes that campaign callable at any hour and its consents fresh.
    policy_path.write_text(
        POLICY_TEXT.replace('calling_hours = ["09:00-21:00"]\nskip_holidays = true', "").replace(
            "max_consent_age_days = 365\n", "max_consent_age_days = 36500\n"
        ),
        encoding="utf-8",
    )
    server, hook_port = start_server(db, policy_path, tmp_path / "server.err")
    sip_port = free_udp_port()
    config_path = tmp_path / "kamailio.cfg"
    config_path.write_text(configuration(sip_port, hook_port), encoding="utf-8")
    check = subprocess.run(
        [KAMAILIO, "-c", "-f", str(config_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert check.returncode == 0, check.stderr[-2000:]
    kamailio = start_kamailio(config_path, tmp_path / "kamailio.log", sip_port)
    try:
        assert invite(sip_port, CONSENTED) == "SIP/2.0 480 Would dial"  # ALLOW: relayed
        assert invite(sip_port, NOBODY) == "SIP/2.0 603 Decline"  # DENY no_consent
        server.terminate()
        server.wait(timeout=20)
        assert invite(sip_port, CONSENTED) == "SIP/2.0 603 Decline"  # hook unreachable: not dialled
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=20)
        kamailio.terminate()
        kamailio.wait(timeout=20)
    log = (tmp_path / "kamailio.log").read_text(errors="replace")
    assert "leadscreen denied" in log and "DENY no_consent" in log
