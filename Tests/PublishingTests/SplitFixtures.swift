import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Publishing
import Synchronization
import TestSupport

/// A synthetic persona set with planted near-duplicate groups: each group shares a random base
/// direction and its members are that direction plus 20% noise (pairwise cosine ≈ 0.96), while
/// unrelated items in 64 dimensions stay below cosine 0.7.
struct PlantedData {
    static let professions = ["nurse", "baker", "pilot", "teacher", "farmer"]
    /// Group of each item (items of one planted group are consecutive in group order, then shuffled).
    var groupOf: [Int]
    /// Item vectors, n × 64, unit rows.
    var embeddings: Matrix
    /// The personas (with `profession` and `source_note` as extra fields, `id` set).
    var personas: [Persona]

    /// `groups` groups of sizes 1…`maxSize` (one in three of size 1), shuffled.
    init(groups: Int, maxSize: Int = 6, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let d = 64
        var sizes = (0 ..< groups).map { g in g % 3 == 0 ? 1 : Int.random(in: 2 ... maxSize, using: &random) }
        sizes.shuffle(using: &random)
        let bases = random.unitRows(groups, columns: d)
        var group = [Int](), rows = [[Float]]()
        for (g, size) in sizes.enumerated() {
            for _ in 0 ..< size {
                var row = bases.row(g)
                for c in 0 ..< d { row[c] += 0.2 / Float(d).squareRoot() * random.nextGaussian() }
                group.append(g)
                rows.append(row)
            }
        }
        let order = Array(group.indices).shuffled(using: &random)
        groupOf = order.map { group[$0] }
        var matrix = Matrix(columns: d, rowVectors: order.map { rows[$0] })
        Vectors.normalizeRows(&matrix)
        embeddings = matrix
        // A group shares its profession (as sampled components would); ages vary within a group.
        let professionOfGroup = (0 ..< groups).map { _ in Self.professions[Int.random(in: 0 ..< Self.professions.count, using: &random)] }
        let groupOf = groupOf
        personas = order.indices.map { i in
            Persona(name: "Person \(i)", username: "user\(i)", age: Int.random(in: 18 ... 79, using: &random),
                    traits: ["calm", "curious", "kind"], background: "Item P#\(i)# of a planted set.",
                    chattingStyle: "short", model: "fixture", id: "p-\(i)",
                    extraFields: ["profession": .string(professionOfGroup[groupOf[i]]),
                                  "source_note": .object(["batch": .number(Double(i % 7))])])
        }
    }

    var count: Int { groupOf.count }

    /// The input as a library value, with the embeddings stored.
    var input: SplitInput {
        let dataset = AuditDataset(source: "planted", format: "test", ids: personas.map { $0.id ?? "" }, texts: personas.map(\.background),
                                   personas: personas, storedEmbeddings: embeddings)
        return SplitInput(dataset: dataset, records: personas.map { $0.jsonLine() })
    }
}

/// Embeds a text to the planted row named by its `P#i#` marker.
struct PlantedEncoder: TextEncoder {
    let rows: Matrix
    var dimension: Int { rows.columns }
    var identifier: String { "planted" }

    func encode(_ texts: [String]) async throws -> Matrix {
        var result = Matrix(rows: 0, columns: rows.columns)
        for text in texts {
            guard let start = text.range(of: "P#"), let end = text[start.upperBound...].firstIndex(of: "#"),
                  let index = Int(text[start.upperBound ..< end]) else { throw CocoaError(.formatting) }
            result.append(row: rows.row(index))
        }
        return result
    }
}

/// Calls texts containing `UNREADABLE` fully unreadable, every other text fully readable.
struct MarkerReadability: ReadabilityMeasuring {
    func readability(of text: String) -> TextReadability {
        TextReadability(characters: 10, unreadableCharacters: text.contains("UNREADABLE") ? 10 : 0, script: text.contains("UNREADABLE") ? .thai : .latin)
    }
}

/// A fresh directory under the system's temporary folder, removed by `remove()`.
struct ScratchFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("split-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func remove() { try? FileManager.default.removeItem(at: url) }
    func lines(_ name: String) throws -> [String] {
        try String(contentsOf: file(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

/// Collects what a command writes.
final class Captured: Sendable {
    private let text = Mutex("")
    func append(_ part: String) { text.withLock { $0 += part } }
    var value: String { text.withLock { $0 } }
}
