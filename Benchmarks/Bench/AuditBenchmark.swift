import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Synchronization

/// `spb-bench audit [n] [out-dir]`: the whole audit on synthetic personas with stored embeddings
/// (default 100,000, d = 384: clustered directions plus planted near-duplicates), from the
/// dataset in memory to report.html, report.json, summary.md and notebooks-data/.
///
/// `spb-bench audit raw [n] [out-dir]`: n (default 5,000) synthetic personas written as SPB JSONL,
/// then read, embedded with MiniLM, audited and written, all timed.
enum AuditBenchmark {
    static func run(_ arguments: [String]) async throws {
        if arguments.first == "raw" { return try await runRaw(Array(arguments.dropFirst())) }
        let n = arguments.first.flatMap(Int.init) ?? 100_000
        let out = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "spb-bench-audit")
        let start = ContinuousClock.now
        let dataset = synthetic(count: n, dimension: 384, seed: 7)
        print("audit: synthesised \(n) personas with stored embeddings in \(seconds(since: start))")
        let timed = ContinuousClock.now
        let stages = StageClock()
        let result = try await Auditor.run(dataset: dataset, encoder: nil, options: AuditOptions()) { stage, _, _ in stages.enter(stage) }
        stages.enter("end")
        let analysed = ContinuousClock.now
        try result.write(to: out, name: "bench", mapPoints: 2000, seed: 42, subtitle: "spb-bench audit \(n)")
        let size = (try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("report.html").path)[.size] as? Int) ?? 0
        print("audit: n=\(n) d=384 analysis \(seconds(since: timed)), writing \(seconds(since: analysed)), total \(seconds(since: timed)); report.html \(size / 1024) KiB in \(out.path)")
    }

    static func runRaw(_ arguments: [String]) async throws {
        let n = arguments.first.flatMap(Int.init) ?? 5_000
        let out = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "spb-bench-audit-raw")
        let input = URL(fileURLWithPath: NSTemporaryDirectory() + "spb-bench-audit-\(n).jsonl")
        try (synthetic(count: n, dimension: 1, seed: 11).personas ?? []).map { $0.jsonLine() }.joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let encoder = try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory())
        let start = ContinuousClock.now
        let dataset = try AuditDataset.read(input, options: .init())
        print("audit raw: read \(dataset.count) personas in \(seconds(since: start))")
        let stages = StageClock()
        let result = try await Auditor.run(dataset: dataset, encoder: encoder, options: AuditOptions()) { stage, _, _ in stages.enter(stage) }
        stages.enter("end")
        try result.write(to: out, name: "bench-raw", mapPoints: 2000, seed: 42, subtitle: "spb-bench audit raw \(n)")
        print("audit raw: n=\(n) JSONL to HTML with MiniLM embedding: total \(seconds(since: start)) (\(out.path))")
    }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return String(format: "%.2f s", elapsed / .seconds(1))
    }

    /// Personas from 40 background templates; embeddings are the template's direction plus noise,
    /// with one persona in 200 a near-copy of an earlier one.
    static func synthetic(count: Int, dimension: Int, seed: UInt64) -> AuditDataset {
        var random = SeededGenerator(seed: seed)
        func gaussian() -> Float {
            let u1 = Double.random(in: Double.ulpOfOne ..< 1, using: &random), u2 = Double.random(in: 0 ..< 1, using: &random)
            return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        let jobs = ["nurse", "baker", "welder", "pilot", "teacher", "barista", "plumber", "coder", "farmer", "lawyer"]
        let hooks = ["who now restores clocks", "after losing a bet", "raising three kids alone", "learning the cello at night"]
        let centres = Matrix(rows: 40, columns: dimension, storage: (0 ..< 40 * dimension).map { _ in gaussian() })
        var embeddings = Matrix(rows: count, columns: dimension)
        var personas = [Persona]()
        personas.reserveCapacity(count)
        for i in 0 ..< count {
            let trope = Int.random(in: 0 ..< 40, using: &random)
            let copyOf = i > 10 && i % 200 == 0 ? Int.random(in: 0 ..< i, using: &random) : nil
            for c in 0 ..< dimension {
                embeddings[i, c] = copyOf.map { embeddings[$0, c] + 0.01 * gaussian() } ?? (centres[trope, c] + 1.2 * gaussian())
            }
            let background = "A \(jobs[trope % 10]) \(hooks[trope / 10]) in town number \(i % 977)."
            personas.append(Persona(name: "Person \(i)", username: nil, age: 19 + i % 57, traits: ["calm", "kind", ["shy", "bold", "wry"][i % 3]],
                                    background: background, chattingStyle: "Short replies, \(["emoji", "no caps", "long dashes"][i % 3]).", id: "p\(i)"))
        }
        Vectors.normalizeRows(&embeddings)
        let template = PersonaTextTemplate.default
        return AuditDataset(source: "synthetic-\(count)", format: "in memory", ids: personas.map { $0.id ?? "" }, texts: personas.map(template.render),
                            personas: personas, violations: Array(repeating: [], count: count), storedEmbeddings: embeddings)
    }
}

/// Prints how long each audit stage took (the progress callback is @Sendable, so state lives in a Mutex).
final class StageClock: Sendable {
    private let state = Mutex<(stage: String, start: ContinuousClock.Instant)?>(nil)

    /// Records `stage`; when it differs from the running one, prints the running one's time.
    func enter(_ stage: String) {
        state.withLock { current in
            guard current?.stage != stage else { return }
            if let current { print("  \(current.stage): \(AuditBenchmark.seconds(since: current.start))") }
            current = (stage, ContinuousClock.now)
        }
    }
}
