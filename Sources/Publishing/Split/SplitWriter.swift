import Foundation

/// Writes a split: `train.jsonl`, `validation.jsonl`, `test.jsonl` (each record's JSON, in input
/// order within a split) and the reports `split-report.json` and `split-report.md`.
public enum SplitWriter {
    /// Writes every file into `directory` (created when missing; existing split files are replaced).
    /// - Throws: file-system errors.
    /// - Complexity: O(total record bytes).
    public static func write(_ result: SplitResult, records: [String], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (split, name) in PublishedFiles.splits.enumerated() {
            var text = ""
            for (item, record) in records.enumerated() where result.assignment[item] == split { text += record + "\n" }
            try Data(text.utf8).write(to: directory.appendingPathComponent(PublishedFiles.split(name)), options: .atomic)
        }
        try result.report.jsonData().write(to: directory.appendingPathComponent(PublishedFiles.splitReport), options: .atomic)
        try Data(result.report.markdown().utf8).write(to: directory.appendingPathComponent(PublishedFiles.splitSummary), options: .atomic)
    }
}
