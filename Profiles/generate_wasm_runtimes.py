#!/usr/bin/env python3
"""Writes Sources/SysrootCheck/Wasm/WasmRuntimeData.swift: what each WebAssembly runtime abidoctor knows
offers a module, measured on the runtime itself, never copied from a table.

wasmtime (PyPI `wasmtime`, which carries the real engine): for every proposal, a probe module that uses
it (WAT, made binary by `wasm-tools parse`) is compiled with the default configuration, then with the
proposal's `Config.wasm_*` switch on: on by default, behind a flag, or unsupported. For WASI preview 1,
wasi-libc's <wasi/api.h> declares every function; a C file that references all of them is compiled with
clang-14 for wasm32-wasi, and each import it gets (with its real type) is instantiated alone against
`Linker.define_wasi()`: provided or not. Every source (package versions, file hashes) is recorded.

Usage: .venv/bin/python3 Profiles/generate_wasm_runtimes.py   (needs clang-14, wasi-libc, wasm-tools)
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


def main():
    folder = tempfile.mkdtemp()
    rows = []
    version = importlib.metadata.version("wasmtime")
    tools = run("wasm-tools", "--version").stdout.decode().strip()
    rows.append(f"S wasmtime {version} (PyPI wasmtime, its engine probed); probes made by {tools}")
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
    # WASI preview 1: every function wasi-libc declares, with the type clang gives its import.
    names = sorted(set(re.findall(r"__wasi_([a-z_0-9]+)\(", open(API).read())))
    digest = hashlib.sha256(open(API, "rb").read()).hexdigest()
    rows.append(f"S wasi-libc {API} sha256 {digest[:16]}: {len(names)} functions")
    c = os.path.join(folder, "all.c")
    with open(c, "w") as f:
        f.write("#include <wasi/api.h>\n")
        f.write("__attribute__((export_name(\"fns\"))) void *fns(int i) { void *t[] = {" + ", ".join(f"(void *)__wasi_{n}" for n in names) + "}; return t[i]; }\n")
    module_path = os.path.join(folder, "all.wasm")
    run("clang-14", "--target=wasm32-wasi", "-O1", "-mexec-model=reactor", c, "-o", module_path)
    engine = wasmtime.Engine()
    probe_module = wasmtime.Module.from_file(engine, module_path)
    for item in probe_module.imports:
        if item.module != "wasi_snapshot_preview1":
            continue
        ty = item.type
        params = " ".join(valtype(p) for p in ty.params)
        results = " ".join(valtype(r) for r in ty.results)
        sig = " ".join(x for x in [f"(param {params})" if params else "", f"(result {results})" if results else ""] if x)
        probe = wat(f'(module (import "wasi_snapshot_preview1" "{item.name}" (func {sig})))', folder)
        store = wasmtime.Store(engine)
        store.set_wasi(wasmtime.WasiConfig())
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        try:
            linker.instantiate(store, wasmtime.Module(engine, probe))
            provided = "provided"
        except Exception:
            provided = "missing"
        rows.append(f"W wasmtime wasi_snapshot_preview1 {item.name} {provided} {sig}")
    body = "\n".join(rows)
    swift = (
        "// Generated by Profiles/generate_wasm_runtimes.py: measured on the runtimes themselves. Do not edit.\n"
        "// S: a source. F runtime proposal default|flag|unsupported CLI-flag. W runtime module function provided|missing type.\n"
        "enum WasmRuntimeData {\n"
        "  static let table = \"\"\"\n" + body + "\n\"\"\"\n}\n"
    )
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    open(OUT, "w").write(swift)
    print(f"wrote {OUT}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
