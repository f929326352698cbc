#!/usr/bin/env python3
"""Generates abidoctor's built-in platform profiles from their public sources.

Sources (nothing else is read):
  * auditwheel's policy files (manylinux-policy.json, musllinux-policy.json), taken from the
    auditwheel wheel on PyPI, pinned by version and sha256 below and downloaded with pip;
  * sources/distributions.json: per-release glibc/libstdc++/libgcc_s facts transcribed from
    mayeut/pep600_compliance, each with the file and commit it came from;
  * sources/alpine.json: Alpine's musl and GCC versions per release;
  * sources/debian-ports.json: the nodes Debian's own packages define for armel, mipsel and mips64el
    (written by fetch_debian_ports.py from deb.debian.org);
  * sources/architectures.json: the ELF facts of each architecture.

Writes Sources/SysrootCheck/Profiles/BuiltinProfileData.swift (the profiles, embedded in the
binary as one line-oriented text; no network or file is read at run time) and prints the count of
profiles per family. Running it twice gives the same bytes.

Usage: python3 Profiles/generate.py [--auditwheel-wheel PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

AUDITWHEEL_VERSION = "6.8.2"
AUDITWHEEL_SHA256 = "05fd2dd4b743217cd5f66066adc95b03a079424b1f0a878ad1e40fe2cdea4704"
HERE = pathlib.Path(__file__).resolve().parent
OUTPUT = HERE.parent / "Sources" / "SysrootCheck" / "Profiles" / "BuiltinProfileData.swift"

# glibc's own libraries, present wherever glibc is: the part of PEP 600's list that no distribution drops.
GLIBC_LIBRARIES = ["libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0",
                   "libresolv.so.2", "libutil.so.1", "libanl.so.1"]
# Installed in every base image of these distributions (their package managers link them);
# pep600_compliance checks them on each image.
TOOLCHAIN_LIBRARIES = ["libgcc_s.so.1", "libstdc++.so.6"]


def numeric(text: str) -> tuple[int, ...] | None:
    parts = text.split(".")
    if all(p.isdigit() for p in parts):
        return tuple(int(p) for p in parts)
    return None


def version_sort(nodes):
    """Numbered nodes in numeric order, then the unnumbered ones by name (auditwheel's files mix them)."""
    nums = sorted((n for n in nodes if numeric(n) is not None), key=numeric)
    rest = sorted(n for n in nodes if numeric(n) is None)
    return nums + rest


def load_auditwheel(wheel: pathlib.Path | None):
    if wheel is None:
        tmp = pathlib.Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(tmp),
                        f"auditwheel=={AUDITWHEEL_VERSION}"], check=True)
        wheel = next(tmp.glob("auditwheel-*.whl"))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != AUDITWHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest}, expected {AUDITWHEEL_SHA256} (auditwheel {AUDITWHEEL_VERSION})")
    with zipfile.ZipFile(wheel) as z:
        many = json.loads(z.read("auditwheel/policy/manylinux-policy.json"))
        musl = json.loads(z.read("auditwheel/policy/musllinux-policy.json"))
    return many, musl


class Profile:
    def __init__(self, name, family, arch, libc, libc_version, priority, description):
        self.name, self.family, self.arch = name, family, arch
        self.libc, self.libc_version = libc, libc_version
        self.priority, self.description = priority, description
        self.aliases: list[str] = []
        self.nodes: dict[str, list[str]] = {}
        self.libraries: list[str] = []
        self.isa = 1 if arch == "x86_64" else 0
        self.sources: list[str] = []

    def render(self) -> str:
        lines = [f"P {self.name}", f"F {self.family}", f"X {self.arch}",
                 f"C {self.libc} {self.libc_version}", f"R {self.priority}", f"I {self.isa}",
                 f"D {self.description}"]
        lines += [f"A {a}" for a in self.aliases]
        for prefix in sorted(self.nodes):
            lines.append(f"N {prefix} " + " ".join(self.nodes[prefix]))
        lines.append("L " + " ".join(self.libraries))
        lines += [f"S {s}" for s in self.sources]
        return "\n".join(lines) + "\n."


def wheel_arch_map(arches):
    return {facts["wheel"]: name for name, facts in arches.items()}


