import Embedding
import FieldScoring
import Foundation
import Generation
import LinearAlgebra
import PersonaKit
import VectorIndex

/// `spb-bench gate [--accepted N] [--score cosine|fields] [--candidates M]`: the semantic gate's cost
/// per candidate with N held personas: the whole-text search (top 1 for the cosine score, top
/// `GateFirstStage.searchNeighbors` for the field-aware one) plus the field-aware scoring of those
/// neighbours, on random unit vectors and synthetic trait and word sets; then, when the MiniLM weights
/// are present, the candidate's own embedding (1 text for cosine, 4 for fields), timed apart.
enum GateBenchmark {
    static func run(_ arguments: [String]) async -> Int32 {
        func value(_ name: String) -> String? { arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil } }
        guard let accepted = Int(value("--accepted") ?? "100000"), accepted > 0,
              let score = GateScore(rawValue: value("--score") ?? "fields"),
              let candidates = Int(value("--candidates") ?? "200"), candidates > 0 else {
            FileHandle.standardError.write(Data("usage: spb-bench gate [--accepted N] [--score cosine|fields] [--candidates M]\n".utf8))
            return 64
        }
        let dimension = 384
        var rng = SeededGenerator(seed: 12)
        func unitRows(_ rows: Int) -> Matrix {
            var matrix = Matrix(rows: rows, columns: dimension, storage: (0 ..< rows * dimension).map { _ in Float.random(in: -1 ... 1, using: &rng) })
            Vectors.normalizeRows(&matrix)
            return matrix
        }
        let words = (0 ..< 5000).map { "word\($0)" }
        func persona() -> Persona {
            Persona(name: "N", username: nil, age: 30, traits: (0 ..< 4).map { _ in words[Int.random(in: 0 ..< 200, using: &rng)] },
                    background: (0 ..< 30).map { _ in words[Int.random(in: 0 ..< words.count, using: &rng)] }.joined(separator: " "),
                    chattingStyle: "short")
        }
        let built = ContinuousClock.now
        let index = VectorIndex(dimension: dimension, reservingCapacity: accepted)
        var bank = FieldProfileBank(dimension: dimension)
        for start in stride(from: 0, to: accepted, by: 10_000) {
            let count = min(10_000, accepted - start)
            let whole = unitRows(count)
            do { _ = try index.add(contentsOf: whole) } catch { return 1 }
            if score == .fields {
                let fields = unitRows(3 * count)
                for row in 0 ..< count {
                    let vectors = Matrix(rows: 4, columns: dimension, storage: whole.row(row) + fields.selecting(rows: [3 * row, 3 * row + 1, 3 * row + 2]).storage)
                    bank.append(PersonaFieldProfile(persona: persona(), vectors: vectors))
                }
            }
        }
        print("gate benchmark: \(accepted) held personas, score \(score.rawValue), built in \(ms(ContinuousClock.now - built)) ms")
        let queries = unitRows(candidates)
        let profiles = (0 ..< candidates).map { row in
            PersonaFieldProfile(persona: persona(), vectors: Matrix(rows: 4, columns: dimension, storage: queries.row(row) + unitRows(3).storage))
        }
        let k = score == .fields ? GateFirstStage.searchNeighbors : 1
        func screen(_ row: Int) throws -> Double {
            let neighbors = try index.search(queries.row(row), k: k)
            guard score == .fields else { return Double(neighbors.first?.score ?? 0) }
            return neighbors.map { bank.scores(of: profiles[row], against: $0.id, wholeCosine: $0.score).probability }.max() ?? 0
        }
        do {
            for row in 0 ..< min(10, candidates) { _ = try screen(row) } // warm-up
            let started = ContinuousClock.now
            var sink = 0.0
            for row in 0 ..< candidates { sink += try screen(row) }
            let perCandidate = ms(ContinuousClock.now - started) / Double(candidates)
            print(String(format: "search (k = %d) + scoring: %.3f ms per candidate (%d candidates; checksum %.3f)", k, perCandidate, candidates, sink))
            print(String(format: "against an LLM attempt of 2.4 s (the local SmolLM2 demo): %.4f %%", 100 * perCandidate / 2400))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
        guard let directory = try? MiniLMEncoder.locateModelDirectory(), let encoder = try? MiniLMEncoder(modelDirectory: directory) else {
            print("candidate embedding: skipped (no MiniLM weights; run scripts/setup.sh)")
            return 0
        }
        let texts = PersonaField.texts(of: Persona(name: "N", username: nil, age: 30, traits: ["calm", "wry", "stubborn"],
                                                  background: "Ferry mechanic who repairs accordions at night and keeps a weather diary.",
                                                  chattingStyle: "Short lines, no emoji."))
        let batch = score == .fields ? texts : [texts[0]]
        do {
            _ = try await encoder.encode(batch)
            let started = ContinuousClock.now
            for _ in 0 ..< 20 { _ = try await encoder.encode(batch) }
            print(String(format: "candidate embedding (%d text%@ in one MiniLM call): %.2f ms", batch.count, batch.count == 1 ? "" : "s",
                         ms(ContinuousClock.now - started) / 20))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
        return 0
    }

    static func ms(_ duration: Duration) -> Double {
        duration / .milliseconds(1)
    }
}
