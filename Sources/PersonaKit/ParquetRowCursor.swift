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
    ///   - textColumn: The string column to read, or nil to read the columns of `required` (every column when that is empty: persona rows).
    ///   - nameColumn: With `textColumn`, a column holding each row's name, read when the file has it.
    ///   - required: Columns read beside `textColumn` that the file must have (a text template's columns, an id column, fit fields).
    ///   - allColumns: Read every column (persona rows, or rows to be written again) rather than only those named.
    /// - Throws: ``InputError`` for a file that cannot be read, or a text or required column that is missing (or, for the text column, not strings).
    init(url: URL, displayPath: String, textColumn: String?, nameColumn: String?, required: [String] = [], allColumns: Bool = false) throws(InputError) {
        self.displayPath = displayPath
        let file: ParquetFile
        do { file = try ParquetFile(url: url) } catch { throw InputError(error, file: displayPath) }
        func missing(_ name: String) -> InputError {
            InputError(file: displayPath, line: nil, field: name, message: "no such column; the file has \(file.columns.map(\.name).joined(separator: ", "))")
        }
        for name in required where !file.columns.contains(where: { $0.name == name }) { throw missing(name) }
        guard let textColumn else {
            let optional = [nameColumn].compactMap { $0 }.filter { name in file.columns.contains { $0.name == name } }
            rows = required.isEmpty || allColumns ? file.rows() : file.rows(columns: Self.distinct(required + optional))
            return
        }
        guard let column = file.columns.first(where: { $0.name == textColumn }) else { throw missing(textColumn) }
        switch column.type {
        case .string, .unsupported: break
        default: throw InputError(file: displayPath, line: nil, field: textColumn, message: "the column holds \(column.type), not strings")
        }
        let names = [textColumn] + [nameColumn].compactMap { $0 }.filter { name in file.columns.contains { $0.name == name } } + required
        rows = allColumns ? file.rows() : file.rows(columns: Self.distinct(names))
    }

    /// `names` without repeats, in order.
    private static func distinct(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
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
