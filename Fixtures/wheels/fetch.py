#!/usr/bin/env python3
"""Downloads the real PyPI wheels the profile tests use, keeps their ELF files, and records how
`auditwheel show` classifies each wheel.

Writes, beside this script:
  <wheel name without .whl>/<path inside the wheel>   every ELF member of the wheel, unpacked
  MANIFEST.tsv   wheel, sha256, auditwheel's overall tag, its versioned symbols, ELF members
  whl/<wheel>    two wheels kept whole, for reading .whl files directly

Needs pip and auditwheel 6.8.2 (pip install auditwheel==6.8.2). Running it again gives the same files.
"""
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
# (requirement, --platform, sha256 of the wheel PyPI serves)
WHEELS = [
    ("markupsafe==3.0.2", "manylinux2014_x86_64", "a123e330ef0853c6e822384873bef7507557d8e4a082961e1defa947aa59ba84"),
    ("markupsafe==3.0.2", "manylinux2014_aarch64", "2cb8438c3cbb25e220c2ab33bb226559e7afb3baec11c4f218ffa7308603c832"),
    ("markupsafe==3.0.2", "manylinux2014_i686", "1e084f686b92e5b83186b07e8a17fc09e38fff551f3602b249881fec658d3eca"),
    ("markupsafe==3.0.2", "musllinux_1_2_x86_64", "0bff5e0ae4ef2e1ae4fdf2dfd5b76c75e5c2fa4132d05fc1b0dabcd20c7e28c4"),
    ("markupsafe==3.0.2", "musllinux_1_2_aarch64", "d8213e09c917a951de9d09ecee036d5c7d36cb6cb7dbaece4c71a60d79fb9798"),
    ("markupsafe==3.0.2", "musllinux_1_2_i686", "5b02fb34468b6aaa40dfc198d813a641e3a63b98c2b05a16b9f80b7ec314185e"),
    ("simplejson==3.19.3", "manylinux2014_ppc64le", "23228037dc5d41c36666384062904d74409a62f52283d9858fa12f4c22cffad1"),
]
KEEP_WHOLE = {"manylinux2014_x86_64", "musllinux_1_2_aarch64"}


def main() -> None:
    rows = []
    tmp = pathlib.Path(tempfile.mkdtemp())
    (HERE / "whl").mkdir(exist_ok=True)
    for requirement, platform, expected in WHEELS:
        out = tmp / platform / requirement
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                        "--python-version", "3.11", "--platform", platform, requirement, "-d", str(out)], check=True)
        wheel = next(out.glob("*.whl"))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if expected and digest != expected:
            sys.exit(f"{wheel.name}: sha256 {digest}, expected {expected}")
        show = json.loads(subprocess.run(["auditwheel", "show", "--json", str(wheel)], check=True,
                                         capture_output=True, text=True).stdout)
        stem = wheel.name[: -len(".whl")]
        target = HERE / stem
        shutil.rmtree(target, ignore_errors=True)
        members = []
        with zipfile.ZipFile(wheel) as z:
            for info in z.infolist():
                data = z.read(info)
                if data[:4] == b"\x7fELF":
                    path = target / info.filename
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    members.append(info.filename)
        if platform in KEEP_WHOLE:
            shutil.copy(wheel, HERE / "whl" / wheel.name)
        versioned = json.dumps(show.get("versioned_symbols", {}), sort_keys=True)
        rows.append("\t".join([wheel.name, digest, show["overall_tag"], versioned, ",".join(members)]))
        print(f"{wheel.name}: {show['overall_tag']} ({len(members)} ELF files)")
    header = "wheel\tsha256\tauditwheel_overall_tag\tversioned_symbols\telf_members"
    (HERE / "MANIFEST.tsv").write_text("\n".join([header] + rows) + "\n")


if __name__ == "__main__":
    main()
