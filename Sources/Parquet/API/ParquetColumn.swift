/// A top-level column of a Parquet file: its name, type and nullability.
///
/// ``ParquetFile/columns`` describes a file's columns this way, and ``ParquetWriter`` takes the
/// same description for the columns it writes.
public struct ParquetColumn: Sendable, Hashable {
    /// The field name (the first element of the column's path in the schema).
    public var name: String
    /// What the column holds.
    public var type: ParquetColumnType
    /// Whether a cell may be null (for a list: whether the whole list may be null).
    public var isNullable: Bool
    /// For a list column: whether an element may be null (false for other columns).
    public var elementsAreNullable: Bool

    /// Describes a column.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - type: What the column holds.
    ///   - isNullable: Whether a cell may be null.
    ///   - elementsAreNullable: For a list column, whether an element may be null; ignored otherwise.
    public init(name: String, type: ParquetColumnType, isNullable: Bool = true, elementsAreNullable: Bool = true) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        if case .list = type { self.elementsAreNullable = elementsAreNullable } else { self.elementsAreNullable = false }
    }
}
