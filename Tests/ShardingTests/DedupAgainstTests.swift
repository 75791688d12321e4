import Analysis
import Embedding
import Foundation
import LinearAlgebra
import Sharding
import Testing
import TestSupport

/// `spb-analyze dedup --against`: input records within τ of a reference dataset are dropped first,
/// each naming its closest reference record; the rest is deduplicated as before.
@Suite("spb-analyze dedup --against a reference dataset")
struct DedupAgainstTests {
    /// The lexical stand-in encoder, so the test needs no model.
    static func run(_ arguments: [String]) async -> (status: Int32, output: String, errors: String) {
        let output = TextSink(), errors = TextSink()
        let status = await DedupCommandLine.run(arguments, encoder: { HashedNGramEncoder(dimension: 256) },
                                                output: { output.append($0) }, errorOutput: { errors.append($0) })
        return (status, output.text, errors.text)
    }

    @Test("records of the reference are dropped and named in against.csv; the rest is deduplicated as without it")
    func dropsReferenceMatches() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = [
            "A ferry mechanic in Bergen who sings in a choir on Thursdays.",
            "A retired judge who grows orchids on a balcony in Lisbon.",
            "A ferry mechanic in Bergen who sings in a choir on Thursdays!",
            "A teenage chess prodigy from Lagos who streams her games.",
        ]
        let reference = ["A baker in Montreal who runs at dawn.", "A retired judge who grows orchids on a balcony in Lisbon."]
        try (input.joined(separator: "\n") + "\n").write(to: folder.file("in.txt"), atomically: true, encoding: .utf8)
        try (reference.joined(separator: "\n") + "\n").write(to: folder.file("ref.txt"), atomically: true, encoding: .utf8)

        let out = folder.file("out")
        let result = await Self.run([folder.file("in.txt").path, "--against", folder.file("ref.txt").path, "--out", out.path, "--threshold", "0.9"])
        #expect(result.status == 0, "\(result.errors)")
        let against = try lines(out.appendingPathComponent("against.csv"))
        #expect(against.first == "dropped_id,reference,reference_id,score" && against.count == 2, "\(against)")
        let match = against.last?.split(separator: ",").map(String.init) ?? []
        #expect(match.count == 4 && match[0] == "2" && match[1].hasSuffix("ref.txt") && match[2] == "2" && (Double(match[3]) ?? 0) > 0.999, "\(match)")
        #expect(try lines(out.appendingPathComponent("keep.txt")) == ["1", "4"])
        #expect(try lines(out.appendingPathComponent("drops.csv")).dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["3,1"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("dedup-report.json"))) as? [String: Any])
        let section = try #require(report["against"] as? [String: Any])
        #expect(section["dropped"] as? Int == 1 && section["referenceRows"] as? Int == 2)
        #expect(report["n"] as? Int == 3, "the three records left after the reference are deduplicated")
        #expect(result.output.contains("dropped 1 input records within τ"))

        let plain = await Self.run([folder.file("in.txt").path, "--out", folder.file("plain").path, "--threshold", "0.9"])
        #expect(plain.status == 0)
        #expect(try lines(folder.file("plain").appendingPathComponent("keep.txt")) == ["1", "2", "4"])
        #expect(!FileManager.default.fileExists(atPath: folder.file("plain").appendingPathComponent("against.csv").path))
    }

    @Test("every input record in the reference: nothing kept, every one listed")
    func everythingMatched() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try "A baker in Montreal who runs at dawn.\n".write(to: folder.file("in.txt"), atomically: true, encoding: .utf8)
        let out = folder.file("out")
        let result = await Self.run([folder.file("in.txt").path, "--against", folder.file("in.txt").path, "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try String(contentsOf: out.appendingPathComponent("keep.txt"), encoding: .utf8).isEmpty)
        #expect(try lines(out.appendingPathComponent("against.csv")).count == 2)
    }

    @Test("a reference of another dimension or a missing file is exit 65 naming it; --against with --stage is a usage error")
    func badReferences() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var random = SplitMix64(seed: 3)
        try NotebookFiles.writeNPY(random.unitRows(5, columns: 8), to: folder.file("in.npy"))
        try NotebookFiles.writeNPY(random.unitRows(5, columns: 16), to: folder.file("ref.npy"))
        let wide = await Self.run([folder.file("in.npy").path, "--against", folder.file("ref.npy").path, "--out", folder.file("o").path])
        #expect(wide.status == 65 && wide.errors.contains("ref.npy") && wide.errors.contains("16-dimensional rows, the input has 8"), "\(wide.errors)")
        let missing = await Self.run([folder.file("in.npy").path, "--against", folder.file("absent.jsonl").path, "--out", folder.file("o").path])
        #expect(missing.status == 65 && missing.errors.contains("absent.jsonl"), "\(missing.errors)")
        let staged = await Self.run([folder.file("in.npy").path, "--against", folder.file("ref.npy").path, "--stage", "plan", "--out", folder.file("o").path])
        #expect(staged.status == 64 && staged.errors.contains("--against runs in one process"), "\(staged.errors)")
    }

    @Test("a real reference: 300 Persona Hub lines as input against the first 200 drops exactly the 200 shared lines",
          .enabled(if: SharedData.file("data/corpora/personahub-5000.txt") != nil, "\(SharedData.skipMessage("data/corpora/personahub-5000.txt"))"))
    func realReference() async throws {
        let corpus = try #require(SharedData.file("data/corpora/personahub-5000.txt"))
        let all = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try (all.prefix(300).joined(separator: "\n") + "\n").write(to: folder.file("in.txt"), atomically: true, encoding: .utf8)
        try (all.prefix(200).joined(separator: "\n") + "\n").write(to: folder.file("ref.txt"), atomically: true, encoding: .utf8)
        let out = folder.file("out")
        let result = await Self.run([folder.file("in.txt").path, "--against", folder.file("ref.txt").path, "--out", out.path, "--threshold", "0.999"])
        #expect(result.status == 0, "\(result.errors)")
        let matched = try lines(out.appendingPathComponent("against.csv")).dropFirst().map { $0.split(separator: ",")[0] }
        let distinctFirst200 = Set(all.prefix(200)).count
        #expect(matched.count >= distinctFirst200 && matched.allSatisfy { Int($0).map { $0 <= 200 || all.prefix(200).contains(all[$0 - 1]) } ?? false },
                "\(matched.count) matched")
    }
}
