#!/usr/bin/env python3
"""Writes Sources/SysrootCheck/Wasm/WasmRuntimeData.swift: what each WebAssembly runtime abidoctor knows
offers a module, measured on the runtime where it can run here, otherwise read out of the runtime's own
source and documentation at a recorded release; never typed in by hand.

Measured: wasmtime (PyPI) and Node.js (the `node` on PATH): each proposal's probe module is compiled and
instantiated, by default and then with the runtime's switch; each WASI import is instantiated alone.
Read from sources (`fetch`ed Git snapshots; paths below, each row's source names repository, path and
commit): wazero (api/features.go, experimental/features.go, config.go, imports/wasi_snapshot_preview1/wasi.go),
WasmEdge (its docs' proposals table, lib/host/wasi/wasimodule.cpp), Envoy's proxy-wasm host
(proxy-wasm-cpp-host: src/bytecode_util.cc ABI versions, include/proxy-wasm/exports.h host functions,
src/wasm.cc the exports it requires), Extism (runtime/src/extism-runtime.wasm, the kernel a plugin's
`extism:host/env` imports resolve to, read with wasmtime; runtime/src/plugin.rs builtins).

wasmtime (PyPI `wasmtime`, which carries the real engine): for every proposal, a probe module that uses
it (WAT, made binary by `wasm-tools parse`) is compiled with the default configuration, then with the
proposal's `Config.wasm_*` switch on: on by default, behind a flag, or unsupported. For WASI preview 1,
wasi-libc's <wasi/api.h> declares every function; a C file that references all of them is compiled with
clang-14 for wasm32-wasi, and each import it gets (with its real type) is instantiated alone against
`Linker.define_wasi()`: provided or not. Every source (package versions, file hashes) is recorded.

Usage: .venv/bin/python3 Profiles/generate_wasm_runtimes.py   (needs clang-14, wasi-libc, wasm-tools, node,
       and bare clones of the runtimes' repositories in $ABIDOCTOR_MIRRORS, default /work/.mirror, each as
       OWNER+NAME/repo: e.g. `git clone --bare https://github.com/tetratelabs/wazero $ABIDOCTOR_MIRRORS/tetratelabs+wazero/repo`
       for tetratelabs/wazero, WasmEdge/WasmEdge, WasmEdge/docs, proxy-wasm/proxy-wasm-cpp-host and extism/extism;
       the tags read are WAZERO_TAG, WASMEDGE_TAG and EXTISM_TAG below, the others at their HEAD, and every row
       names the commit it came from)
"""
import hashlib, importlib.metadata, os, re, subprocess, sys, tempfile

import wasmtime

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "SysrootCheck", "Wasm", "WasmRuntimeData.swift")
API = "/usr/include/wasm32-wasi/wasi/api.h"

# proposal -> (probe WAT, wasmtime.Config switches, how an embedder turns them on)
PROBES = {
    "threads": ("(module (memory 1 1 shared))", "wasm_threads,shared_memory", None),
    "simd": ("(module (func (result v128) v128.const i32x4 0 0 0 0))", "wasm_simd", None),
    "relaxed-simd": ("(module (func (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.relaxed_swizzle))", "wasm_relaxed_simd", None),
    "bulk-memory": ("(module (memory 1) (func i32.const 0 i32.const 0 i32.const 0 memory.copy))", "wasm_bulk_memory", None),
    "reference-types": ("(module (table 1 externref) (func (param externref) (result i32) local.get 0 ref.is_null))", "wasm_reference_types", None),
    "multi-value": ("(module (func (result i32 i32) i32.const 1 i32.const 2))", "wasm_multi_value", None),
    "multi-memory": ("(module (memory 1) (memory 1))", "wasm_multi_memory", None),
    "memory64": ("(module (memory i64 1))", "wasm_memory64", None),
    "tail-call": ("(module (func $f return_call $f))", "wasm_tail_call", None),
    "exceptions": ("(module (tag $t) (func throw $t))", "wasm_exceptions", None),
    "gc": ("(module (type (struct (field i32))) (func (result i31ref) i32.const 1 ref.i31))", "wasm_gc", None),
    "function-references": ("(module (type $t (func)) (func (param (ref $t)) local.get 0 call_ref $t))", "wasm_function_references", None),
    "extended-const": ("(module (global i32 (i32.add (i32.const 1) (i32.const 2))))", None, None),
    "sign-extension": ("(module (func (param i32) (result i32) local.get 0 i32.extend8_s))", None, None),
    "saturating-float-to-int": ("(module (func (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s))", None, None),
    "mutable-global": ("(module (global (export \"g\") (mut i32) (i32.const 0)))", None, None),
}


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def wat(text, folder):
    src, out = os.path.join(folder, "p.wat"), os.path.join(folder, "p.wasm")
    open(src, "w").write(text)
    run("wasm-tools", "parse", src, "-o", out)
    return open(out, "rb").read()


