/// The values of one row group, column by column.
public struct ParquetRowGroup: Sendable, Hashable {
    /// The 0-based index of the row group in its file.
    public let index: Int
    /// The number of rows.
    public let rowCount: Int
    /// The columns read, in the order asked for (file order when all were read).
    public let columns: [ParquetColumn]
    /// The values, one array of ``rowCount`` cells per entry of ``columns``.
    public let values: [[ParquetValue]]

    /// Creates a row group (the reader does; tests may too).
    public init(index: Int, rowCount: Int, columns: [ParquetColumn], values: [[ParquetValue]]) {
        self.index = index
        self.rowCount = rowCount
        self.columns = columns
        self.values = values
    }

    /// The cells of the column named `name`, or nil when it was not read.
    public subscript(name: String) -> [ParquetValue]? {
        guard let position = columns.firstIndex(where: { $0.name == name }) else { return nil }
        return values[position]
    }

    /// Row `row` as a dictionary from column name to cell.
    ///
    /// - Parameter row: A row index in `0 ..< rowCount`.
    /// - Returns: The row's cells by column name; empty when `row` is out of range.
    public func row(_ row: Int) -> [String: ParquetValue] {
        guard row >= 0, row < rowCount else { return [:] }
        var cells: [String: ParquetValue] = [:]
        cells.reserveCapacity(columns.count)
        for (column, cellsOfColumn) in zip(columns, values) where row < cellsOfColumn.count { cells[column.name] = cellsOfColumn[row] }
        return cells
    }
}
