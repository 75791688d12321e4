import Analysis
import Foundation
import PersonaKit
import RunFormat
import Testing
import TestSupport

/// `spb-analyze audit` on a run whose `embeddings.f32` lost rows, as users run it: exit 65 naming the
/// file, the damage and the repair, never a silent re-embedding; with `--reembed` the audit embeds the
/// texts and its report says why.
@Suite("audit of a damaged run directory: the real executable", .serialized,
       .enabled(if: Binaries.analyzeAudit != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))))
struct DamagedRunAuditTests {
    @Test("embeddings.f32 with 3 rows for 12 personas: exit 65 with the repair; --reembed audits and notes it")
    func truncatedEmbeddings() async throws {
        let binary = try #require(Binaries.analyzeAudit)
        let scratch = try ScratchDirectory("damaged-run")
        defer { scratch.remove() }
        let run = scratch.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let personas = (1 ... 12).map { number in
            Persona(name: "Kim Osei \(number)", username: nil, age: 30 + number, traits: ["calm", "dry", "exact"],
                    background: "Kim Osei \(number) repairs clocks in workshop \(number) and writes a newsletter about escapements.",
                    chattingStyle: "Lowercase, \(number) words at most.", id: "k\(number)").jsonLine()
        }
        try (personas.joined(separator: "\n") + "\n").write(to: run.appendingPathComponent(RunFiles.personas), atomically: true, encoding: .utf8)
        try RunFixture.writeManifest(in: run, settings: RunFixture.settings(nameMasking: PersonaTextTemplate.default.nameMasking),
                                     encoder: "minilm:all-MiniLM-L6-v2", dimension: 384)
        var random = SplitMix64(seed: 5)
        try EmbeddingFile.write(random.unitRows(3, columns: 384), to: run.appendingPathComponent(RunFiles.embeddings))

        let out = scratch.url.appendingPathComponent("report")
        let refused = try await Self.run(binary, ["audit", run.path, "--out", out.path])
        #expect(!refused.signalled && refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("error: \(run.path)/embeddings.f32: holds 3 rows for 12 personas in personas.jsonl: "
            + "spb-generate --resume --out \(run.path) repairs it, or pass --reembed to embed every text from scratch"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))

        guard SharedData.modelDirectory != nil else {
            print("skipped the --reembed half: MiniLM weights are absent (make setup)")
            return
        }
        let embedded = try await Self.run(binary, ["audit", run.path, "--out", out.path, "--reembed"], timeout: .seconds(300))
        #expect(embedded.status == 0, "\(embedded.stderr.suffix(800))")
        let report = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(!report.input.embeddingsReused && report.input.embeddingsSource?.hasPrefix("embedded with minilm") == true)
        #expect(report.notes.contains { $0.contains("holds 3 rows for 12 personas") && $0.contains("as --reembed asked") }, "\(report.notes)")
    }

    /// Runs the child on a thread of its own: waiting for it must not hold one of the few threads of
    /// Swift's cooperative pool, on which the loopback servers of the suites running alongside answer.
    static func run(_ binary: URL, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ChildProcess.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try ChildProcess.run(binary, arguments, timeout: timeout) }) }.start()
        }
    }
}