def loads(binary, switches=None):
    """Compiles and instantiates the probe (no imports): what a host that loads it does."""
    config = wasmtime.Config()
    for switch in (switches or "").split(","):
        if switch:
            setattr(config, switch, True)
    try:
        engine = wasmtime.Engine(config)
        store = wasmtime.Store(engine)
        wasmtime.Linker(engine).instantiate(store, wasmtime.Module(engine, binary))
        return True
    except Exception:
        return False


def valtype(t):
    return str(t).replace("ValType.", "")


MIRRORS = os.environ.get("ABIDOCTOR_MIRRORS", "/work/.mirror")
WAZERO_TAG, WASMEDGE_TAG, EXTISM_TAG = "v1.9.0", "0.17.1", "v1.13.0"


def git(repo, *args):
    return run("git", "-C", os.path.join(MIRRORS, repo, "repo"), *args).stdout.decode()


def show(repo, rev, path):
    return git(repo, "show", f"{rev}:{path}")


def source(repo, rev, paths):
    commit = git(repo, "rev-parse", f"{rev}^{{commit}}").strip()
    date = git(repo, "log", "-1", "--format=%cs", commit).strip()
    return f"github.com/{repo.replace('+', '/')} at {rev} ({commit[:12]}, {date}): {', '.join(paths)}"


def signature(ty):
    params = " ".join(valtype(p) for p in ty.params)
    results = " ".join(valtype(r) for r in ty.results)
    return " ".join(x for x in [f"(param {params})" if params else "", f"(result {results})" if results else ""] if x)


def wasmtime_rows(folder, wasi_types):
    version = importlib.metadata.version("wasmtime")
    tools = run("wasm-tools", "--version").stdout.decode().strip()
    rows = [f"R wasmtime {version} module", f"S wasmtime PyPI wasmtime {version}, its engine probed; probes made by {tools}"]
    for name, (text, switch, flag) in PROBES.items():
        binary = wat(text, folder)
        if loads(binary):
            support = "default"
        elif switch and loads(binary, switch):
            support = "flag"
        else:
            support = "unsupported"
        how = "; ".join(f"wasmtime.Config().{s} = True" for s in switch.split(",")) if switch else "-"
        rows.append(f"F wasmtime {name} {support} {how}")
    digest = hashlib.sha256(open(API, "rb").read()).hexdigest()
    rows.append(f"S wasmtime wasi-libc {API} sha256 {digest[:16]}: {len(wasi_types)} functions, each instantiated alone against Linker.define_wasi()")
    engine = wasmtime.Engine()
    for name, sig in wasi_types.items():
        probe = wat(f'(module (import "wasi_snapshot_preview1" "{name}" (func {sig})))', folder)
        store = wasmtime.Store(engine)
        store.set_wasi(wasmtime.WasiConfig())
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        try:
            linker.instantiate(store, wasmtime.Module(engine, probe))
            provided = "provided"
        except Exception:
            provided = "missing"
        rows.append(f"W wasmtime wasi_snapshot_preview1 {name} {provided} {sig}")
    return rows


def wasi_libc_types(folder):
    """Every WASI preview 1 function wasi-libc declares, with the type clang gives its import."""
    names = sorted(set(re.findall(r"__wasi_([a-z_0-9]+)\(", open(API).read())))
    c = os.path.join(folder, "all.c")
    with open(c, "w") as f:
        f.write("#include <wasi/api.h>\n")
        f.write("__attribute__((export_name(\"fns\"))) void *fns(int i) { void *t[] = {" + ", ".join(f"(void *)__wasi_{n}" for n in names) + "}; return t[i]; }\n")
    module_path = os.path.join(folder, "all.wasm")
    run("clang-14", "--target=wasm32-wasi", "-O1", "-mexec-model=reactor", c, "-o", module_path)
    module = wasmtime.Module.from_file(wasmtime.Engine(), module_path)
    return {i.name: signature(i.type) for i in module.imports if i.module == "wasi_snapshot_preview1"}