def build_manylinux(many, arches):
    by_wheel = wheel_arch_map(arches)
    out = []
    for policy in many:
        if policy["name"] == "linux":
            continue
        minor = policy["name"].split("_")[2]
        for wheel_arch, nodes in sorted(policy["symbol_versions"].items()):
            arch = by_wheel[wheel_arch]
            p = Profile(f"{policy['name']}_{wheel_arch}", "manylinux", arch, "glibc", f"2.{minor}",
                        policy["priority"], f"PEP 600 {policy['name']} ({wheel_arch}): glibc 2.{minor} or later")
            p.aliases = [f"{alias}_{wheel_arch}" for alias in policy["aliases"]]
            p.nodes = {prefix: version_sort(values) for prefix, values in nodes.items() if values}
            p.libraries = sorted(policy["lib_whitelist"])
            p.sources = [f"auditwheel {AUDITWHEEL_VERSION} src/auditwheel/policy/manylinux-policy.json: {policy['name']} {wheel_arch}"]
            if policy["blacklist"]:
                p.sources.append("blacklisted symbols (not modelled): " + ", ".join(
                    f"{lib}: {len(syms)}" for lib, syms in sorted(policy["blacklist"].items())))
            out.append(p)
    return out


def build_musllinux(musl, arches):
    by_wheel = wheel_arch_map(arches)
    out = []
    for policy in musl:
        if policy["name"] == "linux":
            continue
        _, major, minor = policy["name"].split("_")
        for wheel_arch in sorted(policy["symbol_versions"]):
            arch = by_wheel[wheel_arch]
            p = Profile(f"{policy['name']}_{wheel_arch}", "musllinux", arch, "musl", f"{major}.{minor}",
                        policy["priority"], f"PEP 656 {policy['name']} ({wheel_arch}): musl {major}.{minor} or later")
            # auditwheel renames musl's libc.so per architecture (_fixup_musl_libc_soname).
            p.libraries = sorted({arches[arch]["muslLibc"] if lib == "libc.so" else lib for lib in policy["lib_whitelist"]} | {"libc.so"})
            p.sources = [f"auditwheel {AUDITWHEEL_VERSION} src/auditwheel/policy/musllinux-policy.json: {policy['name']} {wheel_arch}"]
            out.append(p)
    return out


def arch_universe(many, wheel_arch):
    """Every node auditwheel lists for the architecture, per prefix, with the policies that list it."""
    universe: dict[str, dict[str, list[dict]]] = {}
    for policy in many:
        nodes = policy["symbol_versions"].get(wheel_arch)
        if not nodes:
            continue
        for prefix, values in nodes.items():
            for value in values:
                universe.setdefault(prefix, {}).setdefault(value, []).append(nodes)
    return universe


def nodes_up_to(universe, prefix, ceiling):
    """The architecture's nodes of `prefix` up to `ceiling`: numbered ones by value, unnumbered ones when a
    policy that lists them stays within the ceiling (LDBL_*, IEEE128_*, ARM_*, TM_1 arrive with releases)."""
    if ceiling is None:
        return []
    top = numeric(ceiling)
    chosen = []
    for node, policies in universe.get(prefix, {}).items():
        n = numeric(node)
        if n is not None:
            if n <= top:
                chosen.append(node)
        else:
            for nodes in policies:
                highest = max((numeric(v) for v in nodes.get(prefix, []) if numeric(v) is not None), default=None)
                if highest is not None and highest <= top:
                    chosen.append(node)
                    break
    return version_sort(chosen)


def series(first: str, ceiling: str) -> list[str]:
    """first, first.1, ..., ceiling (GLIBCXX 3.4 .. 3.4.N; CXXABI 1.3 .. 1.3.N)."""
    last = int(ceiling.split(".")[2]) if ceiling.count(".") == 2 else 0
    return [first] + [f"{first}.{i}" for i in range(1, last + 1)]


