/// The footer: schema, row groups, key-value metadata and the writer's name.
struct FileMetaData: Hashable, Sendable {
    var version: Int32
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [KeyValue]?
    var createdBy: String?
    /// Whether the footer names an encryption algorithm (encrypted columns are not read).
    var isEncrypted = false

    init(version: Int32, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup], keyValueMetadata: [KeyValue]?, createdBy: String?) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
    }

    /// Decodes the footer from its Thrift bytes (bytes after the struct are ignored).
    init(decoding bytes: ArraySlice<UInt8>) throws(ParquetError) {
        var reader = CompactReader(bytes)
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        var metadata = FileMetaData(version: 0, schema: [], numRows: 0, rowGroups: [], keyValueMetadata: nil, createdBy: nil)
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): version = try reader.readI32()
            case (2, .list):
                var elements: [SchemaElement] = []
                try reader.readList { (reader, element) throws(ParquetError) in
                    guard element == .struct else { throw ParquetError.malformed("FileMetaData.schema is not a list of structs") }
                    elements.append(try SchemaElement(from: &reader))
                }
                schema = elements
            case (3, .i64): numRows = try reader.readI64()
            case (4, .list):
                var groups: [RowGroup] = []
                try reader.readList { (reader, element) throws(ParquetError) in
                    guard element == .struct else { throw ParquetError.malformed("FileMetaData.row_groups is not a list of structs") }
                    groups.append(try RowGroup(from: &reader))
                }
                rowGroups = groups
            case (5, .list): metadata.keyValueMetadata = try KeyValue.decodeList(from: &reader)
            case (6, .binary): metadata.createdBy = try reader.readString()
            case (8, _):
                metadata.isEncrypted = true
                try reader.skip(field.type)
            default: try reader.skip(field.type)
            }
        }
        guard let version, let schema, let numRows, let rowGroups else {
            throw ParquetError.malformed("FileMetaData lacks version, schema, num_rows or row_groups")
        }
        metadata.version = version
        metadata.schema = schema
        metadata.numRows = numRows
        metadata.rowGroups = rowGroups
        self = metadata
    }

    /// The footer's Thrift bytes.
    func encoded() -> [UInt8] {
        var writer = CompactWriter()
        writer.writeStruct { writer in
            writer.write(1, i32: version)
            writer.write(2, structList: schema) { $1.encode(to: &$0) }
            writer.write(3, i64: numRows)
            writer.write(4, structList: rowGroups) { $1.encode(to: &$0) }
            if let keyValueMetadata { writer.write(5, structList: keyValueMetadata) { $1.encode(to: &$0) } }
            if let createdBy { writer.write(6, string: createdBy) }
        }
        return writer.bytes
    }
}
