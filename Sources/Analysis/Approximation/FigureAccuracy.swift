/// Whether one figure of the report is exact or estimated, and how well (the audit's accuracy table).
public struct FigureAccuracy: Sendable, Codable, Equatable {
    /// The figure or figures (`near-duplicate pairs and clusters`, `mean nearest-neighbour similarity`, …).
    public var figure: String
    /// Whether it was computed over every item (or pair) exactly.
    public var exact: Bool
    /// How it was computed.
    public var method: String
    /// Rows sampled, when estimated from a sample.
    public var sampleRows: Int?
    /// The measured recall of a search, when one found the figure's pairs.
    public var recall: SearchRecall?
    /// The standard error of an estimated mean or share, when one applies.
    public var standardError: Double?
}