def build_distributions(many, arches, distros):
    policies = {p["name"]: p for p in many}
    out = []
    for rel in distros["releases"]:
        for arch in rel["arches"]:
            wheel_arch = arches[arch]["wheel"]
            minor = rel["glibc"].split(".")[1]
            base = policies.get(f"manylinux_2_{minor}")
            if base is None or wheel_arch not in base["symbol_versions"]:
                sys.exit(f"{rel['distro']}-{rel['release']} {arch}: auditwheel has no manylinux_2_{minor} {wheel_arch} list")
            codename = f" ({rel['codename']})" if rel["codename"] else ""
            pretty = {"debian": "Debian", "ubuntu": "Ubuntu", "rhel": "Red Hat Enterprise Linux", "amazonlinux": "Amazon Linux"}[rel["distro"]]
            p = Profile(f"{rel['distro']}-{rel['release']}-{arch}", "distribution", arch, "glibc", rel["glibc"],
                        0, f"{pretty} {rel['release']}{codename} on {arch}: glibc {rel['glibc']}, libstdc++ GLIBCXX_{rel['glibcxx']}")
            p.aliases = [f"{alias}-{arch}" for alias in rel["aliases"]]
            universe = arch_universe(many, wheel_arch)
            glibc_base = base["symbol_versions"][wheel_arch]["GLIBC"]
            if arch == "x86_64":
                p.nodes["GLIBC"] = version_sort([n for n in glibc_base if numeric(n) is not None] + rel["glibcExtra"])
                p.nodes["GLIBCXX"] = series("3.4", rel["glibcxx"])
                p.nodes["CXXABI"] = series("1.3", rel["cxxabi"]) + rel["cxxabiExtra"]
                p.nodes["GCC"] = rel["gcc"]
                p.sources = [f"mayeut/pep600_compliance {rel['source']}"]
            else:
                p.nodes["GLIBC"] = version_sort(glibc_base)
                p.nodes["GLIBCXX"] = nodes_up_to(universe, "GLIBCXX", rel["glibcxx"])
                p.nodes["CXXABI"] = nodes_up_to(universe, "CXXABI", rel["cxxabi"])
                gcc_top = max(rel["gcc"], key=numeric)
                p.nodes["GCC"] = nodes_up_to(universe, "GCC", gcc_top)
                p.sources = [f"glibc and libstdc++ versions: mayeut/pep600_compliance {rel['source']} and {distros['details']}",
                             f"node names for {wheel_arch}: auditwheel {AUDITWHEEL_VERSION} manylinux-policy.json up to those versions"]
            if rel["libatomic"]:
                p.nodes["LIBATOMIC"] = nodes_up_to(universe, "LIBATOMIC", rel["libatomic"])
            if rel["zlib"]:
                p.nodes["ZLIB"] = nodes_up_to(universe, "ZLIB", rel["zlib"])
            p.nodes = {k: v for k, v in p.nodes.items() if v}
            if arch == "x86_64":
                p.isa = rel["isa"]
                if "isaSource" in rel:
                    p.sources.append(f"x86-64 level v{rel['isa']}: {rel['isaSource']}")
            loader = arches[arch]["glibcInterpreter"].rsplit("/", 1)[1]
            p.libraries = sorted(set(GLIBC_LIBRARIES + TOOLCHAIN_LIBRARIES + rel["extra"] + [loader]))
            out.append(p)
    return out


def build_alpine(many, arches, alpine):
    out = []
    for rel in alpine["releases"]:
        gcc_key = ".".join(rel["gcc"].split(".")[:2])
        for arch in rel["arches"]:
            wheel_arch = arches[arch]["wheel"]
            glibcxx, cxxabi = ALPINE_GCC[gcc_key]
            universe = arch_universe(many, wheel_arch)
            p = Profile(f"alpine-{rel['release']}-{arch}", "distribution", arch, "musl", rel["musl"], 0,
                        f"Alpine Linux {rel['release']} on {arch}: musl {rel['musl']}, GCC {rel['gcc']} (libstdc++ via apk add libstdc++)")
            p.nodes["GLIBCXX"] = nodes_up_to(universe, "GLIBCXX", glibcxx)
            p.nodes["CXXABI"] = nodes_up_to(universe, "CXXABI", cxxabi)
            p.nodes = {k: v for k, v in p.nodes.items() if v}
            p.libraries = sorted({"libc.so", arches[arch]["muslLibc"], arches[arch]["muslInterpreter"].rsplit("/", 1)[1], "libz.so.1"})
            p.sources = [f"musl {rel['musl']} and GCC {rel['gcc']}: alpinelinux/aports {rel['branch']} main/musl/APKBUILD, main/gcc/APKBUILD (Profiles/sources/alpine.json)",
                         f"libstdc++ nodes of GCC {gcc_key}: libstdc++ manual abi.xml; names for {wheel_arch} from auditwheel {AUDITWHEEL_VERSION}"]
            out.append(p)
    return out


ALPINE_GCC: dict[str, list[str]] = {}


