import Foundation

/// `spb-bench <name>`: release-built benchmarks, one file each.
let name = CommandLine.arguments.dropFirst().first ?? ""
do {
    switch name {
    case "tokenizer": try runTokenizerBenchmark()
    case "threshold-sweep": runThresholdSweepBenchmark()
    default:
        FileHandle.standardError.write(Data("usage: spb-bench <name>   (names: tokenizer, threshold-sweep)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
