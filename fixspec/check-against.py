#!/usr/bin/env python3
"""Check one of our FIX data dictionaries against a reference dictionary (QuickFIX XML format).

Usage:
  check-against.py OURS.xml REFERENCE.xml [-v]
  check-against.py [-v]            # checks fixspec/FIX44.xml and fixspec/FIX42.xml against
                                   # $FIXSPEC_REFERENCE_DIR, else <repo>/../shared/fixspec;
                                   # if that folder is missing it says so and exits 0 (skip)

Our dictionaries are a subset of a full one, written independently. What must hold:

  self-consistency (ours alone)
    - every field named in header/trailer/messages/components/groups is defined in <fields>;
    - every component referenced is defined; a group's name is a NUMINGROUP field (INT in
      FIX 4.2, which counts groups with int);
    - field numbers and names are unique, message names and msgtypes are unique;
    - an enum value appears once per field; a field appears once per scope (message, group,
      or component body, with components expanded);
    - (warnings only) fields or components defined but never used.
  against the reference
    - major/minor (and type/servicepack when both files give them) agree;
    - each field exists there with the same number, name and type; each enum value we list
      exists there for that field (descriptions may differ: counted, listed with -v); where
      the reference lists no MsgType (35) values, each of ours must be the msgtype of one of
      the reference's messages;
    - each message exists there with the same name, msgtype and msgcat;
    - header, trailer, each message, component and group: every child we list (field, group
      or component) is a child of the same kind and name at the same place there, with the
      same required flag, in the same relative order; a group's first child (its delimiter)
      is the same as there.

Exit status: 0 when no mismatch, 1 on any mismatch, 2 on a usage or I/O error.
"""

import os
import sys
import xml.etree.ElementTree as ET

KINDS = ("field", "group", "component")


class Dictionary:
    def __init__(self, path):
        self.path = path
        self.root = ET.parse(path).getroot()
        if self.root.tag != "fix":
            raise ValueError(f"{path}: root element is <{self.root.tag}>, expected <fix>")
        self.header = self._section("header")
        self.trailer = self._section("trailer")
        self.messages = {}
        self.msgtypes = {}
        self.components = {}
        self.fields_by_name = {}
        self.fields_by_number = {}
        self.dup_errors = []
        for m in self._children("messages", "message"):
            name = m.get("name")
            if name in self.messages:
                self.dup_errors.append(f"message {name} defined twice")
            if m.get("msgtype") in self.msgtypes:
                self.dup_errors.append(f"msgtype {m.get('msgtype')} defined twice")
            self.messages[name] = m
            self.msgtypes[m.get("msgtype")] = m
        for c in self._children("components", "component"):
            if c.get("name") in self.components:
                self.dup_errors.append(f"component {c.get('name')} defined twice")
            self.components[c.get("name")] = c
        for f in self._children("fields", "field"):
            name, number = f.get("name"), f.get("number")
            if name in self.fields_by_name:
                self.dup_errors.append(f"field name {name} defined twice")
            if number in self.fields_by_number:
                self.dup_errors.append(f"field number {number} defined twice")
            self.fields_by_name[name] = f
            self.fields_by_number[number] = f

    def _section(self, tag):
        el = self.root.find(tag)
        return el if el is not None else ET.Element(tag)

    def _children(self, section, tag):
        el = self.root.find(section)
        return [] if el is None else [c for c in el if c.tag == tag]

    def label(self):
        return f"FIX.{self.root.get('major')}.{self.root.get('minor')}"


def structural_children(el):
    return [c for c in el if c.tag in KINDS]


def enum_values(field_el):
    return {v.get("enum"): v.get("description") for v in field_el.findall("value")}


