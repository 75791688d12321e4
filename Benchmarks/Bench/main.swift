import Foundation

// `spb-bench <benchmark> [options]`: release-built benchmarks, each in its own file with a
// `main(_ arguments: [String]) -> Int32` entry point; one `case` line per benchmark below.
let usage = """
    usage: spb-bench <benchmark> [options]   (each benchmark takes --help)

    benchmarks:
      index    VectorIndex top-k search and self-join against the machine's sgemm peak (and faiss)
    """

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "index": exit(IndexBenchmark.main(Array(arguments.dropFirst())))
case "--help", "-h": print(usage)
case let name:
    let problem = name.map { "unknown benchmark '\($0)'" } ?? "no benchmark named"
    FileHandle.standardError.write(Data("error: \(problem)\n\(usage)\n".utf8))
    exit(64)
}
