import Foundation

/// Writes a Parquet file row by row: flat string, int64, double and bool columns and lists of
/// them, with nulls; strings dictionary-encoded (RLE_DICTIONARY with a PLAIN dictionary page,
/// PLAIN when the dictionary outgrows its limit); data pages v1; Snappy by default.
///
/// Rows are buffered until a row group is full (``Options/rowGroupSize``), then encoded and
/// written, so memory stays bounded by one row group. The file is written as `<name>.partial`
/// and renamed by ``close()``; a writer that is never closed leaves no file behind.
///
/// ```swift
/// let writer = try ParquetWriter(url: url, columns: [
///     ParquetColumn(name: "id", type: .int64, isNullable: false),
///     ParquetColumn(name: "name", type: .string),
///     ParquetColumn(name: "traits", type: .stringList),
/// ])
/// try writer.append(["id": .int(1), "name": .string("Ada"), "traits": .list([.string("wry")])])
/// try writer.close()
/// ```
public final class ParquetWriter {
    /// The name recorded as the file's `created_by`.
    public static let createdBy = "PersonaBank"

    /// The columns, in file order.
    public let columns: [ParquetColumn]
    /// The layout options.
    public let options: Options
    /// Rows appended so far.
    public private(set) var rowCount = 0

    private let url: URL
    private let partialURL: URL
    private var handle: FileHandle?
    private var offset = 0
    private let leaves: [LeafLayout]
    private let positions: [String: Int]
    private var buffered: [[ParquetValue]]
    private var rowGroups: [RowGroup] = []

    /// Creates `url` (replacing it on ``close()``) for rows of `columns`.
    ///
    /// - Parameters:
    ///   - url: Where the file goes.
    ///   - columns: The columns; names must be distinct and types among string, int64, double, bool and lists of them.
    ///   - options: Compression, row group and page sizes, key-value metadata.
    /// - Throws: ``ParquetError`` for a bad column or option, or when the file cannot be created.
    public init(url: URL, columns: [ParquetColumn], options: Options = Options()) throws(ParquetError) {
        self.url = url
        partialURL = url.appendingPathExtension("partial")
        self.columns = columns
        self.options = options
        guard !columns.isEmpty else { throw ParquetError(.invalidArgument, file: url.path, detail: "a Parquet file needs at least one column") }
        guard options.rowGroupSize > 0, options.dataPageSize > 0, options.dictionaryPageSizeLimit >= 0 else {
            throw ParquetError(.invalidArgument, file: url.path, detail: "row group size and page size must be positive")
        }
        var positions: [String: Int] = [:]
        var leaves: [LeafLayout] = []
        for (position, column) in columns.enumerated() {
            guard !column.name.isEmpty, positions[column.name] == nil else {
                throw ParquetError(.invalidArgument, file: url.path, column: column.name, detail: "column names must be distinct and not empty")
            }
            positions[column.name] = position
            do {
                leaves.append(try column.writerLayout())
            } catch {
                throw error.located(file: url.path)
            }
        }
        self.positions = positions
        self.leaves = leaves
        buffered = Array(repeating: [], count: columns.count)
        guard FileManager.default.createFile(atPath: partialURL.path, contents: Data("PAR1".utf8)),
              let handle = try? FileHandle(forWritingTo: partialURL) else {
            throw ParquetError(.io, file: url.path, detail: "cannot create \(partialURL.path)")
        }
        self.handle = handle
        offset = 4
        do { try handle.seekToEnd() } catch { throw ParquetError(.io, file: url.path, detail: "cannot write: \(error.localizedDescription)") }
    }

