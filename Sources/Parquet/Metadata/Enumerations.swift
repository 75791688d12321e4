// The enums of parquet.thrift. Each is a struct over the raw i32 so a value from a newer writer
// survives decoding and is reported by number instead of failing the whole footer.

/// A physical (storage) type.
struct PhysicalType: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    static let boolean = PhysicalType(rawValue: 0)
    static let int32 = PhysicalType(rawValue: 1)
    static let int64 = PhysicalType(rawValue: 2)
    static let float = PhysicalType(rawValue: 4)
    static let double = PhysicalType(rawValue: 5)
    static let byteArray = PhysicalType(rawValue: 6)

    var description: String {
        let names = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "physical type \(rawValue)"
    }
}

/// Whether a schema field is required, optional or repeated.
struct Repetition: Hashable, Sendable {
    let rawValue: Int32
    static let required = Repetition(rawValue: 0)
    static let optional = Repetition(rawValue: 1)
    static let repeated = Repetition(rawValue: 2)
}

/// The deprecated annotation that `LogicalType` superseded (still written for compatibility).
struct ConvertedType: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    static let utf8 = ConvertedType(rawValue: 0)
    static let map = ConvertedType(rawValue: 1)
    static let mapKeyValue = ConvertedType(rawValue: 2)
    static let list = ConvertedType(rawValue: 3)
    static let `enum` = ConvertedType(rawValue: 4)
    static let uint8 = ConvertedType(rawValue: 11)
    static let uint16 = ConvertedType(rawValue: 12)
    static let uint32 = ConvertedType(rawValue: 13)
    static let uint64 = ConvertedType(rawValue: 14)
    static let int8 = ConvertedType(rawValue: 15)
    static let int16 = ConvertedType(rawValue: 16)
    static let int32 = ConvertedType(rawValue: 17)
    static let int64 = ConvertedType(rawValue: 18)
    static let json = ConvertedType(rawValue: 19)

    var description: String {
        let names = ["UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS", "TIME_MICROS", "TIMESTAMP_MILLIS",
                     "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16", "INT_32", "INT_64", "JSON", "BSON",
                     "INTERVAL"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "converted type \(rawValue)"
    }
}

/// A page or level encoding.
struct Encoding: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    static let plain = Encoding(rawValue: 0)
    static let plainDictionary = Encoding(rawValue: 2)
    static let rle = Encoding(rawValue: 3)
    static let rleDictionary = Encoding(rawValue: 8)

    var description: String {
        let names = ["PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY",
                     "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "encoding \(rawValue)"
    }
}

/// A column chunk's compression codec.
struct CompressionCodec: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    static let uncompressed = CompressionCodec(rawValue: 0)
    static let snappy = CompressionCodec(rawValue: 1)
    static let gzip = CompressionCodec(rawValue: 2)
    static let zstd = CompressionCodec(rawValue: 6)

    var description: String {
        let names = ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "codec \(rawValue)"
    }
}

/// The kind of a page.
struct PageType: Hashable, Sendable {
    let rawValue: Int32
    static let dataPage = PageType(rawValue: 0)
    static let dictionaryPage = PageType(rawValue: 2)
    static let dataPageV2 = PageType(rawValue: 3)
}
