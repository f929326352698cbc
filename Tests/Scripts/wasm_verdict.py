#!/usr/bin/env python3
"""The real runtime's verdict on a WebAssembly file, for the tests: wasmtime (PyPI's package carries
its engine) compiles the module and instantiates it with a WASI linker (`--wasi`) or with the
exports of a host module offered as `env` (`--host HOST.wasm`). Prints `ok`, or the error's first
line, and exits 0 either way (2 when the harness itself fails)."""
import sys

import wasmtime


def main():
    args = sys.argv[1:]
    path = args[0]
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    if "--wasi" in args:
        linker.define_wasi()
        store.set_wasi(wasmtime.WasiConfig())
    if "--host" in args:
        host = wasmtime.Module.from_file(engine, args[args.index("--host") + 1])
        linker.define_instance(store, "env", linker.instantiate(store, host))
    try:
        module = wasmtime.Module.from_file(engine, path)
        linker.instantiate(store, module)
        print("ok")
    except Exception as error:  # the runtime's own words are the verdict
        print(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        print(f"harness: {error}", file=sys.stderr)
        sys.exit(2)
