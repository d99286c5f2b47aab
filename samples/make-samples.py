#!/usr/bin/env python3
"""Generate the sample FIX 4.4 logs for the `portstress decode` demo.

  samples/orders.log       one message a line, real SOH (0x01) separators, each line prefixed
                           with a log timestamp and direction: `20261124-14:30:31.120 OUT: 8=...`
  samples/orders-pipe.log  the same messages with `|` for SOH and no prefix

A GATEWAY -> VENUE1 session: Logon both ways, TestRequest/Heartbeat, two NewOrderSingles
(one replaced, partially then fully filled, a cancel of it rejected as too late; one
cancelled), a limit order without a price answered by a BusinessMessageReject, Logout both
ways. Two lines are bad on purpose, so the decoder shows its one-line reasons:
  - a Heartbeat from the venue garbled after it was framed (one byte of a value changed, so
    BodyLength still holds but CheckSum does not);
  - the last line, a reconnect Logon cut off mid-write (no CheckSum field).

BodyLength (9) counts the bytes from the one after `9=N<SOH>` through the SOH before `10=`;
CheckSum (10) is the sum of every byte before `10=` mod 256, as three digits. Both are
computed on the SOH form; the pipe file shows the same values (a reader turns `|` back into
SOH before checking them).

Usage:
  make-samples.py          (re)write both files; the output is deterministic
  make-samples.py --check  regenerate in memory and compare with the files on disk, re-parse
                           the files and verify every good line's BodyLength and CheckSum,
                           and validate each good message against fixspec/FIX44.xml; exit 1
                           on any difference
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

SOH = "\x01"
BEGIN = "FIX.4.4"
HERE = os.path.dirname(os.path.abspath(__file__))
SOH_FILE = os.path.join(HERE, "orders.log")
PIPE_FILE = os.path.join(HERE, "orders-pipe.log")
DICTIONARY = os.path.join(HERE, "..", "fixspec", "FIX44.xml")

US = "GATEWAY"
VENUE = "VENUE1"
DAY = "20261124"


def frame(fields):
    """fields: [(tag, value)] from MsgType (35) on, without 8/9/10. Returns the wire string."""
    body = "".join(f"{tag}={value}{SOH}" for tag, value in fields)
    head = f"8={BEGIN}{SOH}9={len(body.encode('ascii'))}{SOH}"
    checksum = sum((head + body).encode("ascii")) % 256
    return f"{head}{body}10={checksum:03d}{SOH}"


class Session:
    """Numbers messages per direction and stamps the standard header."""

    def __init__(self):
        self.seq = {"OUT": 0, "IN": 0}
        self.lines = []  # (log time, direction, wire, kind) with kind good|garbled|truncated

    def msg(self, direction, logged, msgtype, body, sent=None):
        self.seq[direction] += 1
        sender, target = (US, VENUE) if direction == "OUT" else (VENUE, US)
        header = [(35, msgtype), (49, sender), (56, target), (34, self.seq[direction]),
                  (52, f"{DAY}-{sent or logged}")]
        wire = frame(header + body)
        self.lines.append((f"{DAY}-{logged}", direction, wire, "good"))
        return wire


# Instruments and parties used by the orders (ISINs are the real ones for these symbols).
MSFT = [(55, "MSFT"), (48, "US5949181045"), (22, "4")]
AAPL = [(55, "AAPL"), (48, "US0378331005"), (22, "4")]
NVDA = [(55, "NVDA"), (48, "US67066G1040"), (22, "4")]
PARTIES = [(453, 2), (448, "PSX-DESK7"), (447, "D"), (452, 11),
           (448, "ACME-CAPITAL"), (447, "D"), (452, 3)]
ACCOUNT = [(1, "ACC-10042")]


def ts(t):
    return f"{DAY}-{t}"


def build():
    s = Session()
    # Session start: Logon both ways, then a TestRequest answered by a Heartbeat.
    s.msg("OUT", "14:30:00.000", "A", [(98, 0), (108, 30), (141, "Y"), (553, "gw-ops")])
    s.msg("IN", "14:30:00.004", "A", [(98, 0), (108, 30), (141, "Y")], sent="14:30:00.003")
    s.msg("OUT", "14:30:30.002", "1", [(112, "TR-143030")])
    s.msg("IN", "14:30:30.006", "0", [(112, "TR-143030")], sent="14:30:30.005")

    # Order 1: buy 500 MSFT limit 415.25, day.
    s.msg("OUT", "14:30:31.120", "D", [(11, "GW-0001")] + PARTIES + ACCOUNT + [(21, 1)] + MSFT + [
        (54, 1), (60, ts("14:30:31.118")), (38, 500), (40, 2), (44, "415.25"), (15, "USD"),
        (59, 0), (528, "A")])
    s.msg("IN", "14:30:31.124", "8", [
        (37, "V1-884120"), (11, "GW-0001"), (17, "V1-E-10001"), (150, "0"), (39, "0")] + ACCOUNT + MSFT + [
        (54, 1), (38, 500), (40, 2), (44, "415.25"), (59, 0), (151, 500), (14, 0), (6, 0),
        (60, ts("14:30:31.122"))], sent="14:30:31.123")
    # Partial fill: 200 @ 415.24 (FIX 4.4: ExecType F = Trade, OrdStatus 1 = partially filled).
    s.msg("IN", "14:30:31.871", "8", [
        (37, "V1-884120"), (11, "GW-0001"), (17, "V1-E-10002"), (150, "F"), (39, "1")] + ACCOUNT + MSFT + [
        (54, 1), (38, 500), (40, 2), (44, "415.25"), (59, 0), (32, 200), (31, "415.24"),
        (30, "XNAS"), (151, 300), (14, 200), (6, "415.24"), (60, ts("14:30:31.868")),
        (851, 1)], sent="14:30:31.869")
    # Replace: raise the limit to 415.40.
    s.msg("OUT", "14:30:45.301", "G", [
        (37, "V1-884120"), (41, "GW-0001"), (11, "GW-0002")] + ACCOUNT + [(21, 1)] + MSFT + [
        (54, 1), (60, ts("14:30:45.300")), (38, 500), (40, 2), (44, "415.40"), (59, 0)])
    s.msg("IN", "14:30:45.307", "8", [
        (37, "V1-884120"), (11, "GW-0002"), (41, "GW-0001"), (17, "V1-E-10003"), (150, "5"),
        (39, "1")] + ACCOUNT + MSFT + [
        (54, 1), (38, 500), (40, 2), (44, "415.40"), (59, 0), (151, 300), (14, 200),
        (6, "415.24"), (60, ts("14:30:45.305"))], sent="14:30:45.306")
    # Fill: the remaining 300 @ 415.40; average (200*415.24 + 300*415.40)/500 = 415.336.
    s.msg("IN", "14:30:46.013", "8", [
        (37, "V1-884120"), (11, "GW-0002"), (17, "V1-E-10004"), (150, "F"), (39, "2")] + ACCOUNT + MSFT + [
        (54, 1), (38, 500), (40, 2), (44, "415.40"), (59, 0), (32, 300), (31, "415.40"),
        (30, "XNAS"), (151, 0), (14, 500), (6, "415.336"), (60, ts("14:30:46.010")),
        (851, 1)], sent="14:30:46.011")
    # A cancel that arrives after the fill: OrderCancelReject, too late to cancel.
    s.msg("OUT", "14:30:50.500", "F", [
        (41, "GW-0002"), (37, "V1-884120"), (11, "GW-0003")] + ACCOUNT + MSFT + [
        (54, 1), (60, ts("14:30:50.499")), (38, 500)])
    s.msg("IN", "14:30:50.505", "9", [
        (37, "V1-884120"), (11, "GW-0003"), (41, "GW-0002"), (39, "2")] + ACCOUNT + [
        (60, ts("14:30:50.503")), (434, 1), (102, 0), (58, "Too late to cancel: order is filled")],
        sent="14:30:50.504")

    # Order 2: sell 1000 AAPL limit 229.80, then cancelled.
    s.msg("OUT", "14:31:02.250", "D", [(11, "GW-0004")] + PARTIES + ACCOUNT + [(21, 1)] + AAPL + [
        (54, 2), (60, ts("14:31:02.248")), (38, 1000), (40, 2), (44, "229.80"), (15, "USD"),
        (59, 0), (528, "A")])
    s.msg("IN", "14:31:02.256", "8", [
        (37, "V1-884121"), (11, "GW-0004"), (17, "V1-E-10005"), (150, "0"), (39, "0")] + ACCOUNT + AAPL + [
        (54, 2), (38, 1000), (40, 2), (44, "229.80"), (59, 0), (151, 1000), (14, 0), (6, 0),
        (60, ts("14:31:02.254"))], sent="14:31:02.255")
    s.msg("OUT", "14:31:05.000", "0", [])
    # The venue's heartbeat, garbled in transit: framed correctly, then one byte of the
    # SendingTime changed (":" -> ";"), so BodyLength still holds and CheckSum fails.
    good = s.msg("IN", "14:31:05.004", "0", [], sent="14:31:05.003")
    logged, direction, _, _ = s.lines.pop()
    garbled = good.replace("52=20261124-14:31:05.003", "52=20261124-14;31:05.003")
    assert garbled != good
    s.lines.append((logged, direction, garbled, "garbled"))
    s.msg("OUT", "14:31:10.400", "F", [
        (41, "GW-0004"), (37, "V1-884121"), (11, "GW-0005")] + ACCOUNT + AAPL + [
        (54, 2), (60, ts("14:31:10.399")), (38, 1000)])
    s.msg("IN", "14:31:10.406", "8", [
        (37, "V1-884121"), (11, "GW-0005"), (41, "GW-0004"), (17, "V1-E-10006"), (150, "4"),
        (39, "4")] + ACCOUNT + AAPL + [
        (54, 2), (38, 1000), (40, 2), (44, "229.80"), (59, 0), (151, 0), (14, 0), (6, 0),
        (60, ts("14:31:10.404"))], sent="14:31:10.405")

    # Order 3: a limit order sent without a price; the venue answers BusinessMessageReject.
    s.msg("OUT", "14:31:15.010", "D", [(11, "GW-0006")] + PARTIES + ACCOUNT + [(21, 1)] + NVDA + [
        (54, 1), (60, ts("14:31:15.008")), (38, 250), (40, 2), (15, "USD"), (59, 0), (528, "A")])
    nos_seq = s.seq["OUT"]
    s.msg("IN", "14:31:15.015", "j", [
        (45, nos_seq), (372, "D"), (379, "GW-0006"), (380, 5),
        (58, "Price (44) is required when OrdType (40) = 2")], sent="14:31:15.014")

    # Session end.
    s.msg("OUT", "14:31:20.000", "5", [(58, "End of trading session")])
    s.msg("IN", "14:31:20.004", "5", [], sent="14:31:20.003")

    # A reconnect Logon cut off mid-write (the process stopped): no CheckSum.
    s.seq = {"OUT": 0, "IN": 0}
    whole = s.msg("OUT", "14:35:00.000", "A", [(98, 0), (108, 30), (141, "Y"), (553, "gw-ops")])
    logged, direction, _, _ = s.lines.pop()
    cut = whole[: whole.index("52=") + len("52=2026112")]
    s.lines.append((logged, direction, cut, "truncated"))
    return s.lines


def render(lines):
    soh = "".join(f"{t} {d}: {wire}\n" for t, d, wire, _ in lines)
    pipe = "".join(wire.replace(SOH, "|") + "\n" for _, _, wire, _ in lines)
    return soh, pipe


# ---- checking ---------------------------------------------------------------------------

def parse_frame(wire):
    """Independent re-parse: returns a list of problems (empty when the frame is sound)."""
    m = re.match(r"8=([^\x01]*)\x019=(\d+)\x01", wire)
    if not m:
        return ["no 8=/9= at the start"]
    start = m.end()
    k = wire.rfind(SOH + "10=")
    if k < 0:
        return ["no CheckSum (10) field: truncated"]
    body_end = k + 1
    problems = []
    if body_end - start != int(m.group(2)):
        problems.append(f"BodyLength {m.group(2)}, counted {body_end - start}")
    declared = wire[body_end + 3:].rstrip(SOH)
    computed = f"{sum(wire[:body_end].encode('ascii')) % 256:03d}"
    if declared != computed:
        problems.append(f"CheckSum {declared}, computed {computed}")
    return problems


def load_dictionary(path):
    root = ET.parse(path).getroot()
    fields = {f.get("name"): f for f in root.find("fields")}
    comps = {c.get("name"): c for c in root.find("components")}

    def expand(el, allowed, required, top):
        for c in el:
            if c.tag == "component":
                expand(comps[c.get("name")], allowed, required, top and c.get("required") == "Y")
                continue
            num = int(fields[c.get("name")].get("number"))
            allowed.add(num)
            if top and c.get("required") == "Y":
                required.add(num)
            if c.tag == "group":
                expand(c, allowed, required, False)

    common_allowed, common_required = set(), set()
    expand(root.find("header"), common_allowed, common_required, True)
    expand(root.find("trailer"), common_allowed, common_required, True)
    messages = {}
    for m in root.find("messages"):
        allowed, required = set(common_allowed), set(common_required)
        expand(m, allowed, required, True)
        messages[m.get("msgtype")] = (m.get("name"), allowed, required)
    enums = {int(f.get("number")): (f.get("type"), {v.get("enum") for v in f.findall("value")})
             for f in fields.values() if f.find("value") is not None}
    return messages, enums


def validate(wire, messages, enums):
    pairs = [p.split("=", 1) for p in wire.rstrip(SOH).split(SOH)]
    tags = [int(t) for t, _ in pairs]
    values = dict((int(t), v) for t, v in pairs)
    msgtype = values.get(35)
    if msgtype not in messages:
        return [f"MsgType {msgtype} not in the dictionary"]
    name, allowed, required = messages[msgtype]
    problems = [f"{name}: tag {t} not defined for this message" for t in tags if t not in allowed]
    problems += [f"{name}: required tag {t} missing" for t in sorted(required) if t not in tags]
    for t, v in pairs:
        t = int(t)
        if t in enums:
            typ, vals = enums[t]
            for one in (v.split(" ") if typ == "MULTIPLEVALUESTRING" else [v]):
                if one not in vals:
                    problems.append(f"{name}: tag {t} value {one!r} not in the dictionary")
    return problems


def check(lines, soh, pipe):
    problems = []
    for path, expected in ((SOH_FILE, soh), (PIPE_FILE, pipe)):
        try:
            with open(path, "rb") as f:
                actual = f.read().decode("ascii")
        except OSError as e:
            problems.append(f"{path}: {e}")
            continue
        if actual != expected:
            problems.append(f"{path}: differs from what this script generates (run it to rewrite)")
    messages, enums = load_dictionary(DICTIONARY)
    with open(SOH_FILE, "rb") as f:
        on_disk = f.read().decode("ascii").splitlines()
    with open(PIPE_FILE, "rb") as f:
        pipe_lines = f.read().decode("ascii").splitlines()
    if len(on_disk) != len(lines) or len(pipe_lines) != len(lines):
        problems.append("line counts differ from the generated message list")
    for n, ((_, _, _, kind), line, pline) in enumerate(zip(lines, on_disk, pipe_lines), 1):
        wire = line[line.index("8="):]
        if wire != pline.replace("|", SOH):
            problems.append(f"line {n}: the two files disagree")
        frame_problems = parse_frame(wire)
        if kind == "good":
            problems += [f"line {n}: {p}" for p in frame_problems]
            problems += [f"line {n}: {p}" for p in validate(wire, messages, enums)]
        elif not frame_problems:
            problems.append(f"line {n}: meant to be {kind} but frames cleanly")
    return problems


def main(argv):
    lines = build()
    soh, pipe = render(lines)
    if argv == ["--check"]:
        problems = check(lines, soh, pipe)
        for p in problems:
            print(f"samples: {p}")
        good = sum(1 for line in lines if line[3] == "good")
        print(f"samples: {len(lines)} lines ({good} good), "
              + ("FAIL" if problems else "OK: regenerate identically, frames and dictionary check out"))
        return 1 if problems else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    for path, text in ((SOH_FILE, soh), (PIPE_FILE, pipe)):
        with open(path, "wb") as f:
            f.write(text.encode("ascii"))
    print(f"wrote {SOH_FILE} and {PIPE_FILE}: {len(lines)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
