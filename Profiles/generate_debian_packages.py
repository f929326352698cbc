#!/usr/bin/env python3
"""Which Debian package ships each shared library, per release and architecture.

Reads Debian's own Contents-ARCH.gz indices (deb.debian.org, main) for the releases the profiles
cover that the mirror still serves, keeps every versioned shared library (NAME.so.N...) and loader
in the folders the loader searches for that architecture (/lib/TRIPLET, /usr/lib/TRIPLET, /lib,
/usr/lib, and /lib64 for x86_64's loader), and writes:

  Profiles/sources/debian-packages.tsv   the sources: release, architecture, URL, sha256, entries
  Sources/CPackageIndex/index.c          the index compiled into abidoctor (one C string, read by
                                         SysrootCheck's DebianPackageIndex), so nothing is fetched
                                         at run time

Format of the index string: a first line of keys ("12/amd64 12/arm64 ..."), then one line per
library and package, "SONAME PACKAGE K1,K2,..." with Ki indices into the keys.

Debian 10 (buster) is no longer on deb.debian.org; fixes for it give the apt-file query instead.
Run: python3 Profiles/generate_debian_packages.py [--cache DIR]
"""
import argparse
import gzip
import hashlib
import os
import re
import sys
import urllib.request

MIRROR = "http://deb.debian.org/debian/dists"
# The architectures of each release are those its Release file lists a main/Contents file for
# (bullseye, in LTS, keeps amd64, arm64, armhf and i386), each checked against the SHA256 there.
RELEASES = {"11": "bullseye", "12": "bookworm", "13": "trixie"}
TRIPLETS = {
    "amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu", "armhf": "arm-linux-gnueabihf",
    "armel": "arm-linux-gnueabi", "i386": "i386-linux-gnu", "mips64el": "mips64el-linux-gnuabi64",
    "mipsel": "mipsel-linux-gnu", "ppc64el": "powerpc64le-linux-gnu", "s390x": "s390x-linux-gnu",
    "riscv64": "riscv64-linux-gnu",
}
LIBRARY = re.compile(r"^(?:lib[^/]*|ld[^/]*)\.so\.[0-9][^/]*$|^ld[^/]*\.so\.[0-9]$")


def fetch(url, cache):
    name = os.path.join(cache, url.replace("/", "_").replace(":", ""))
    if not os.path.exists(name):
        with urllib.request.urlopen(url, timeout=120) as response, open(name + ".part", "wb") as out:
            out.write(response.read())
        os.rename(name + ".part", name)
    with open(name, "rb") as f:
        data = f.read()
    return data, hashlib.sha256(data).hexdigest()


def released_contents(codename, cache):
    """{arch: sha256} of the main/Contents-ARCH.gz files the release's Release file lists."""
    release, _ = fetch(f"{MIRROR}/{codename}/Release", cache)
    out, in_sha256 = {}, False
    for line in release.decode().splitlines():
        if not line.startswith(" "):
            in_sha256 = line.startswith("SHA256:")
            continue
        parts = line.split()
        if in_sha256 and len(parts) == 3:
            match = re.fullmatch(r"main/Contents-([a-z0-9]+)\.gz", parts[2])
            if match:
                out[match.group(1)] = parts[0]
    return out


def libraries(contents, arch):
    """(soname, package) pairs for files in the loader's folders of this architecture."""
    triplet = TRIPLETS[arch]
    folders = {"lib", "usr/lib", f"lib/{triplet}", f"usr/lib/{triplet}"}
    if arch == "amd64":
        folders.add("lib64")
    out = set()
    for raw in gzip.decompress(contents).splitlines():
        line = raw.decode("utf-8", "replace")
        path, _, locations = line.rpartition(" ")
        path = path.strip()
        folder, _, name = path.rpartition("/")
        if folder not in folders or not LIBRARY.match(name):
            continue
        for location in locations.split(","):
            out.add((name, location.rsplit("/", 1)[-1]))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default="/var/tmp/abidoctor-debian-contents")
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    keys, sources, table = [], [], {}
    for release, codename in RELEASES.items():
        listed = released_contents(codename, args.cache)
        for arch in sorted(a for a in listed if a in TRIPLETS):
            url = f"{MIRROR}/{codename}/main/Contents-{arch}.gz"
            data, digest = fetch(url, args.cache)
            # A mirror (or a cache in front of it) can serve a Contents file newer than its Release
            # file; that is recorded, not hidden: the checked column says which matched.
            checked = "sha256 as in Release" if digest == listed[arch] else f"newer than Release (which lists {listed[arch]})"
            pairs = libraries(data, arch)
            key = len(keys)
            keys.append(f"{release}/{arch}")
            sources.append((release, codename, arch, url, digest, checked, len(pairs)))
            for pair in pairs:
                table.setdefault(pair, []).append(key)
            print(f"{codename} {arch}: {len(pairs)} libraries", file=sys.stderr)
    with open(os.path.join(root, "Profiles/sources/debian-packages.tsv"), "w") as out:
        out.write("release\tcodename\tarchitecture\turl\tsha256\tchecked\tlibraries\n")
        for row in sources:
            out.write("\t".join(map(str, row)) + "\n")
    lines = [" ".join(keys)]
    for (soname, package), where in sorted(table.items()):
        lines.append(f"{soname} {package} {','.join(map(str, where))}")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(root, "Sources/CPackageIndex/include"), exist_ok=True)
    with open(os.path.join(root, "Sources/CPackageIndex/index.c"), "w") as out:
        out.write("// Generated by Profiles/generate_debian_packages.py from Debian's Contents indices\n")
        out.write("// (sources and checksums in Profiles/sources/debian-packages.tsv). Do not edit.\n")
        out.write('#include "abidoctor_package_index.h"\n\n')
        out.write("static const char index_text[] =\n")
        for line in lines:
            out.write('  "' + line.replace("\\", "\\\\").replace('"', '\\"') + '\\n"\n')
        out.write(";\n\nconst char *abidoctor_debian_package_index(void) { return index_text; }\n")
    print(f"{len(table)} entries, {len(text.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
