import Embedding

/// What the held-out (test) split is made of: whole trope clusters or whole values of a field.
public enum HoldOut: Sendable, Equatable, CustomStringConvertible {
    /// Whole k-means trope clusters.
    case cluster
    /// Whole professions (a run's sampled components, else a top-level `profession` field).
    case profession
    /// Whole values of a top-level string field of the input records.
    case field(String)

    /// Parses `cluster`, `profession` or a field name.
    public init(_ text: String) {
        switch text {
        case "cluster": self = .cluster
        case "profession": self = .profession
        default: self = .field(text)
        }
    }

    public var description: String {
        switch self {
        case .cluster: "cluster"
        case .profession: "profession"
        case let .field(name): name
        }
    }
}

/// Settings of one split (`spb-analyze split`).
public struct SplitSettings: Sendable {
    /// Shares of train, validation and test (in ``PublishedFiles/splits`` order), summing to 1.
    public var ratios: [Double] = [0.8, 0.1, 0.1]
    /// τ: items at cosine ≥ τ are near-duplicates and stay in one split (the generator's gate by default).
    public var threshold: Float = MiniLMEncoder.defaultDuplicateThreshold
    /// Seed of the group order, the k-means clustering and the random baseline split.
    public var seed: UInt64 = 42
    /// Whole groups held out in the test split, when set.
    public var holdOut: HoldOut?
    /// Fixed number of trope clusters; chosen by silhouette over 2…12 (as the audit does) when nil.
    public var clusters: Int?
    /// Texts with a larger share of characters the model cannot read are their own group (`--max-unreadable`).
    public var maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare
    /// Pairs are joined a little below τ so that rounding differences between the join and the
    /// leakage search (two BLAS passes with different tiling) cannot show up as leaks at τ.
    public static let joinMargin: Float = 1e-4

    /// The defaults.
    public init() {}
}
