import Analysis
import Foundation
import LinearAlgebra
import PersonaKit
import Testing
import TestSupport

/// `spb-analyze audit DATA --embeddings SHARDS` as users run it: the audit uses the stored rows
/// (no embedding), says where they came from and its peak memory, and a shard of another model
/// exits 65 naming the manifest and the field.
@Suite("audit --embeddings: the real executable", .serialized,
       .enabled(if: Binaries.analyzeAudit != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))))
struct AuditEmbeddingsCommandTests {
    /// 30 personas, and a one-shard folder of 384-d rows for them in which records 4 and 17 are near-copies.
    static func write(_ scratch: ScratchDirectory, model: String) throws -> (data: URL, shards: URL) {
        let personas = (1 ... 30).map { number in
            Persona(name: "Kim Osei \(number)", username: nil, age: 30 + number, traits: ["calm", "dry", "exact"],
                    background: "Kim Osei \(number) repairs clocks in workshop \(number) and writes a newsletter about escapements.",
                    chattingStyle: "Lowercase, \(number) words at most.", id: "k\(number)").jsonLine()
        }
        let data = try scratch.write("people.jsonl", personas.joined(separator: "\n") + "\n")
        var random = SplitMix64(seed: 9)
        var vectors = random.unitRows(30, columns: 384)
        for column in 0 ..< 384 { vectors[16, column] = vectors[3, column] + 0.01 * vectors[16, column] }
        let shards = scratch.url.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
        try NotebookFiles.writeNPY(vectors, to: shards.appendingPathComponent("embeddings-00001-of-00001.npy"))
        _ = try scratch.write("shards/embeddings-00001-of-00001.ids.txt", (1 ... 30).map { "k\($0)\n" }.joined())
        let manifest: [String: Any] = [
            "version": 1, "shard": 1, "shards": 1, "model": model, "precision": "fp32", "dimension": 384, "embeddings_source": "encoded",
            "text_template": "default", "text_template_source": PersonaTextTemplate.default.source, "name_masking": PersonaTextTemplate.default.nameMasking,
            "count": 30, "first_record": 0, "last_record": 29, "total_records": 30, "skipped_records": 0, "npy_sha256": "", "npy_bytes": 0,
            "ids_sha256": "", "input_path": data.path, "input_bytes": 0, "input_format": "jsonl",
        ]
        _ = try scratch.write("shards/embeddings-00001-of-00001.json", try JSONSerialization.data(withJSONObject: manifest))
        return (data, shards)
    }

    @Test("the audit reads the shards, finds the planted pair, states the source and the peak memory; another model exits 65")
    func auditFromShards() async throws {
        let binary = try #require(Binaries.analyzeAudit)
        let scratch = try ScratchDirectory("audit-embeddings")
        defer { scratch.remove() }
        let (data, shards) = try Self.write(scratch, model: "minilm:all-MiniLM-L6-v2")
        let out = scratch.url.appendingPathComponent("report")
        let run = try await ChildProcess.run(binary, ["audit", data.path, "--embeddings", shards.path, "--out", out.path], timeout: .seconds(120))
        #expect(run.status == 0, "\(run.stderr.suffix(800))")
        let report = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(report.input.embeddingsReused && report.input.dimension == 384)
        #expect(report.input.embeddingsSource?.contains("1 spb-analyze embed shard in") == true, "\(report.input.embeddingsSource ?? "nil")")
        #expect((report.peakResidentBytes ?? 0) > 1_000_000)
        #expect(report.nearDuplicates.pairCount == 1 && report.nearDuplicates.closestPairs.first.map { [$0.first.id, $0.second.id] } == ["k4", "k17"])
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("Embeddings: stored embeddings: 1 spb-analyze embed shard") && summary.contains("Peak resident memory of the audit: "))

        let other = try ScratchDirectory("audit-embeddings-other")
        defer { other.remove() }
        let (otherData, otherShards) = try Self.write(other, model: "hashed-ngrams:3-5:384")
        let refused = try await ChildProcess.run(binary, ["audit", otherData.path, "--embeddings", otherShards.path, "--out", out.path + "-2"])
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("embeddings-00001-of-00001.json: model: embedded with hashed-ngrams:3-5:384"), "\(refused.stderr)")
        let missing = try await ChildProcess.run(binary, ["audit", data.path, "--embeddings", scratch.url.appendingPathComponent("none.npy").path])
        #expect(missing.status == 65 && missing.stderr.contains("none.npy"))
    }
}
