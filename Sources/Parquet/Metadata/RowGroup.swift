/// One row group of the footer: its column chunks (in schema leaf order) and its row count.
struct RowGroup: Hashable, Sendable {
    var columns: [ColumnChunk]
    var totalByteSize: Int64
    var numRows: Int64
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?

    init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var columns: [ColumnChunk]?
        var totalByteSize: Int64?
        var numRows: Int64?
        var group = RowGroup(columns: [], totalByteSize: 0, numRows: 0)
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .list):
                var chunks: [ColumnChunk] = []
                try reader.readList { (reader, element) throws(ParquetError) in
                    guard element == .struct else { throw ParquetError.malformed("RowGroup.columns is not a list of structs") }
                    chunks.append(try ColumnChunk(from: &reader))
                }
                columns = chunks
            case (2, .i64): totalByteSize = try reader.readI64()
            case (3, .i64): numRows = try reader.readI64()
            case (5, .i64): group.fileOffset = try reader.readI64()
            case (6, .i64): group.totalCompressedSize = try reader.readI64()
            case (7, .i16): group.ordinal = try reader.readI16()
            default: try reader.skip(field.type)
            }
        }
        guard let columns, let totalByteSize, let numRows else { throw ParquetError.malformed("RowGroup lacks columns, total_byte_size or num_rows") }
        group.columns = columns
        group.totalByteSize = totalByteSize
        group.numRows = numRows
        self = group
    }

    func encode(to writer: inout CompactWriter) {
        writer.write(1, structList: columns) { $1.encode(to: &$0) }
        writer.write(2, i64: totalByteSize)
        writer.write(3, i64: numRows)
        if let fileOffset { writer.write(5, i64: fileOffset) }
        if let totalCompressedSize { writer.write(6, i64: totalCompressedSize) }
        if let ordinal { writer.write(7, i16: ordinal) }
    }
}
