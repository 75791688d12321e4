import Foundation
import Parquet

/// Writes a split: the split files (``PublishedFiles/split(_:format:)``: `train.jsonl`,
/// `validation.jsonl`, `test.jsonl`, or the same as Parquet under `data/`; each record in input
/// order within its split) and the reports `split-report.json` and `split-report.md`.
public enum SplitWriter {
    /// Rows per row group of Parquet split files unless chosen (`--row-group-rows`): the Parquet writer's 10,000.
    public static let defaultRowGroupRows = ParquetWriter.Options.defaultRowGroupSize

    /// Writes every file into `directory` (created when missing): existing split files are
    /// replaced, and those of the other format removed so the card names one set.
    /// - Parameters:
    ///   - result: The split.
    ///   - records: One compact JSON object per item.
    ///   - directory: The output folder.
    ///   - format: JSONL or Parquet split files.
    ///   - rowGroupRows: Rows per row group, for Parquet.
    /// - Throws: file-system errors, `ParquetError` while writing Parquet.
    /// - Complexity: O(total record bytes).
    public static func write(_ result: SplitResult, records: [String], to directory: URL, format: PublishedFiles.SplitFormat = .jsonl,
                             rowGroupRows: Int = defaultRowGroupRows) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for other in PublishedFiles.SplitFormat.allCases where other != format {
            for name in PublishedFiles.splits {
                let stale = directory.appendingPathComponent(PublishedFiles.split(name, format: other))
                if FileManager.default.fileExists(atPath: stale.path) { try FileManager.default.removeItem(at: stale) }
            }
        }
        switch format {
        case .jsonl:
            for (split, name) in PublishedFiles.splits.enumerated() {
                var text = ""
                for (item, record) in records.enumerated() where result.assignment[item] == split { text += record + "\n" }
                try Data(text.utf8).write(to: directory.appendingPathComponent(PublishedFiles.split(name)), options: .atomic)
            }
        case .parquet:
            try SplitParquetWriter.write(records, assignment: result.assignment, to: directory, rowGroupRows: rowGroupRows)
        }
        try result.report.jsonData().write(to: directory.appendingPathComponent(PublishedFiles.splitReport), options: .atomic)
        try Data(result.report.markdown().utf8).write(to: directory.appendingPathComponent(PublishedFiles.splitSummary), options: .atomic)
    }
}
