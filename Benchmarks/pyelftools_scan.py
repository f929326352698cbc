#!/usr/bin/env python3
"""The pyelftools peer for `abidoctor scan`: walks folders and, for every ELF
file, reads the header, the interpreter, the dynamic section and the version
needs, then prints one line per file (what a Python tool built on pyelftools,
such as auditwheel's lddtree, does per file)."""
import os
import sys

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile


def scan(path):
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"\x7fELF":
                return None
            handle.seek(0)
            elf = ELFFile(handle)
            interp = None
            for segment in elf.iter_segments():
                if segment["p_type"] == "PT_INTERP":
                    interp = segment.get_interp_name()
            needed = []
            dynamic = elf.get_section_by_name(".dynamic")
            if dynamic is not None:
                needed = [tag.needed for tag in dynamic.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]
            versions = []
            for section in elf.iter_sections():
                if section["sh_type"] == "SHT_GNU_verneed":
                    for _, auxiliaries in section.iter_versions():
                        versions += [aux.name for aux in auxiliaries]
            return f"{path} {elf['e_machine']} {interp} {' '.join(needed)} {' '.join(versions)}"
    except (ELFError, OSError, ValueError):
        return None


def main():
    for root in sys.argv[1:]:
        for folder, _, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                line = scan(path)
                if line:
                    print(line)


if __name__ == "__main__":
    main()
