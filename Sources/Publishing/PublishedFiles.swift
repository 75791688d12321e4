/// The files of a dataset folder ready for the Hugging Face Hub, as `spb-analyze split`, `card` and
/// `publish` write and read them: one name per concept, so the card's `configs` and the split's
/// output cannot drift apart.
public enum PublishedFiles {
    /// The split files, in the order of `--ratios`: train, validation, test (JSONL, every field kept).
    public static let splits = ["train", "validation", "test"]
    /// The JSONL file of a split, e.g. `train.jsonl`.
    public static func split(_ name: String) -> String { name + ".jsonl" }
    /// The split's sizes, settings and leakage figures (JSON), beside the split files.
    public static let splitReport = "split-report.json"
    /// The same report for people (Markdown).
    public static let splitSummary = "split-report.md"
    /// The dataset card.
    public static let card = "README.md"
    /// The audit's folder inside a published folder.
    public static let audit = "audit"
}
