import Foundation
import LinearAlgebra

/// An explicitly lexical baseline encoder: hashed character n-grams with TF-IDF weights.
///
/// Text is lower-cased and its whitespace collapsed to single spaces, then framed by a
/// space on each side so that n-grams at word boundaries are distinct from those inside
/// words. Every character n-gram with `n` in ``ngramSizes`` is hashed (64-bit FNV-1a over its
/// UTF-8 bytes, stable across runs and platforms) into one of ``dimension`` buckets. A bucket's
/// weight is `(1 + ln count) × idf`, and each vector is L2-normalised, so cosine similarity
/// measures shared spelling, never meaning: "car" and "automobile" score near 0.
///
/// Unfitted, every IDF is 1. ``fit(_:)`` returns a copy whose IDF is the smoothed
/// `ln((1 + N) / (1 + df)) + 1` over a corpus of `N` texts, which down-weights n-grams that
/// almost every text shares ("the ", "ing").
public struct HashedNGramEncoder: TextEncoder {
    /// Number of hash buckets (the embedding length).
    public let dimension: Int
    /// The character n-gram lengths used.
    public let ngramSizes: ClosedRange<Int>
    /// Per-bucket inverse document frequency; nil before ``fit(_:)`` (all weights 1).
    public let inverseDocumentFrequency: [Float]?
    /// Number of texts the IDF was fitted on (0 when unfitted).
    public let fittedDocumentCount: Int

    /// "hashed-ngrams:3-5:4096" for the defaults.
    public var identifier: String { "hashed-ngrams:\(ngramSizes.lowerBound)-\(ngramSizes.upperBound):\(dimension)" }

    /// An unfitted encoder.
    /// - Parameters:
    ///   - dimension: number of hash buckets (at least 1).
    ///   - n: n-gram lengths in characters (Unicode scalars), lower bound at least 1.
    public init(dimension: Int = 4096, n: ClosedRange<Int> = 3 ... 5) {
        precondition(dimension >= 1, "dimension must be positive")
        precondition(n.lowerBound >= 1, "n-grams must be at least one character long")
        self.init(dimension: dimension, ngramSizes: n, idf: nil, documents: 0)
    }

    private init(dimension: Int, ngramSizes: ClosedRange<Int>, idf: [Float]?, documents: Int) {
        self.dimension = dimension
        self.ngramSizes = ngramSizes
        self.inverseDocumentFrequency = idf
        self.fittedDocumentCount = documents
    }

    /// A copy of this encoder with IDF fitted on `corpus` (document frequency per bucket).
    /// - Complexity: O(total characters × n-gram sizes).
    public func fit(_ corpus: [String]) -> HashedNGramEncoder {
        var documentFrequency = [Int](repeating: 0, count: dimension)
        var seen = [Bool](repeating: false, count: dimension)
        var touched: [Int] = []
        for text in corpus {
            forEachBucket(in: text) { bucket in
                if !seen[bucket] { seen[bucket] = true; touched.append(bucket) }
            }
            for bucket in touched { documentFrequency[bucket] += 1; seen[bucket] = false }
            touched.removeAll(keepingCapacity: true)
        }
        let total = Double(corpus.count)
        let idf = documentFrequency.map { Float(log((1 + total) / (1 + Double($0))) + 1) }
        return HashedNGramEncoder(dimension: dimension, ngramSizes: ngramSizes, idf: idf, documents: corpus.count)
    }

    /// Embeds `texts`; row `i` is the unit-length TF-IDF vector of `texts[i]`, or all zeros
    /// when the text has no n-gram (shorter than the smallest n after normalisation).
    /// - Complexity: O(total characters × n-gram sizes + texts × dimension).
    public func encode(_ texts: [String]) async throws -> Matrix {
        var matrix = Matrix(rows: texts.count, columns: dimension)
        var counts = [Int](repeating: 0, count: dimension)
        var touched: [Int] = []
        for (row, text) in texts.enumerated() {
            forEachBucket(in: text) { bucket in
                if counts[bucket] == 0 { touched.append(bucket) }
                counts[bucket] += 1
            }
            var sumOfSquares: Double = 0
            for bucket in touched {
                let weight = (1 + Float(log(Double(counts[bucket])))) * (inverseDocumentFrequency?[bucket] ?? 1)
                matrix[row, bucket] = weight
                sumOfSquares += Double(weight) * Double(weight)
                counts[bucket] = 0
            }
            if sumOfSquares > 0 {
                let inverse = Float(1 / sumOfSquares.squareRoot())
                for bucket in touched { matrix[row, bucket] *= inverse }
            }
            touched.removeAll(keepingCapacity: true)
        }
        return matrix
    }

    /// Calls `body` with the bucket of every n-gram occurrence in `text` (with repeats).
    func forEachBucket(in text: String, _ body: (Int) -> Void) {
        let scalars = Array(HashedNGramEncoder.normalized(text).unicodeScalars)
        let bytes = scalars.map { Array(String($0).utf8) }
        let modulus = UInt64(dimension)
        for start in scalars.indices {
            var hash = FNV1a.offsetBasis
            for length in 1 ... ngramSizes.upperBound {
                let end = start + length
                guard end <= scalars.count else { break }
                hash = FNV1a.combine(hash, bytes[end - 1])
                if length >= ngramSizes.lowerBound { body(Int(hash % modulus)) }
            }
        }
    }

    /// Lower-cased text with whitespace runs collapsed to one space, framed by one space each side.
    public static func normalized(_ text: String) -> String {
        " " + text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") + " "
    }
}

/// 64-bit FNV-1a, a small stable hash (unlike Swift's per-process seeded `Hasher`).
public enum FNV1a {
    /// The FNV-1a 64-bit offset basis.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// The FNV-1a 64-bit prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// `hash` extended by `bytes`.
    @inlinable
    public static func combine<Bytes: Sequence<UInt8>>(_ hash: UInt64, _ bytes: Bytes) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// The hash of `bytes` from the offset basis.
    public static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 { combine(offsetBasis, bytes) }
}
