/// What the footer says about one column chunk: type, codec, value count, sizes and page offsets.
struct ColumnMetaData: Hashable, Sendable {
    var type: PhysicalType
    var encodings: [Encoding]
    var pathInSchema: [String]
    var codec: CompressionCodec
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var keyValueMetadata: [KeyValue]?
    var dataPageOffset: Int64
    var indexPageOffset: Int64?
    var dictionaryPageOffset: Int64?

    init(type: PhysicalType, encodings: [Encoding], pathInSchema: [String], codec: CompressionCodec, numValues: Int64,
         totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64, dictionaryPageOffset: Int64?) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var type: PhysicalType?
        var encodings: [Encoding] = []
        var path: [String]?
        var codec: CompressionCodec?
        var numValues: Int64?
        var uncompressed: Int64?
        var compressed: Int64?
        var keyValues: [KeyValue]?
        var dataPageOffset: Int64?
        var indexPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): type = PhysicalType(rawValue: try reader.readI32())
            case (2, .list):
                try reader.readList { (reader, element) throws(ParquetError) in
                    guard element == .i32 else { throw ParquetError.malformed("ColumnMetaData.encodings is not a list of i32") }
                    encodings.append(Encoding(rawValue: try reader.readI32()))
                }
            case (3, .list):
                var names: [String] = []
                try reader.readList { (reader, element) throws(ParquetError) in
                    guard element == .binary else { throw ParquetError.malformed("ColumnMetaData.path_in_schema is not a list of strings") }
                    names.append(try reader.readString())
                }
                path = names
            case (4, .i32): codec = CompressionCodec(rawValue: try reader.readI32())
            case (5, .i64): numValues = try reader.readI64()
            case (6, .i64): uncompressed = try reader.readI64()
            case (7, .i64): compressed = try reader.readI64()
            case (8, .list): keyValues = try KeyValue.decodeList(from: &reader)
            case (9, .i64): dataPageOffset = try reader.readI64()
            case (10, .i64): indexPageOffset = try reader.readI64()
            case (11, .i64): dictionaryPageOffset = try reader.readI64()
            default: try reader.skip(field.type)
            }
        }
        guard let type, let path, let codec, let numValues, let uncompressed, let compressed, let dataPageOffset else {
            throw ParquetError.malformed("ColumnMetaData lacks a required field (type, path_in_schema, codec, num_values, sizes or data_page_offset)")
        }
        self.init(type: type, encodings: encodings, pathInSchema: path, codec: codec, numValues: numValues, totalUncompressedSize: uncompressed,
                  totalCompressedSize: compressed, dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset)
        self.keyValueMetadata = keyValues
        self.indexPageOffset = indexPageOffset
    }

    func encode(to writer: inout CompactWriter) {
        writer.write(1, i32: type.rawValue)
        writer.write(2, i32List: encodings.map(\.rawValue))
        writer.write(3, stringList: pathInSchema)
        writer.write(4, i32: codec.rawValue)
        writer.write(5, i64: numValues)
        writer.write(6, i64: totalUncompressedSize)
        writer.write(7, i64: totalCompressedSize)
        if let keyValueMetadata { writer.write(8, structList: keyValueMetadata) { $1.encode(to: &$0) } }
        writer.write(9, i64: dataPageOffset)
        if let indexPageOffset { writer.write(10, i64: indexPageOffset) }
        if let dictionaryPageOffset { writer.write(11, i64: dictionaryPageOffset) }
    }
}
