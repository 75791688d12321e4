import Foundation

/// `spb-bench <name> [options]`: runs one benchmark, chosen by the first argument.
let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks = ["encoder"]
switch arguments.first {
case "encoder": exit(await EncoderBenchmark.run(Array(arguments.dropFirst())))
default:
    FileHandle.standardError.write(Data("usage: spb-bench <\(benchmarks.joined(separator: "|"))> [options]\n".utf8))
    exit(64)
}
