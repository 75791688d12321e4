/// One entry of key-value metadata (file or column chunk).
struct KeyValue: Hashable, Sendable {
    let key: String
    let value: String?

    init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var key: String?
        var value: String?
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .binary): key = try reader.readString()
            case (2, .binary): value = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
        guard let key else { throw ParquetError.malformed("KeyValue without key") }
        self.init(key: key, value: value)
    }

    func encode(to writer: inout CompactWriter) {
        writer.write(1, string: key)
        if let value { writer.write(2, string: value) }
    }

    /// Reads a list of key-value structs.
    static func decodeList(from reader: inout CompactReader) throws(ParquetError) -> [KeyValue] {
        var entries: [KeyValue] = []
        try reader.readList { (reader, element) throws(ParquetError) in
            guard element == .struct else { throw ParquetError.malformed("key_value_metadata is not a list of structs") }
            entries.append(try KeyValue(from: &reader))
        }
        return entries
    }
}