# proposal -> the V8 switch that turns it on, when V8 has one (node --v8-options lists them).
NODE_FLAGS = {
    "tail-call": "--experimental-wasm-return-call", "gc": "--experimental-wasm-gc",
    "memory64": "--experimental-wasm-memory64", "relaxed-simd": "--experimental-wasm-relaxed-simd",
    "extended-const": "--experimental-wasm-extended-const", "function-references": "--experimental-wasm-typed-funcref",
    "multi-memory": "--experimental-wasm-multi-memory", "exceptions": "--experimental-wasm-eh",
    "threads": "--experimental-wasm-threads", "simd": "--experimental-wasm-simd",
}
NODE_PROBE = "const b=require('fs').readFileSync(process.argv[1]); new WebAssembly.Instance(new WebAssembly.Module(b), {});"


def node_rows(folder, wasi_types):
    version = run("node", "--version").stdout.decode().strip().lstrip("v")
    v8 = run("node", "-p", "process.versions.v8").stdout.decode().strip()
    known = set(re.findall(r"--experimental-wasm-[a-z0-9-]+", run("node", "--v8-options").stdout.decode()))
    rows = [f"R node {version} module", f"S node Node.js {version} (V8 {v8}) on PATH, probed: each proposal's module instantiated by `node`, then with its V8 flag if `node --v8-options` lists it"]
    for name, (text, _, _) in PROBES.items():
        path = os.path.join(folder, f"node-{name}.wasm")
        open(path, "wb").write(wat(text, folder))
        def ok(*flags):
            return subprocess.run(["node", *flags, "-e", NODE_PROBE, path], capture_output=True).returncode == 0
        flag = NODE_FLAGS.get(name)
        if ok():
            rows.append(f"F node {name} default -")
        elif flag in known and ok(flag):
            rows.append(f"F node {name} flag node {flag}")
        else:
            rows.append(f"F node {name} unsupported -")
    # node:wasi: the functions of wasiImport for each version; JavaScript functions take any type.
    for version_name, module in (("preview1", "wasi_snapshot_preview1"), ("unstable", "wasi_unstable")):
        script = f"const {{WASI}}=require('wasi'); console.log(Object.keys(new WASI({{version:'{version_name}'}}).wasiImport).join(' '))"
        names = run("node", "--no-warnings", "-e", script).stdout.decode().split()
        rows.append(f"S node node:wasi new WASI({{version: '{version_name}'}}).wasiImport: {len(names)} functions as {module}")
        for fn in sorted(names):
            rows.append(f"W node {module} {fn} provided")
    return rows


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def wazero_rows(wasi_types):
    repo, tag = "tetratelabs+wazero", WAZERO_TAG
    features = show(repo, tag, "api/features.go")
    config = show(repo, tag, "config.go")
    experimental = show(repo, tag, "experimental/features.go")
    wasi = show(repo, tag, "imports/wasi_snapshot_preview1/wasi.go")
    rows = [f"R wazero {tag.lstrip('v')} module",
            "S wazero " + source(repo, tag, ["api/features.go", "experimental/features.go", "config.go", "imports/wasi_snapshot_preview1/wasi.go"])]
    v2 = re.search(r"const CoreFeaturesV2 = CoreFeaturesV1 \|(.*?)\n\n", features, re.S).group(1)
    default = set(re.findall(r"CoreFeature(\w+)", v2)) | {"MutableGlobal"}
    assert "Defaults to api.CoreFeaturesV2" in config, "wazero's default features moved"
    names = {"BulkMemoryOperations": "bulk-memory", "MultiValue": "multi-value", "MutableGlobal": "mutable-global",
             "NonTrappingFloatToIntConversion": "saturating-float-to-int", "ReferenceTypes": "reference-types",
             "SignExtensionOps": "sign-extension", "SIMD": "simd"}
    on = {names[n] for n in default}
    flagged = {}
    for const in re.findall(r"const CoreFeatures(\w+) = ", experimental):
        flagged[{"Threads": "threads", "TailCall": "tail-call"}.get(const, const.lower())] = f"wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeatures{const})"
    for name in PROBES:
        if name in on:
            rows.append(f"F wazero {name} default -")
        elif name in flagged:
            rows.append(f"F wazero {name} flag {flagged[name]}")
        else:
            rows.append(f"F wazero {name} unsupported -")
    body = wasi[wasi.index("func exportFunctions"):]
    for fn in re.findall(r"ExportHostFunc\((\w+)\)", body):
        name = snake(fn)
        rows.append(f"W wazero wasi_snapshot_preview1 {name} provided {wasi_types.get(name, '')}".rstrip())
    return rows


