/// Two items of one dataset and their cosine similarity; `earlier < later` in file order.
public struct ScoredPair: Sendable, Equatable, Codable {
    /// Index of the item that comes first in the file.
    public let earlier: Int
    /// Index of the item that comes later.
    public let later: Int
    /// Cosine similarity.
    public let score: Float

    /// Creates a pair; the indices are put in order.
    public init(_ a: Int, _ b: Int, score: Float) {
        precondition(a != b, "a pair needs two different items")
        earlier = min(a, b)
        later = max(a, b)
        self.score = score
    }
}
