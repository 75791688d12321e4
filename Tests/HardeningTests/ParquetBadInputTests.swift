import Foundation
import Parquet
import Testing
import TestSupport

/// Unsupported, damaged and badly typed Parquet files given to the real executables (child
/// processes, so a trap would show as a signal): every command that reads a dataset exits 65 with
/// an `error:` line naming the file and, for a file problem, the row group, column and feature;
/// for a bad value, the row (as the line) and the field.
@Suite("Bad input: Parquet through the command-line tools", .serialized)
struct ParquetBadInputTests {
    /// Six personas as Parquet (our writer, two row groups) whose rows 2 and 4 are bad: a null age, a null traits list.
    static var badRows: Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-rows-\(UUID().uuidString).parquet")
        defer { try? FileManager.default.removeItem(at: url) }
        var rows = PersonaParquet.personas(6).map(PersonaParquet.row)
        rows[1]["age"] = .null
        rows[3]["traits"] = .null
        do {
            try PersonaParquet.write(rows: rows, to: url, rowGroupRows: 3)
            return try Data(contentsOf: url)
        } catch {
            return Data()
        }
    }

    /// (label, input, reading options of the dataset commands, `thresholds --format`, the message every command prints).
    static func cases(in scratch: ScratchDirectory) throws -> [(String, URL, [String], String, String)] {
        let good = scratch.url.appendingPathComponent("good.parquet"), damaged = scratch.url.appendingPathComponent("damaged.parquet")
        try PersonaParquet.write(PersonaParquet.personas(8), to: good)
        try PersonaParquet.write(good, damaged: .scrambledPage, to: damaged)
        let truncated = scratch.url.appendingPathComponent("truncated.parquet")
        try PersonaParquet.write(good, damaged: .truncatedFooter, to: truncated)
        return [
            ("nested struct", PersonaParquet.repositoryFixture("unsupported_nested.parquet"), [], "parquet",
             "unsupported_nested.parquet: row group 0: column \"profile\": unsupported: nested struct column"),
            ("DELTA_BYTE_ARRAY", PersonaParquet.repositoryFixture("unsupported_encodings.parquet"), ["--text-field", "background"], "parquet:background",
             "unsupported_encodings.parquet: row group 0: column \"background\": unsupported: DELTA_BYTE_ARRAY"),
            ("scrambled page", damaged, [], "parquet", "damaged.parquet: row group 0: column \"id\": malformed"),
            ("truncated footer", truncated, [], "parquet", "truncated.parquet: not a Parquet file"),
            ("bad row", try scratch.write("bad-rows.parquet", badRows), [], "parquet", "bad-rows.parquet:2: age: expected an integer, got null"),
        ]
    }

    @Test("audit, split, embed, dedup, thresholds, card and publish exit 65 naming what is wrong",
          .enabled(if: Binaries.analyzeAudit != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))))
    func analyzeCommands() async throws {
        let binary = try #require(Binaries.analyzeAudit)
        let scratch = try ScratchDirectory("parquet-analyze")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("out").path
        for (label, input, reading, format, message) in try Self.cases(in: scratch) {
            var commands: [[String]] = [
                ["audit", input.path, "--out", out] + reading, ["split", input.path, "--out", out] + reading,
                ["embed", input.path, "--out", out] + reading, ["dedup", input.path, "--out", out] + reading,
                ["thresholds", input.path, "--format", format, "--encoder", "hashed-ngrams"],
            ]
            if reading.isEmpty {
                commands += [["card", input.path, "--out", out + "/README.md"], ["publish", input.path, "--out", out, "--format", "parquet"]]
            }
            for arguments in commands {
                let result = try await ChildProcess.run(binary, arguments, timeout: .seconds(120))
                #expect(!result.signalled && result.status == 65, "\(label) / \(arguments[0]): exit \(result.status): \(result.stderr.suffix(600))")
                #expect(result.stderr.contains("error: ") && result.stderr.contains(message), "\(label) / \(arguments[0]): \(result.stderr.suffix(600))")
            }
        }
    }

    @Test("spb-generate --seeds FILE.parquet loads seeds; a bad or unsupported file exits 65 naming it",
          .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
    func generatorSeeds() async throws {
        let binary = try #require(Binaries.generate)
        let scratch = try ScratchDirectory("parquet-seeds")
        defer { scratch.remove() }
        let seeds = scratch.url.appendingPathComponent("seeds.parquet")
        try PersonaParquet.write(PersonaParquet.personas(4), to: seeds)
        func generate(_ seeds: URL, _ name: String) async throws -> ChildProcess.Result {
            try await ChildProcess.run(binary, ["--out", scratch.url.appendingPathComponent(name).path, "--dry-run", "--target", "1", "--seeds", seeds.path])
        }
        let clean = try await generate(seeds, "clean")
        #expect(clean.status == 0, "\(clean.stderr)")
        for (label, input, _, _, message) in try Self.cases(in: scratch) where label != "DELTA_BYTE_ARRAY" {
            let result = try await generate(input, "bad")
            #expect(!result.signalled && result.status == 65, "\(label): exit \(result.status): \(result.stderr.suffix(600))")
            #expect(result.stderr.contains("error: ") && result.stderr.contains(message), "\(label): \(result.stderr.suffix(600))")
        }
    }
}
