/// One column chunk of a row group: where its pages live and its metadata.
struct ColumnChunk: Hashable, Sendable {
    /// Set when the pages are in another file (not read).
    var filePath: String?
    var fileOffset: Int64
    var metaData: ColumnMetaData?
    /// Whether the chunk carries crypto metadata or encrypted column metadata (not read).
    var isEncrypted = false

    init(fileOffset: Int64, metaData: ColumnMetaData?) {
        self.fileOffset = fileOffset
        self.metaData = metaData
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var chunk = ColumnChunk(fileOffset: 0, metaData: nil)
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .binary): chunk.filePath = try reader.readString()
            case (2, .i64): chunk.fileOffset = try reader.readI64()
            case (3, .struct): chunk.metaData = try ColumnMetaData(from: &reader)
            case (8, _), (9, _):
                chunk.isEncrypted = true
                try reader.skip(field.type)
            default: try reader.skip(field.type)
            }
        }
        self = chunk
    }

    func encode(to writer: inout CompactWriter) {
        if let filePath { writer.write(1, string: filePath) }
        writer.write(2, i64: fileOffset)
        if let metaData { writer.write(3) { metaData.encode(to: &$0) } }
    }
}
