import Foundation
import Parquet

/// The rows of a Parquet dataset in file order, one row group in memory at a time, numbered from 1
/// (the number stands for the line in errors, as a JSONL reader's line does).
///
/// Every problem of the file (not Parquet, a damaged page, an unsupported column, a missing
/// text column) is thrown as an ``InputError`` naming the file and, where known, the row group,
/// column and feature.
struct ParquetRowCursor {
    private var rows: ParquetRowIterator
    private let displayPath: String
    /// The number of the last row returned.
    private var number = 0

    /// Opens `url` and reads its footer.
    ///
    /// - Parameters:
    ///   - url: The Parquet file.
    ///   - displayPath: The path as the user gave it, for errors.
    ///   - textColumn: The string column to read, or nil to read every column (persona rows).
    ///   - nameColumn: With `textColumn`, a column holding each row's name, read when the file has it.
    /// - Throws: ``InputError`` for a file that cannot be read, or a text column that is missing or not strings.
    init(url: URL, displayPath: String, textColumn: String?, nameColumn: String?) throws(InputError) {
        self.displayPath = displayPath
        let file: ParquetFile
        do { file = try ParquetFile(url: url) } catch { throw InputError(error, file: displayPath) }
        guard let textColumn else {
            rows = file.rows()
            return
        }
        guard let column = file.columns.first(where: { $0.name == textColumn }) else {
            throw InputError(file: displayPath, line: nil, field: textColumn,
                             message: "no such column; the file has \(file.columns.map(\.name).joined(separator: ", "))")
        }
        switch column.type {
        case .string, .unsupported: break
        default: throw InputError(file: displayPath, line: nil, field: textColumn, message: "the column holds \(column.type), not strings")
        }
        let names = [textColumn] + [nameColumn].compactMap { $0 }.filter { name in file.columns.contains { $0.name == name } }
        rows = file.rows(columns: names)
    }

    /// The next row's number and cells by column name, or nil after the last row.
    ///
    /// - Throws: ``InputError`` when the next row group cannot be read.
    mutating func next() throws(InputError) -> (number: Int, cells: [String: ParquetValue])? {
        let row: [String: ParquetValue]?
        do { row = try rows.next() } catch { throw InputError(error, file: displayPath) }
        guard let row else { return nil }
        number += 1
        return (number, row)
    }
}
