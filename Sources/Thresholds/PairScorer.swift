import Embedding
import LinearAlgebra

/// Scores text pairs: higher means more likely duplicates.
public protocol PairScorer: Sendable {
    /// Short name for reports ("minilm", "hashed-ngrams", "jaccard", "fields").
    var name: String { get }
    /// One score per pair, in order.
    func scores(_ pairs: [(String, String)]) async throws -> [Double]
    /// One score per labelled pair of `set`, then one per dropped pair. By default, the scores of
    /// their texts; a scorer that needs more of a record (its personas) reads it here.
    func scores(of set: PairSet) async throws -> [Double]
}

extension PairScorer {
    /// The scores of the set's texts: labelled pairs, then dropped pairs.
    public func scores(of set: PairSet) async throws -> [Double] {
        try await scores(set.pairs.map { ($0.first, $0.second) } + set.dropped.map { ($0.first, $0.second) })
    }
}

/// Cosine similarity of two texts under a ``TextEncoder`` (the rows are unit length).
public struct EncoderPairScorer: PairScorer {
    /// Report name.
    public let name: String
    /// The encoder.
    public let encoder: any TextEncoder
    /// Pairs encoded per call (bounds memory: 2 × batch × dimension floats).
    public let batchSize: Int

    /// Creates a scorer.
    public init(name: String, encoder: any TextEncoder, batchSize: Int = 512) {
        precondition(batchSize > 0, "batch size must be positive")
        self.name = name
        self.encoder = encoder
        self.batchSize = batchSize
    }

    /// Cosine per pair, through the encoder in batches.
    /// - Complexity: two encoder calls per batch plus O(pairs × dimension).
    public func scores(_ pairs: [(String, String)]) async throws -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(pairs.count)
        for start in stride(from: 0, to: pairs.count, by: batchSize) {
            let batch = pairs[start ..< min(start + batchSize, pairs.count)]
            let a = try await encoder.encode(batch.map(\.0))
            let b = try await encoder.encode(batch.map(\.1))
            for row in 0 ..< batch.count {
                result.append(Double(Self.rowDot(a, b, row: row)))
            }
        }
        return result
    }

    static func rowDot(_ a: Matrix, _ b: Matrix, row: Int) -> Float {
        a.dotProduct(row: row, with: b, row: row)
    }
}

extension EncoderPairScorer {
    /// The lexical baseline: ``HashedNGramEncoder`` with IDF fitted on the texts being scored.
    ///
    /// Fitting uses no labels, only the texts of the set itself (the usual transductive IDF).
    public static func hashedNGrams(fittedOn pairs: [(String, String)], dimension: Int = 4096) -> EncoderPairScorer {
        let encoder = HashedNGramEncoder(dimension: dimension).fit(pairs.flatMap { [$0.0, $0.1] })
        return EncoderPairScorer(name: "hashed-ngrams", encoder: encoder)
    }
}

/// Jaccard similarity of the two texts' word sets.
public struct WordJaccardScorer: PairScorer {
    /// "jaccard".
    public let name = "jaccard"

    /// Creates the scorer.
    public init() {}

    /// |A ∩ B| / |A ∪ B| per pair; two empty texts score 1, one empty text 0.
    public func scores(_ pairs: [(String, String)]) async throws -> [Double] {
        pairs.map { WordJaccardScorer.similarity($0.0, $0.1) }
    }

    /// Lower-cased runs of letters and digits (apostrophes inside words kept: "don't").
    public static func words(_ text: String) -> Set<Substring> {
        let lowered = text.lowercased()
        var words = Set<Substring>()
        var start: String.Index?
        var index = lowered.startIndex
        while index < lowered.endIndex {
            let character = lowered[index]
            let next = lowered.index(after: index)
            let isApostropheInWord = (character == "'" || character == "’") && start != nil
                && next < lowered.endIndex && (lowered[next].isLetter || lowered[next].isNumber)
            if character.isLetter || character.isNumber || isApostropheInWord {
                if start == nil { start = index }
            } else if let begin = start {
                words.insert(lowered[begin ..< index])
                start = nil
            }
            index = next
        }
        if let begin = start { words.insert(lowered[begin...]) }
        return words
    }

    /// Word-set Jaccard similarity of two texts.
    /// - Complexity: O(length of both texts).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let x = words(a), y = words(b)
        if x.isEmpty && y.isEmpty { return 1 }
        let shared = x.intersection(y).count
        return Double(shared) / Double(x.count + y.count - shared)
    }
}