    deinit {
        guard let handle else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: partialURL)
    }

    /// Appends one row given by column name; a column left out is null.
    ///
    /// - Throws: ``ParquetError`` with code ``ParquetError/Code/invalidArgument`` for an unknown
    ///   column or a value that does not fit its column (the row is then not added), or an I/O
    ///   error while a full row group is written.
    public func append(_ row: [String: ParquetValue]) throws(ParquetError) {
        var values = Array(repeating: ParquetValue.null, count: columns.count)
        for (name, value) in row {
            guard let position = positions[name] else {
                throw ParquetError(.invalidArgument, file: url.path, column: name, detail: "row \(rowCount) names a column the file does not have")
            }
            values[position] = value
        }
        try append(values: values)
    }

    /// Appends one row given as one value per column, in column order.
    ///
    /// - Throws: ``ParquetError`` as ``append(_:)``.
    public func append(values: [ParquetValue]) throws(ParquetError) {
        guard handle != nil else { throw ParquetError(.invalidArgument, file: url.path, detail: "the writer is closed") }
        guard values.count == columns.count else {
            throw ParquetError(.invalidArgument, file: url.path, detail: "row \(rowCount) has \(values.count) values for \(columns.count) columns")
        }
        for (column, value) in zip(columns, values) {
            if let reason = column.rejection(of: value) {
                throw ParquetError(.invalidArgument, file: url.path, column: column.name, detail: "row \(rowCount): \(reason)")
            }
        }
        for (position, value) in values.enumerated() { buffered[position].append(value) }
        rowCount += 1
        if buffered[0].count >= options.rowGroupSize { try flushRowGroup() }
    }

    /// Writes the buffered rows and the footer, and renames the file into place.
    ///
    /// - Throws: ``ParquetError`` when writing or renaming fails (the partial file is then removed).
    public func close() throws(ParquetError) {
        guard let handle else { throw ParquetError(.invalidArgument, file: url.path, detail: "the writer is already closed") }
        do {
            if !buffered[0].isEmpty { try flushRowGroup() }
            var footer = footerMetadata().encoded()
            footer.appendLE(UInt32(truncatingIfNeeded: footer.count))
            footer.append(contentsOf: Array("PAR1".utf8))
            try write(footer)
            self.handle = nil
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partialURL, to: url)
        } catch {
            self.handle = nil
            try? handle.close()
            try? FileManager.default.removeItem(at: partialURL)
            if let error = error as? ParquetError { throw error }
            throw ParquetError(.io, file: url.path, detail: "cannot finish the file: \(error.localizedDescription)")
        }
    }

    private func flushRowGroup() throws(ParquetError) {
        let rows = buffered[0].count
        let start = offset
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        for (position, leaf) in leaves.enumerated() {
            let writer = ColumnChunkWriter(leaf: leaf, codec: options.compression.codec, options: options)
            let (bytes, metadata): ([UInt8], ColumnMetaData)
            do {
                (bytes, metadata) = try writer.encode(buffered[position], at: offset)
            } catch {
                throw error.located(file: url.path, rowGroup: rowGroups.count, column: columns[position].name)
            }
            try write(bytes)
            chunks.append(ColumnChunk(fileOffset: 0, metaData: metadata))
            uncompressed += metadata.totalUncompressedSize
            buffered[position].removeAll(keepingCapacity: true)
        }
        var group = RowGroup(columns: chunks, totalByteSize: uncompressed, numRows: Int64(rows))
        group.fileOffset = Int64(start)
        group.totalCompressedSize = Int64(offset - start)
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
    }

    private func write(_ bytes: [UInt8]) throws(ParquetError) {
        guard let handle else { throw ParquetError(.invalidArgument, file: url.path, detail: "the writer is closed") }
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            throw ParquetError(.io, file: url.path, detail: "cannot write \(bytes.count) bytes: \(error.localizedDescription)")
        }
        offset += bytes.count
    }

    private func footerMetadata() -> FileMetaData {
        var schema = [SchemaElement(name: "schema", numChildren: Int32(truncatingIfNeeded: columns.count))]
        for (column, leaf) in zip(columns, leaves) { schema += column.schemaElements(kind: leaf.kind) }
        let keyValues = options.keyValueMetadata.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: $0.value) }
        return FileMetaData(version: 1, schema: schema, numRows: Int64(rowCount), rowGroups: rowGroups,
                            keyValueMetadata: keyValues.isEmpty ? nil : keyValues, createdBy: Self.createdBy)
    }
}
