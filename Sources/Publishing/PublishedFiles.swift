/// The files of a dataset folder ready for the Hugging Face Hub, as `spb-analyze split`, `card` and
/// `publish` write and read them: one name per concept, so the card's `configs` and the split's
/// output cannot drift apart.
public enum PublishedFiles {
    /// How the split files are written.
    public enum SplitFormat: String, Sendable, CaseIterable {
        /// One JSON object per line, every field kept: `train.jsonl`.
        case jsonl
        /// Parquet in the Hub's own layout for converted datasets: `data/train-00000-of-00001.parquet`.
        case parquet
    }

    /// The split files, in the order of `--ratios`: train, validation, test.
    public static let splits = ["train", "validation", "test"]
    /// The file of a split relative to the folder: `train.jsonl`, or `data/train-00000-of-00001.parquet`.
    public static func split(_ name: String, format: SplitFormat = .jsonl) -> String {
        switch format {
        case .jsonl: name + ".jsonl"
        case .parquet: "data/\(name)-00000-of-00001.parquet"
        }
    }
    /// The split's sizes, settings and leakage figures (JSON), beside the split files.
    public static let splitReport = "split-report.json"
    /// The same report for people (Markdown).
    public static let splitSummary = "split-report.md"
    /// The dataset card.
    public static let card = "README.md"
    /// The audit's folder inside a published folder.
    public static let audit = "audit"
}
