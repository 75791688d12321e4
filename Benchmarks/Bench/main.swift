import Foundation

/// `spb-bench <name>`: release-built benchmarks, one file each.
let name = CommandLine.arguments.dropFirst().first ?? ""
do {
    switch name {
    case "tokenizer": try runTokenizerBenchmark()
    case "encoder": exit(await EncoderBenchmark.run(Array(CommandLine.arguments.dropFirst(2))))
    case "audit": try await AuditBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    default:
        FileHandle.standardError.write(Data("usage: spb-bench <name>   (names: tokenizer, encoder, audit)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
