import Foundation

/// A Parquet file opened for reading: the footer is read once, then row groups one at a time.
///
/// Only the byte ranges of the column chunks asked for are read, so memory stays bounded by one
/// row group (its compressed chunks plus the decoded cells). The file is opened anew for each
/// ``readRowGroup(_:columns:)``, so a `ParquetFile` is a plain value that tasks may share.
///
/// ```swift
/// let file = try ParquetFile(url: url)
/// for index in 0 ..< file.rowGroupCount {
///     let group = try file.readRowGroup(index, columns: ["name", "traits"])
///     for cell in group["traits"] ?? [] { print(cell.stringList ?? []) }
/// }
/// ```
///
/// Supported: flat string, integer, float, double and boolean columns and lists of them (3-level
/// `LIST`, the legacy 2-level form, bare repeated fields), all nullable; PLAIN, PLAIN_DICTIONARY,
/// RLE_DICTIONARY and RLE (booleans) encodings; data pages v1 and v2; UNCOMPRESSED, SNAPPY, GZIP
/// and ZSTD. Anything else is listed in ``columns`` as ``ParquetColumnType/unsupported(feature:)``
/// or found in a page, and reading it throws a ``ParquetError`` naming the file, row group,
/// column and feature.
public struct ParquetFile: Sendable {
    /// The file.
    public let url: URL
    /// The top-level columns in schema order (unsupported ones included, with the reason as their type).
    public let columns: [ParquetColumn]
    /// The number of rows (the sum over row groups).
    public let rowCount: Int
    /// The file's key-value metadata (a key without a value maps to the empty string; a repeated key keeps its last value).
    public let keyValueMetadata: [String: String]
    /// The writer's name (`created_by`), when the file records it.
    public let createdBy: String?
    /// The caps applied while reading.
    public let limits: ParquetReadLimits

    let metadata: FileMetaData
    let layouts: [ColumnLayout]

    /// Opens `url` and reads its footer.
    ///
    /// - Parameters:
    ///   - url: The Parquet file.
    ///   - limits: Caps on sizes and counts taken from the file.
    /// - Throws: ``ParquetError`` when the file cannot be read, is not Parquet, or its footer or schema is damaged.
    public init(url: URL, limits: ParquetReadLimits = ParquetReadLimits()) throws(ParquetError) {
        let source = try FileSource(url: url)
        defer { source.close() }
        let metadata = try FooterReader.read(source, limits: limits)
        let root: SchemaNode
        do {
            root = try SchemaNode.tree(from: metadata.schema)
        } catch {
            throw error.located(file: url.path)
        }
        var total = 0
        for (index, group) in metadata.rowGroups.enumerated() {
            guard group.numRows >= 0 else {
                throw ParquetError(.malformed, file: url.path, rowGroup: index, detail: "the row group declares \(group.numRows) rows")
            }
            guard group.columns.count == root.leafCount else {
                throw ParquetError(.malformed, file: url.path, rowGroup: index,
                                   detail: "the row group has \(group.columns.count) column chunks, the schema \(root.leafCount) leaf columns")
            }
            let (sum, overflow) = total.addingReportingOverflow(Int(group.numRows))
            guard !overflow else { throw ParquetError(.malformed, file: url.path, rowGroup: index, detail: "the row counts overflow") }
            total = sum
        }
        self.url = url
        self.metadata = metadata
        self.limits = limits
        layouts = ColumnLayout.layouts(of: root)
        columns = layouts.map(\.column)
        rowCount = total
        createdBy = metadata.createdBy
        var keyValues: [String: String] = [:]
        for entry in metadata.keyValueMetadata ?? [] { keyValues[entry.key] = entry.value ?? "" }
        keyValueMetadata = keyValues
    }

    /// The number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// The number of rows in row group `index`.
    ///
    /// - Throws: ``ParquetError`` with code ``ParquetError/Code/invalidArgument`` when `index` is out of range.
    public func rowsInRowGroup(_ index: Int) throws(ParquetError) -> Int {
        Int(try rowGroup(index).numRows)
    }

    /// Reads row group `index`, all columns or the named ones.
    ///
    /// - Parameters:
    ///   - index: The 0-based row group.
    ///   - columns: The column names to read, in the order wanted (nil: every column, in file order).
    /// - Returns: The cells of each column read.
    /// - Throws: ``ParquetError`` for an unknown index or column name, an unsupported column or
    ///   feature, a damaged page, or a size above ``limits``.
    /// - Complexity: O(bytes of the chunks read + rows × columns read).
    public func readRowGroup(_ index: Int, columns names: [String]? = nil) throws(ParquetError) -> ParquetRowGroup {
        let group = try rowGroup(index)
        let selected = try select(names)
        let rows = Int(group.numRows)
        guard rows <= limits.maxRowsPerRowGroup else {
            throw ParquetError(.limitExceeded, file: url.path, rowGroup: index,
                               detail: "the row group has \(rows) rows, above the cap of \(limits.maxRowsPerRowGroup)")
        }
        let source = try FileSource(url: url)
        defer { source.close() }
        var values: [[ParquetValue]] = []
        values.reserveCapacity(selected.count)
        for layout in selected {
            do {
                values.append(try read(layout, of: group, rows: rows, from: source))
            } catch {
                throw error.located(file: url.path, rowGroup: index, column: layout.column.name)
            }
        }
        return ParquetRowGroup(index: index, rowCount: rows, columns: selected.map(\.column), values: values)
    }

    private func read(_ layout: ColumnLayout, of group: RowGroup, rows: Int, from source: FileSource) throws(ParquetError) -> [ParquetValue] {
        guard let leaf = layout.leaf else {
            if case let .unsupported(feature) = layout.column.type { throw ParquetError.unsupported(feature) }
            throw ParquetError.malformed("the column has no readable leaf")
        }
        let chunk = group.columns[layout.firstLeaf]
        guard chunk.filePath == nil else { throw ParquetError.unsupported("column chunk in another file", chunk.filePath ?? "") }
        guard !chunk.isEncrypted else { throw ParquetError.unsupported("encrypted column chunk") }
        guard let metadata = chunk.metaData else { throw ParquetError.malformed("the column chunk has no ColumnMetaData") }
        return try ColumnChunkReader(leaf: leaf, metadata: metadata, rowCount: rows, limits: limits).read(from: source)
    }

    private func rowGroup(_ index: Int) throws(ParquetError) -> RowGroup {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(.invalidArgument, file: url.path, detail: "row group \(index) does not exist (the file has \(rowGroupCount))")
        }
        return metadata.rowGroups[index]
    }

    private func select(_ names: [String]?) throws(ParquetError) -> [ColumnLayout] {
        guard let names else { return layouts }
        var selected: [ColumnLayout] = []
        for name in names where !selected.contains(where: { $0.column.name == name }) {
            guard let layout = layouts.first(where: { $0.column.name == name }) else {
                throw ParquetError(.invalidArgument, file: url.path, column: name, detail: "no such column; the file has \(columns.map(\.name).joined(separator: ", "))")
            }
            selected.append(layout)
        }
        return selected
    }
}