class Checker:
    def __init__(self, ours, ref, verbose=False):
        self.ours, self.ref, self.verbose = ours, ref, verbose
        self.errors, self.warnings, self.notes = [], [], []

    def err(self, msg):
        self.errors.append(msg)

    # ---- ours alone ----------------------------------------------------------------------
    def self_consistency(self):
        o = self.ours
        self.errors.extend(o.dup_errors)
        used_fields, used_components = set(), set()

        def walk(el, where, expanding=()):
            seen = {}
            for child in structural_children(el):
                name = child.get("name")
                if child.get("required") not in ("Y", "N"):
                    self.err(f"{where}: {child.tag} {name} has required={child.get('required')!r}")
                if child.tag == "component":
                    used_components.add(name)
                    comp = o.components.get(name)
                    if comp is None:
                        self.err(f"{where}: component {name} is not defined")
                        continue
                    if name in expanding:
                        self.err(f"{where}: component {name} includes itself")
                        continue
                    for tag_name in walk(comp, f"component {name}", expanding + (name,)):
                        if tag_name in seen:
                            self.err(f"{where}: field {tag_name} appears twice (via {name})")
                        seen[tag_name] = True
                    continue
                used_fields.add(name)
                f = o.fields_by_name.get(name)
                if f is None:
                    self.err(f"{where}: field {name} is not defined in <fields>")
                elif child.tag == "group" and f.get("type") not in ("NUMINGROUP", "INT"):
                    # NUMINGROUP from FIX 4.3 on; FIX 4.2 and earlier count groups with int.
                    self.err(f"{where}: group {name} is field type {f.get('type')}, not NUMINGROUP or INT")
                if name in seen:
                    self.err(f"{where}: field {name} appears twice")
                seen[name] = True
                if child.tag == "group":
                    if not structural_children(child):
                        self.err(f"{where}: group {name} is empty")
                    walk(child, f"{where}/{name}", expanding)
            return list(seen)

        walk(o.header, "header")
        walk(o.trailer, "trailer")
        for name, m in o.messages.items():
            if m.get("msgcat") not in ("admin", "app"):
                self.err(f"message {name}: msgcat={m.get('msgcat')!r}")
            walk(m, f"message {name}")
        for name, c in o.components.items():
            walk(c, f"component {name}")
        for name, f in o.fields_by_name.items():
            vals = [v.get("enum") for v in f.findall("value")]
            if len(vals) != len(set(vals)):
                self.err(f"field {name}: an enum value is listed twice")
            if name not in used_fields:
                self.warnings.append(f"field {name} ({f.get('number')}) is defined but not used")
        for name in o.components:
            if name not in used_components:
                self.warnings.append(f"component {name} is defined but not used")
        msgtype = o.fields_by_name.get("MsgType")
        if msgtype is not None:
            listed = set(enum_values(msgtype))
            for mt, m in o.msgtypes.items():
                if mt not in listed:
                    self.err(f"MsgType (35) does not list {mt} ({m.get('name')})")

    # ---- against the reference -----------------------------------------------------------
    def versions(self):
        for attr in ("major", "minor", "type", "servicepack"):
            a, b = self.ours.root.get(attr), self.ref.root.get(attr)
            if attr in ("major", "minor") or (a is not None and b is not None):
                if a != b:
                    self.err(f"<fix {attr}>: ours {a!r}, reference {b!r}")

    def fields(self):
        for name, f in self.ours.fields_by_name.items():
            number = f.get("number")
            r = self.ref.fields_by_number.get(number)
            if r is None:
                self.err(f"field {number} {name}: number not in reference")
                continue
            if r.get("name") != name:
                self.err(f"field {number}: ours named {name}, reference {r.get('name')}")
            if r.get("type") != f.get("type"):
                self.err(f"field {number} {name}: ours type {f.get('type')}, reference {r.get('type')}")
            ref_vals = enum_values(r)
            if number == "35" and not ref_vals:
                # Some references list no MsgType values; their message catalogue is the list.
                ref_vals = {mt: None for mt in self.ref.msgtypes}
            for v, desc in enum_values(f).items():
                if v not in ref_vals:
                    self.err(f"field {number} {name}: enum value {v!r} ({desc}) not in reference")
                elif ref_vals[v] is not None and ref_vals[v] != desc:
                    self.notes.append(f"field {number} {name} value {v!r}: ours {desc}, reference {ref_vals[v]}")

    def structure(self, ours_el, ref_el, where):
        index = {}
        for i, c in enumerate(structural_children(ref_el)):
            index.setdefault((c.tag, c.get("name")), (i, c))
        last = -1
        for child in structural_children(ours_el):
            key = (child.tag, child.get("name"))
            hit = index.get(key)
            if hit is None:
                self.err(f"{where}: {child.tag} {child.get('name')} is not there in the reference")
                continue
            i, r = hit
            if child.get("required") != r.get("required"):
                self.err(f"{where}: {child.tag} {child.get('name')} required={child.get('required')}, "
                         f"reference required={r.get('required')}")
            if i < last:
                self.err(f"{where}: {child.tag} {child.get('name')} is out of the reference's order")
            last = max(last, i)
            if child.tag == "group":
                ours_first = structural_children(child)[:1]
                ref_first = structural_children(r)[:1]
                if [(c.tag, c.get("name")) for c in ours_first] != [(c.tag, c.get("name")) for c in ref_first]:
                    self.err(f"{where}/{child.get('name')}: first child (delimiter) differs from the reference")
                self.structure(child, r, f"{where}/{child.get('name')}")

    def messages(self):
        self.structure(self.ours.header, self.ref.header, "header")
        self.structure(self.ours.trailer, self.ref.trailer, "trailer")
        for name, m in self.ours.messages.items():
            r = self.ref.messages.get(name)
            if r is None:
                self.err(f"message {name}: not in reference")
                continue
            for attr in ("msgtype", "msgcat"):
                if m.get(attr) != r.get(attr):
                    self.err(f"message {name}: ours {attr}={m.get(attr)!r}, reference {r.get(attr)!r}")
            self.structure(m, r, f"message {name}")
        for name, c in self.ours.components.items():
            r = self.ref.components.get(name)
            if r is None:
                self.err(f"component {name}: not in reference")
                continue
            self.structure(c, r, f"component {name}")

    def run(self):
        self.self_consistency()
        self.versions()
        self.fields()
        self.messages()
        return self


