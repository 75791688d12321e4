import Foundation
import Parquet
import PersonaKit

/// Writes the split files as Parquet (``PublishedFiles/SplitFormat/parquet``): snappy pages,
/// dictionary-encoded strings, one schema for all three files (``ParquetRecordSchema``).
enum SplitParquetWriter {
    /// Writes one file per split into `directory` (its `data/` folder created), each record in the
    /// split its `assignment` names, in input order.
    ///
    /// - Parameters:
    ///   - records: One compact JSON object per item.
    ///   - assignment: Each item's split (an index into ``PublishedFiles/splits``).
    ///   - directory: The published folder.
    ///   - rowGroupRows: Rows per row group.
    /// - Throws: `ParquetError` when a file cannot be written; `JSONSyntaxError` for a record that is not JSON.
    /// - Complexity: O(total record bytes); memory O(records) for the parsed records plus one row group.
    static func write(_ records: [String], assignment: [Int], to directory: URL, rowGroupRows: Int) throws {
        let parsed = try records.map { try JSONValue.parse($0) }
        let schema = ParquetRecordSchema(inferringFrom: parsed)
        var options = ParquetWriter.Options()
        options.compression = .snappy
        options.rowGroupSize = rowGroupRows
        for (split, name) in PublishedFiles.splits.enumerated() {
            let url = directory.appendingPathComponent(PublishedFiles.split(name, format: .parquet))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let writer = try ParquetWriter(url: url, columns: schema.columns, options: options)
            for (item, record) in parsed.enumerated() where assignment[item] == split { try writer.append(values: schema.row(record)) }
            try writer.close()
        }
    }
}