def wasmedge_rows(wasi_types):
    repo, tag = "WasmEdge+WasmEdge", WASMEDGE_TAG
    docs_repo = "WasmEdge+docs"
    table = show(docs_repo, "HEAD", "docs/start/wasmedge/extensions/proposals.md")
    module = show(repo, tag, "lib/host/wasi/wasimodule.cpp")
    rows = [f"R wasmedge {tag} module",
            "S wasmedge " + source(docs_repo, "HEAD", ["docs/start/wasmedge/extensions/proposals.md (proposals table)"]),
            "S wasmedge " + source(repo, tag, ["lib/host/wasi/wasimodule.cpp"])]
    names = {"Import/Export of Mutable Globals": "mutable-global", "Non-trapping float-to-int conversions": "saturating-float-to-int",
             "Sign-extension operators": "sign-extension", "Multi-value": "multi-value", "Reference Types": "reference-types",
             "Bulk memory operations": "bulk-memory", "Fixed-width SIMD": "simd", "Tail call": "tail-call",
             "Extended Constant Expressions": "extended-const", "Typed Function References": "function-references",
             "Garbage collection": "gc", "Multiple memories": "multi-memory", "Relaxed SIMD": "relaxed-simd",
             "Exception handling": "exceptions", "Memory64": "memory64", "Threads": "threads"}
    seen = set()
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("[") or cells[0].strip("[]") not in names:
            continue
        name = names[cells[0].strip("[]")]
        flag, default = cells[1].strip("`"), cells[3]
        if name in seen:
            continue
        seen.add(name)
        if "✓" in default:
            # on by default since the release the cell names; a release before it needs the switch
            since = re.search(r"since `([0-9.]+)`", default)
            rows.append(f"F wasmedge {name} default - (on by default since {since.group(1) if since else '?'}; {flag} turns it off)")
        elif flag.startswith("--enable-"):
            rows.append(f"F wasmedge {name} flag wasmedge {flag}")
        else:
            rows.append(f"F wasmedge {name} unsupported -")
    for name in PROBES:
        if name not in seen:
            rows.append(f"F wasmedge {name} unsupported -")
    for fn in re.findall(r'addHostFunc\(\s*"([a-z_0-9]+)"', module):
        rows.append(f"W wasmedge wasi_snapshot_preview1 {fn} provided {wasi_types.get(fn, '')}".rstrip())
    return rows


def macro_list(text, macro):
    body = re.search(r"#define " + macro + r"\(_f\)(.*?)(?:\n\n|\n#)", text, re.S).group(1)
    return re.findall(r"_f\((\w+)\)", body)