def build_debian_ports(arches, ports):
    """Debian's other release architectures, from the nodes its own packages define (debian-ports.json)."""
    out = []
    codenames = {"11": "bullseye", "12": "bookworm", "13": "trixie"}
    for rel in ports["releases"]:
        arch = rel["arch"]
        header_flags = int(rel["header"]["flags"], 16)
        if header_flags != int(arches[arch]["flags"], 16):
            sys.exit(f"debian-{rel['release']}-{arch}: libc.so.6 has e_flags {rel['header']['flags']}, architectures.json says {arches[arch]['flags']}")
        nodes = {prefix: version_sort([n for n in values if n != "PRIVATE"]) for prefix, values in rel["nodes"].items()}
        glibcxx = max((n for n in nodes.get("GLIBCXX", []) if numeric(n)), key=numeric)
        p = Profile(f"debian-{rel['release']}-{arch}", "distribution", arch, "glibc", rel["glibc"], 0,
                    f"Debian {rel['release']} ({codenames[rel['release']]}) on {arch}: glibc {rel['glibc']}, libstdc++ GLIBCXX_{glibcxx}")
        p.nodes = {k: v for k, v in nodes.items() if v}
        p.isa = 0
        loader = arches[arch]["glibcInterpreter"].rsplit("/", 1)[1]
        p.libraries = sorted(set(GLIBC_LIBRARIES + TOOLCHAIN_LIBRARIES + [loader]))
        p.sources = [f"Debian {rel['suite']} {pkg['package']} {pkg['version']} (sha256 {pkg['sha256'][:16]}...; {pkg['builtUsing'].split(',')[-1].strip() or 'no Built-Using'})"
                     for pkg in rel["packages"]]
        out.append(p)
    return out


def render_arches(arches) -> list[str]:
    lines = []
    for name in sorted(arches):
        a = arches[name]
        lines.append(f"Y {name} {a['wheel']} {a['class']} {a['endianness']} {a['machine']} {a['flags']} "
                     f"{a['glibcInterpreter']} {a['muslInterpreter']}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--auditwheel-wheel", type=pathlib.Path)
    args = parser.parse_args()
    many, musl = load_auditwheel(args.auditwheel_wheel)
    arch_doc = json.loads((HERE / "sources" / "architectures.json").read_text())
    arches = arch_doc["arches"]
    ALPINE_GCC.update({k: v for k, v in arch_doc["gccToLibstdcxx"].items() if k != "about"})
    distros = json.loads((HERE / "sources" / "distributions.json").read_text())
    alpine = json.loads((HERE / "sources" / "alpine.json").read_text())
    ports = json.loads((HERE / "sources" / "debian-ports.json").read_text())

    families = {
        "manylinux": build_manylinux(many, arches),
        "musllinux": build_musllinux(musl, arches),
        "glibc distributions": build_distributions(many, arches, distros) + build_debian_ports(arches, ports),
        "alpine": build_alpine(many, arches, alpine),
    }
    profiles = [p for group in families.values() for p in group]
    by_name = {p.name: p for p in profiles}
    for check in distros.get("checks", []):
        derived = by_name[check["profile"]].nodes
        for prefix, real in check["symbols"].items():
            if version_sort(real) != derived.get(prefix, []):
                sys.exit(f"{check['profile']} {prefix}: derived {derived.get(prefix)} but {check['source']} has {real}")
        print(f"{check['profile']}: derived nodes agree with {check['source']}")
    names = [n for p in profiles for n in [p.name] + p.aliases]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f"duplicate profile names: {sorted(duplicates)}")

    text = "\n".join(render_arches(arches) + [p.render() for p in profiles]) + "\n"
    if '"""#' in text:
        sys.exit("the data would end the Swift string early")
    swift = (
        "// Generated by Profiles/generate.py from auditwheel "
        f"{AUDITWHEEL_VERSION} (sha256 {AUDITWHEEL_SHA256[:16]}...) and Profiles/sources/*.json.\n"
        "// Do not edit: change the sources and run `python3 Profiles/generate.py`.\n\n"
        "extension BuiltinProfiles {\n"
        "  /// The profiles, one block per profile (see ProfileCatalog for the line format).\n"
        f"  static let data = #\"\"\"\n{text}\"\"\"#\n"
        "}\n"
    )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(swift)
    for family, group in families.items():
        aliases = sum(len(p.aliases) for p in group)
        print(f"{family}: {len(group)} profiles (+{aliases} aliases)")
    print(f"total: {len(profiles)} profiles, {len(text)} bytes -> {OUTPUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
