// The start-up floor for Benchmarks/run.sh: what a Swift command-line program built like abidoctor
// (static Swift runtime, scripts/build-release.sh's link flags) pays before it does any work. It
// reads its arguments and writes one line, which every command does; nothing of abidoctor is linked.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

let line = "\(CommandLine.arguments.count - 1) arguments\n"
_ = line.withCString { write(1, $0, strlen($0)) }
