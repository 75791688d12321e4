/// Reads a file's rows in order, one row group in memory at a time.
///
/// ```swift
/// var rows = file.rows(columns: ["id", "name"])
/// while let row = try rows.next() { print(row["name"] ?? .null) }
/// ```
public struct ParquetRowIterator: Sendable {
    private let file: ParquetFile
    private let columns: [String]?
    private var nextGroup = 0
    private var current: ParquetRowGroup?
    private var nextRow = 0

    init(file: ParquetFile, columns: [String]?) {
        self.file = file
        self.columns = columns
    }

    /// The next row as a dictionary from column name to cell, or nil after the last row.
    ///
    /// - Throws: ``ParquetError`` when the next row group cannot be read.
    public mutating func next() throws(ParquetError) -> [String: ParquetValue]? {
        while true {
            if let current, nextRow < current.rowCount {
                defer { nextRow += 1 }
                return current.row(nextRow)
            }
            guard nextGroup < file.rowGroupCount else {
                current = nil
                return nil
            }
            current = nil
            current = try file.readRowGroup(nextGroup, columns: columns)
            nextGroup += 1
            nextRow = 0
        }
    }
}

extension ParquetFile {
    /// An iterator over the rows, reading one row group at a time.
    ///
    /// - Parameter columns: The column names to read (nil: every column; an unsupported column then makes reading throw).
    /// - Returns: The iterator; its `next()` throws ``ParquetError``.
    public func rows(columns: [String]? = nil) -> ParquetRowIterator {
        ParquetRowIterator(file: self, columns: columns)
    }
}
