#!/usr/bin/env python3
"""Generates Fixtures/malformed from the real fixtures in Fixtures/bin.

Each file is a real fixture with one structure damaged: truncated at a
structural boundary, an offset or count past the end, a chain that loops or
lies, a string index past its table, a missing terminator, a wrong entry
size. Every damage is applied to four bases, one per class and byte order
(ELF64 LSB x86_64, ELF64 MSB s390x, ELF32 LSB armhf, ELF32 MSB mips).

MANIFEST.tsv lists, per file, the error code abidoctor must report and a
phrase its message must contain. Run from anywhere; the output is
deterministic, so regenerating it changes nothing unless this script changes.
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "bin")
OUT = os.path.join(HERE, "malformed")

SHT_DYNAMIC, SHT_NOTE, SHT_DYNSYM = 6, 7, 11
SHT_VERDEF, SHT_VERNEED, SHT_VERSYM = 0x6FFFFFFD, 0x6FFFFFFE, 0x6FFFFFFF
PT_DYNAMIC, PT_INTERP = 2, 3
DT_NULL, DT_NEEDED, DT_DEBUG = 0, 1, 21


class Elf:
    """Just enough of an ELF editor to damage one field at a time."""

    def __init__(self, data):
        self.data = bytearray(data)
        self.is64 = data[4] == 2
        self.end = "<" if data[5] == 1 else ">"
        e = self.end
        if self.is64:
            (self.phoff, self.shoff) = struct.unpack_from(e + "QQ", data, 0x20)
            (self.phentsize, self.phnum, self.shentsize, self.shnum, self.shstrndx) = struct.unpack_from(
                e + "HHHHH", data, 0x36)
        else:
            (self.phoff, self.shoff) = struct.unpack_from(e + "II", data, 0x1C)
            (self.phentsize, self.phnum, self.shentsize, self.shnum, self.shstrndx) = struct.unpack_from(
                e + "HHHHH", data, 0x2A)

    # Header field offsets (ELF64, ELF32).
    def off(self, name):
        return {
            "e_phoff": (0x20, 0x1C), "e_shoff": (0x28, 0x20), "e_phentsize": (0x36, 0x2A),
            "e_phnum": (0x38, 0x2C), "e_shnum": (0x3C, 0x30), "e_shstrndx": (0x3E, 0x32),
        }[name][0 if self.is64 else 1]

    def put(self, fmt, offset, value):
        struct.pack_into(self.end + fmt, self.data, offset, value)

    def get(self, fmt, offset):
        return struct.unpack_from(self.end + fmt, self.data, offset)[0]

    def word(self):
        return "Q" if self.is64 else "I"

    def sections(self):
        out = []
        for i in range(self.shnum):
            base = self.shoff + i * self.shentsize
            if self.is64:
                name, typ, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from(
                    self.end + "IIQQQQIIQQ", self.data, base)
                fields = {"sh_offset": base + 24, "sh_size": base + 32, "sh_info": base + 44, "sh_entsize": base + 56}
            else:
                name, typ, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from(
                    self.end + "IIIIIIIIII", self.data, base)
                fields = {"sh_offset": base + 16, "sh_size": base + 20, "sh_info": base + 28, "sh_entsize": base + 36}
            out.append(dict(index=i, type=typ, offset=offset, size=size, link=link, info=info,
                            entsize=entsize, fields=fields))
        return out

    def section(self, typ):
        return next((s for s in self.sections() if s["type"] == typ), None)

    def segments(self):
        out = []
        for i in range(self.phnum):
            base = self.phoff + i * self.phentsize
            if self.is64:
                typ, flags, offset, vaddr, paddr, filesz = struct.unpack_from(self.end + "IIQQQQ", self.data, base)
                fields = {"p_offset": base + 8}
            else:
                typ, offset, vaddr, paddr, filesz = struct.unpack_from(self.end + "IIIII", self.data, base)
                fields = {"p_offset": base + 4}
            out.append(dict(type=typ, offset=offset, filesz=filesz, fields=fields))
        return out

    def segment(self, typ):
        return next((s for s in self.segments() if s["type"] == typ), None)

    def put_field(self, fields, name, value):
        size = "Q" if self.is64 and name in ("sh_offset", "sh_size", "sh_entsize", "p_offset") else "I"
        self.put(size, fields[name], value)


def truncations(elf):
    """Cut the file inside each structure, from the ELF header to the string tables."""
    cuts = [("ehdr", 30, "not-elf-or-malformed", "truncated inside the ELF header")]
    cuts.append(("phdrs", elf.phoff + elf.phentsize + 3, "malformed-elf", "program header table"))
    names = {SHT_DYNAMIC: "dynamic", SHT_VERNEED: "verneed", SHT_VERDEF: "verdef",
             SHT_DYNSYM: "dynsym", SHT_NOTE: "note"}
    for s in elf.sections():
        if s["type"] in names and s["size"] > 8 and not any(c[0] == names[s["type"]] for c in cuts):
            cuts.append((names[s["type"]], s["offset"] + s["size"] // 2, "malformed-elf", "section header table"))
    dynstr = elf.sections()[elf.section(SHT_DYNSYM)["link"]] if elf.section(SHT_DYNSYM) else None
    if dynstr:
        cuts.append(("dynstr", dynstr["offset"] + dynstr["size"] // 2, "malformed-elf", "section header table"))
    return cuts


def damages(elf):
    """(name, mutate(elf) -> None, code, phrase) for each single-field damage that applies to `elf`."""
    out = []
    big = 0xFFFF_FFFF_0000_0000 if elf.is64 else 0xFFFF_0000

    out.append(("shoff-past-end", lambda e: e.put(e.word(), e.off("e_shoff"), big), "malformed-elf",
                "section header table"))
    out.append(("phoff-past-end", lambda e: e.put(e.word(), e.off("e_phoff"), big), "malformed-elf",
                "program header table"))
    out.append(("shnum-huge", lambda e: e.put("H", e.off("e_shnum"), 0xFEFF), "malformed-elf",
                "section header table (65279 entries) runs past the end"))
    out.append(("phnum-huge", lambda e: e.put("H", e.off("e_phnum"), 0xFFFE), "malformed-elf",
                "program header table (65534 entries) runs past the end"))
    out.append(("shstrndx-out-of-range", lambda e: e.put("H", e.off("e_shstrndx"), e.shnum + 7), "malformed-elf",
                "e_shstrndx"))
    out.append(("phentsize-wrong", lambda e: e.put("H", e.off("e_phentsize"), 20), "malformed-elf",
                "e_phentsize is 20"))
    out.append(("bad-class", lambda e: e.data.__setitem__(4, 7), "malformed-elf", "EI_CLASS"))

    def dyn_entries(e):
        s = e.section(SHT_DYNAMIC)
        size = 16 if e.is64 else 8
        return [(s["offset"] + i * size, size) for i in range(s["size"] // size)]

    if elf.section(SHT_DYNAMIC):
        out.append(("dynamic-offset-past-end",
                    lambda e: e.put_field(e.section(SHT_DYNAMIC)["fields"], "sh_offset", len(e.data) + 64),
                    "malformed-elf", "SHT_DYNAMIC section"))
        out.append(("dynamic-entsize-wrong",
                    lambda e: e.put_field(e.section(SHT_DYNAMIC)["fields"], "sh_entsize", 7),
                    "malformed-elf", "has sh_entsize 7"))

        def no_null(e):
            for at, size in dyn_entries(e):
                if e.get(e.word(), at) == DT_NULL:
                    e.put(e.word(), at, DT_DEBUG)
        out.append(("dynamic-without-null", no_null, "malformed-elf", "no DT_NULL terminator"))

        def needed_past_strtab(e):
            for at, size in dyn_entries(e):
                if e.get(e.word(), at) == DT_NEEDED:
                    e.put(e.word(), at + size // 2, 0xFFFFF)
                    return
        if any(elf.get(elf.word(), at) == DT_NEEDED for at, _ in dyn_entries(elf)):
            out.append(("needed-string-past-strtab", needed_past_strtab, "malformed-elf",
                        "DT_NEEDED string offset 0xfffff is outside"))

    if elf.section(SHT_VERNEED):
        vn = lambda e: e.section(SHT_VERNEED)["offset"]
        out.append(("verneed-aux-past-section", lambda e: e.put("I", vn(e) + 8, 0x7000), "malformed-elf",
                    "vn_aux/vna_next points past the section end"))
        out.append(("verneed-next-loops", lambda e: e.put("I", vn(e) + 12, 0xFFFFFFF0), "malformed-elf",
                    "lies past the section end"))
        out.append(("verneed-count-lies", lambda e: e.put("H", vn(e) + 2, 1000), "malformed-elf",
                    "vn_cnt says 1000"))
        out.append(("verneed-name-past-strtab",
                    lambda e: e.put("I", vn(e) + e.get("I", vn(e) + 8) + 8, 0xFFFFF), "malformed-elf",
                    "vna_name is outside the string table"))
        out.append(("verneed-file-past-strtab", lambda e: e.put("I", vn(e) + 4, 0xFFFFF), "malformed-elf",
                    "vn_file 0xfffff is outside the string table"))
        out.append(("verneed-info-lies",
                    lambda e: e.put("I", e.section(SHT_VERNEED)["fields"]["sh_info"], 9), "malformed-elf",
                    "sh_info says 9 entries"))
    if elf.section(SHT_VERDEF):
        vd = lambda e: e.section(SHT_VERDEF)["offset"]
        out.append(("verdef-next-loops", lambda e: e.put("I", vd(e) + 16, 0xFFFFFFE4), "malformed-elf",
                    "lies past the section end"))
        out.append(("verdef-aux-past-section", lambda e: e.put("I", vd(e) + 12, 0x7000), "malformed-elf",
                    "vd_aux/vda_next points past the section end"))
        out.append(("verdef-info-lies",
                    lambda e: e.put("I", e.section(SHT_VERDEF)["fields"]["sh_info"], 40), "malformed-elf",
                    "sh_info says 40 entries"))
    if elf.section(SHT_VERSYM):
        def versym_past(e):
            s = e.section(SHT_VERSYM)
            e.put("H", s["offset"] + 2 * (s["size"] // 2 - 1), 0x0FFF)
        out.append(("versym-index-past-definitions", versym_past, "malformed-elf",
                    ".gnu.version index 4095 names no version"))
    if elf.section(SHT_DYNSYM):
        out.append(("dynsym-size-past-end",
                    lambda e: e.put_field(e.section(SHT_DYNSYM)["fields"], "sh_size", len(e.data) * 4),
                    "malformed-elf", "SHT_DYNSYM section"))
        out.append(("dynsym-entsize-wrong",
                    lambda e: e.put_field(e.section(SHT_DYNSYM)["fields"], "sh_entsize", 7),
                    "malformed-elf", "has sh_entsize 7"))
    if elf.section(SHT_NOTE):
        out.append(("note-desc-past-section",
                    lambda e: e.put("I", e.section(SHT_NOTE)["offset"] + 4, 0x1000), "malformed-elf",
                    "descsz 4096) runs past the end"))
    if elf.segment(PT_INTERP):
        out.append(("interp-past-end",
                    lambda e: e.put_field(e.segment(PT_INTERP)["fields"], "p_offset", len(e.data) + 100),
                    "malformed-elf", "PT_INTERP segment"))

        def unterminated(e):
            s = e.segment(PT_INTERP)
            e.data[s["offset"] + s["filesz"] - 1] = ord("X")
        out.append(("interp-unterminated", unterminated, "malformed-elf", "PT_INTERP is not NUL-terminated"))
    return out


BASES = [
    # (label, fixture whose verdef/verneed/needed/interp cover every damage between them)
    ("elf64-lsb", "x86_64"),
    ("elf64-msb", "s390x"),
    ("elf32-lsb", "armhf"),
    ("elf32-msb", "mips"),
]
FILES = ["hello", "libvers.so.1"]


def main():
    # Crashers kept by Fuzz/run.sh (fuzz-*) are permanent: keep them and their manifest rows.
    rows = []
    manifest_path = os.path.join(OUT, "MANIFEST.tsv")
    if os.path.exists(manifest_path):
        for line in open(manifest_path):
            fields = line.rstrip("\n").split("\t")
            if fields[0].startswith("fuzz-") and len(fields) == 3:
                rows.append(tuple(fields))
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if not name.startswith("fuzz-"):
            os.remove(os.path.join(OUT, name))
    for label, arch in BASES:
        for name in FILES:
            original = open(os.path.join(BIN, arch, name), "rb").read()
            stem = f"{label}-{name.split('.')[0]}"
            for cut_name, length, code, phrase in truncations(Elf(original)):
                target = f"{stem}-truncated-in-{cut_name}"
                open(os.path.join(OUT, target), "wb").write(original[:length])
                rows.append((target, "malformed-elf" if code != "malformed-elf" else code, phrase))
            for damage, mutate, code, phrase in damages(Elf(original)):
                elf = Elf(original)
                mutate(elf)
                target = f"{stem}-{damage}"
                open(os.path.join(OUT, target), "wb").write(bytes(elf.data))
                rows.append((target, code, phrase))
    with open(os.path.join(OUT, "MANIFEST.tsv"), "w") as manifest:
        manifest.write("# file\tcode\tphrase the message must contain (generated by make-malformed.py)\n")
        for row in sorted(rows):
            manifest.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} malformed files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