def envoy_rows():
    repo = "proxy-wasm+proxy-wasm-cpp-host"
    exports = show(repo, "HEAD", "include/proxy-wasm/exports.h")
    bytecode = show(repo, "HEAD", "src/bytecode_util.cc")
    wasm = show(repo, "HEAD", "src/wasm.cc")
    commit = git(repo, "rev-parse", "HEAD").strip()[:12]
    rows = [f"R envoy proxy-wasm-cpp-host@{commit} module",
            "S envoy " + source(repo, "HEAD", ["src/bytecode_util.cc (ABI versions)", "include/proxy-wasm/exports.h (host functions)", "src/wasm.cc (what it registers and requires)"]) + "; the host library Envoy embeds for Wasm filters"]
    for abi in re.findall(r'export_name == "(proxy_abi_version_[0-9_]+)"', bytecode):
        rows.append(f"A envoy {abi}")
    for fn in macro_list(exports, "FOR_ALL_HOST_FUNCTIONS"):
        rows.append(f"W envoy env proxy_{fn} provided")
    for fn in re.findall(r'_REGISTER\((\w+)\);', wasm):
        rows.append(f"W envoy env {fn} provided")
    for fn in macro_list(exports, "FOR_ALL_WASI_FUNCTIONS"):
        rows.append(f"W envoy wasi_snapshot_preview1 {fn} provided")
        rows.append(f"W envoy wasi_unstable {fn} provided")
    # Host functions only some ABI versions get.
    for version, body in re.findall(r"abiVersion\(\) == AbiVersion::ProxyWasm_([0-9_]+)\) \{(.*?)\}", wasm[wasm.index("registerCallbacks"):wasm.index("getFunctions")], re.S):
        for fn in re.findall(r"_REGISTER_PROXY\((\w+)\)", body):
            rows.append(f"V envoy proxy_abi_version_{version} env proxy_{fn}")
    assert 'fail(FailState::MissingFunction, "Wasm module is missing malloc function.")' in wasm
    rows.append("E envoy malloc|proxy_on_memory_allocate function Wasm module is missing malloc function.")
    assert "Missing or unknown Proxy-Wasm ABI version" in wasm
    return rows


def extism_rows(folder):
    repo, tag = "extism+extism", EXTISM_TAG
    kernel = os.path.join(folder, "extism-runtime.wasm")
    open(kernel, "wb").write(run("git", "-C", os.path.join(MIRRORS, repo, "repo"), "show", f"{tag}:runtime/src/extism-runtime.wasm").stdout)
    plugin = show(repo, tag, "runtime/src/plugin.rs")
    wasmtime_dep = re.search(r'wasmtime = \{ version="([0-9.]+)"', show(repo, tag, "runtime/Cargo.toml")).group(1)
    rows = [f"R extism {tag.lstrip('v')} module",
            "S extism " + source(repo, tag, ["runtime/src/extism-runtime.wasm (the kernel: its exports, read with wasmtime)", "runtime/src/plugin.rs (builtins)", "runtime/Cargo.toml"]) + f"; runs plugins on wasmtime {wasmtime_dep}; Plugin::call runs an exported () -> i32 function by name"]
    module = wasmtime.Module.from_file(wasmtime.Engine(), kernel)
    for item in module.exports:
        if isinstance(item.type, wasmtime.FuncType):
            rows.append(f"W extism extism:host/env {item.name} provided {signature(item.type)}".rstrip())
    builtins = re.search(r"add_funcs!\((.*?)\n\s*\);", plugin, re.S).group(1)
    kinds = {"I64": "i64", "I32": "i32"}
    for name, params, result in re.findall(r"(\w+)\(([^)]*)\)(?:\s*->\s*(\w+))?;", builtins):
        ps = " ".join(kinds[p.strip()] for p in params.split(",") if p.strip())
        sig = " ".join(x for x in [f"(param {ps})" if ps else "", f"(result {kinds[result]})" if result else ""] if x)
        rows.append(f"W extism extism:host/env {name} provided {sig}".rstrip())
    rows.append("C extism (result i32)")
    return rows


def main():
    folder = tempfile.mkdtemp()
    wasi_types = wasi_libc_types(folder)
    rows = wasmtime_rows(folder, wasi_types) + node_rows(folder, wasi_types) + wazero_rows(wasi_types)
    rows += wasmedge_rows(wasi_types) + envoy_rows() + extism_rows(folder)
    body = "\n".join(rows)
    swift = (
        "// Generated by Profiles/generate_wasm_runtimes.py from the runtimes (measured) and their sources (read). Do not edit.\n"
        "// R runtime release kinds. S runtime source. F runtime proposal default|flag|unsupported how.\n"
        "// W runtime module name provided [type]. A runtime ABI-version export. V runtime ABI-export module name (provided only then).\n"
        "// E runtime export|alternative kind message (the host refuses a module without it). C runtime type of the functions it calls by name.\n"
        "enum WasmRuntimeData {\n"
        "  static let table = \"\"\"\n" + body + "\n\"\"\"\n}\n"
    )
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    open(OUT, "w").write(swift)
    print(f"wrote {OUT}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