def counts(d):
    groups = sum(len(list(el.iter("group"))) for el in
                 [d.header, d.trailer, *d.messages.values(), *d.components.values()])
    return (f"{len(d.messages)} messages, {len(d.components)} components, {groups} groups, "
            f"{len(d.fields_by_name)} fields, "
            f"{sum(len(f.findall('value')) for f in d.fields_by_name.values())} enum values")


def check_pair(ours_path, ref_path, verbose):
    try:
        ours, ref = Dictionary(ours_path), Dictionary(ref_path)
    except (OSError, ET.ParseError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    c = Checker(ours, ref, verbose).run()
    print(f"{ours_path} ({ours.label()}): {counts(ours)}")
    print(f"  against {ref_path}")
    for w in c.warnings:
        print(f"  warning: {w}")
    for e in c.errors:
        print(f"  MISMATCH: {e}")
    if c.notes:
        print(f"  note: {len(c.notes)} enum descriptions worded differently from the reference"
              + ("" if verbose else " (-v lists them)"))
        if verbose:
            for n in c.notes:
                print(f"    {n}")
    print(f"  {'FAIL' if c.errors else 'OK'}: {len(c.errors)} mismatches, {len(c.warnings)} warnings")
    return 1 if c.errors else 0


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if any(a.startswith("-") for a in args) or len(args) not in (0, 2):
        print(__doc__, file=sys.stderr)
        return 2
    if len(args) == 2:
        return check_pair(args[0], args[1], verbose)
    here = os.path.dirname(os.path.abspath(__file__))
    ref_dir = os.environ.get("FIXSPEC_REFERENCE_DIR") or os.path.join(here, "..", "..", "shared", "fixspec")
    ref_dir = os.path.normpath(ref_dir)
    if not os.path.isdir(ref_dir):
        print(f"skip: no reference dictionaries at {ref_dir} (set FIXSPEC_REFERENCE_DIR)")
        return 0
    status = 0
    for name in ("FIX44.xml", "FIX42.xml"):
        status = max(status, check_pair(os.path.join(here, name), os.path.join(ref_dir, name), verbose))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
