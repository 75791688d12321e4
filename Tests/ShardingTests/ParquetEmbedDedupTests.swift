import Embedding
import Foundation
import PersonaKit
import Sharding
import Testing
import TestSupport

/// `spb-analyze embed` and `dedup` read Parquet like the JSONL twin (same rows, ids and drops), and
/// an unsupported or damaged Parquet file exits 65 naming the file, row group, column and feature.
@Suite("embed and dedup: Parquet input")
struct ParquetEmbedDedupTests {
    static let lexical: EmbedCommandLine.EncoderLoader = { _, _ in HashedNGramEncoder(dimension: 64) }

    /// Personas with one planted duplicate (row 10 repeats row 3 under its own id), as Parquet and JSONL.
    static func inputs(in folder: ScratchFolder) throws -> (parquet: URL, jsonl: URL) {
        var personas = PersonaParquet.personas(12)
        personas[9].background = personas[2].background
        personas[9].chattingStyle = personas[2].chattingStyle
        personas[9].traits = personas[2].traits
        let parquet = folder.file("people.parquet"), jsonl = folder.file("people.jsonl")
        try PersonaParquet.write(personas, to: parquet, jsonl: jsonl, rowGroupRows: 5)
        return (parquet, jsonl)
    }

    @Test("embed: a Parquet file gives the JSONL twin's rows and ids")
    func embedMatchesJSONL() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (parquet, jsonl) = try Self.inputs(in: folder)
        for (input, out) in [(parquet, "from-parquet"), (jsonl, "from-jsonl")] {
            let run = await EmbedRun.run([input.path, "--out", folder.file(out).path], encoder: Self.lexical)
            #expect(run.status == 0, "\(run.errors)")
        }
        for name in [ShardFiles.embeddings(shard: 1, of: 1), ShardFiles.ids(shard: 1, of: 1)] {
            let a = try Data(contentsOf: folder.file("from-parquet/" + name)), b = try Data(contentsOf: folder.file("from-jsonl/" + name))
            #expect(a == b && !a.isEmpty, "\(name)")
        }
        let ids = try lines(folder.file("from-parquet/" + ShardFiles.ids(shard: 1, of: 1)))
        #expect(ids == (1 ... 12).map { String(format: "pq-%03d", $0) })
    }

    @Test("dedup: a Parquet file keeps and drops what its JSONL twin does, naming the ids")
    func dedupMatchesJSONL() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (parquet, jsonl) = try Self.inputs(in: folder)
        for (input, out) in [(parquet, "from-parquet"), (jsonl, "from-jsonl")] {
            let errors = TextSink()
            let status = await DedupCommandLine.run([input.path, "--threshold", "0.999", "--out", folder.file(out).path],
                                                    encoder: { HashedNGramEncoder() }, output: { _ in }, errorOutput: { errors.append($0) })
            #expect(status == 0, "\(errors.text)")
        }
        #expect(try lines(folder.file("from-parquet/keep.txt")) == lines(folder.file("from-jsonl/keep.txt")))
        let drops = try lines(folder.file("from-parquet/drops.csv"))
        #expect(drops == (try lines(folder.file("from-jsonl/drops.csv"))))
        #expect(drops.count == 2 && drops[1].hasPrefix("pq-010,pq-003,"), "\(drops)")
    }

    @Test("an unsupported or damaged Parquet file exits 65 naming file, row group, column and feature")
    func badFilesExit65() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (parquet, _) = try Self.inputs(in: folder)
        let damaged = folder.file("damaged.parquet")
        try PersonaParquet.write(parquet, damaged: .scrambledPage, to: damaged)
        let nested = PersonaParquet.repositoryFixture("unsupported_nested.parquet")
        let deltas = PersonaParquet.repositoryFixture("unsupported_encodings.parquet")
        let cases: [([String], String)] = [
            ([nested.path], "unsupported_nested.parquet: row group 0: column \"profile\": unsupported: nested struct column"),
            ([deltas.path, "--text-field", "background"], "unsupported_encodings.parquet: row group 0: column \"background\": unsupported: DELTA_BYTE_ARRAY"),
            ([damaged.path, "--skip-invalid"], "damaged.parquet: row group 0: column \"id\": malformed"),
        ]
        for (arguments, message) in cases {
            let embed = await EmbedRun.run(arguments + ["--out", folder.file("embed").path], encoder: Self.lexical)
            #expect(embed.status == 65 && embed.errors.contains("error: ") && embed.errors.contains(message), "embed \(arguments): \(embed.errors)")
            let errors = TextSink()
            let dedup = await DedupCommandLine.run(arguments + ["--out", folder.file("dedup").path], encoder: { HashedNGramEncoder(dimension: 64) },
                                                   output: { _ in }, errorOutput: { errors.append($0) })
            #expect(dedup == 65 && errors.text.contains(message), "dedup \(arguments): \(errors.text)")
        }
    }
}
