import Foundation

// Benchmark dispatcher: `spb-bench <name> [arguments]`.
let benchArguments = Array(CommandLine.arguments.dropFirst())
switch benchArguments.first {
case "audit": try await AuditBenchmark.run(Array(benchArguments.dropFirst()))
default: print("usage: spb-bench <name>   (names: audit)")
}
