/// The header before every page: its type, sizes and the type-specific header.
struct PageHeader: Hashable, Sendable {
    var type: PageType
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?

    init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var type: PageType?
        var uncompressed: Int32?
        var compressed: Int32?
        var header = PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0)
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): type = PageType(rawValue: try reader.readI32())
            case (2, .i32): uncompressed = try reader.readI32()
            case (3, .i32): compressed = try reader.readI32()
            case (4, .i32): header.crc = try reader.readI32()
            case (5, .struct): header.dataPageHeader = try DataPageHeader(from: &reader)
            case (7, .struct): header.dictionaryPageHeader = try DictionaryPageHeader(from: &reader)
            case (8, .struct): header.dataPageHeaderV2 = try DataPageHeaderV2(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard let type, let uncompressed, let compressed else { throw ParquetError.malformed("PageHeader lacks type or sizes") }
        guard uncompressed >= 0, compressed >= 0 else {
            throw ParquetError.malformed("PageHeader has negative sizes (\(uncompressed) uncompressed, \(compressed) compressed)")
        }
        header.type = type
        header.uncompressedPageSize = uncompressed
        header.compressedPageSize = compressed
        self = header
    }

    func encode(to writer: inout CompactWriter) {
        writer.write(1, i32: type.rawValue)
        writer.write(2, i32: uncompressedPageSize)
        writer.write(3, i32: compressedPageSize)
        if let crc { writer.write(4, i32: crc) }
        if let dataPageHeader { writer.write(5) { dataPageHeader.encode(to: &$0) } }
        if let dictionaryPageHeader { writer.write(7) { dictionaryPageHeader.encode(to: &$0) } }
    }
}

/// The header of a data page (v1): its level count and encodings.
struct DataPageHeader: Hashable, Sendable {
    /// Level entries in the page (values including nulls; list elements for repeated columns).
    var numValues: Int32
    var encoding: Encoding
    var definitionLevelEncoding: Encoding
    var repetitionLevelEncoding: Encoding

    init(numValues: Int32, encoding: Encoding, definitionLevelEncoding: Encoding, repetitionLevelEncoding: Encoding) {
        self.numValues = numValues
        self.encoding = encoding
        self.definitionLevelEncoding = definitionLevelEncoding
        self.repetitionLevelEncoding = repetitionLevelEncoding
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var numValues: Int32?
        var encoding: Encoding?
        var definition: Encoding?
        var repetition: Encoding?
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): encoding = Encoding(rawValue: try reader.readI32())
            case (3, .i32): definition = Encoding(rawValue: try reader.readI32())
            case (4, .i32): repetition = Encoding(rawValue: try reader.readI32())
            default: try reader.skip(field.type)
            }
        }
        guard let numValues, let encoding, let definition, let repetition else { throw ParquetError.malformed("DataPageHeader lacks a required field") }
        self.init(numValues: numValues, encoding: encoding, definitionLevelEncoding: definition, repetitionLevelEncoding: repetition)
    }

    func encode(to writer: inout CompactWriter) {
        writer.write(1, i32: numValues)
        writer.write(2, i32: encoding.rawValue)
        writer.write(3, i32: definitionLevelEncoding.rawValue)
        writer.write(4, i32: repetitionLevelEncoding.rawValue)
    }
}

/// The header of a data page v2: the level count, the value encoding and the (uncompressed) level
/// lengths (its null and row counts are not needed: the levels say the same).
struct DataPageHeaderV2: Hashable, Sendable {
    var numValues: Int32
    var encoding: Encoding
    var definitionLevelsByteLength: Int32
    var repetitionLevelsByteLength: Int32
    /// Whether the values section is compressed with the chunk's codec (true when absent).
    var isCompressed: Bool

    init(from reader: inout CompactReader) throws(ParquetError) {
        var numValues: Int32?
        var encoding: Encoding?
        var definitionLength: Int32?
        var repetitionLength: Int32?
        var isCompressed = true
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (4, .i32): encoding = Encoding(rawValue: try reader.readI32())
            case (5, .i32): definitionLength = try reader.readI32()
            case (6, .i32): repetitionLength = try reader.readI32()
            case (7, .boolTrue): isCompressed = true
            case (7, .boolFalse): isCompressed = false
            default: try reader.skip(field.type)
            }
        }
        guard let numValues, let encoding, let definitionLength, let repetitionLength else {
            throw ParquetError.malformed("DataPageHeaderV2 lacks a required field")
        }
        self.numValues = numValues
        self.encoding = encoding
        definitionLevelsByteLength = definitionLength
        repetitionLevelsByteLength = repetitionLength
        self.isCompressed = isCompressed
    }
}

/// The header of a dictionary page: its entry count and encoding.
struct DictionaryPageHeader: Hashable, Sendable {
    var numValues: Int32
    var encoding: Encoding

    init(numValues: Int32, encoding: Encoding) {
        self.numValues = numValues
        self.encoding = encoding
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var numValues: Int32?
        var encoding: Encoding?
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): encoding = Encoding(rawValue: try reader.readI32())
            default: try reader.skip(field.type)
            }
        }
        guard let numValues, let encoding else { throw ParquetError.malformed("DictionaryPageHeader lacks num_values or encoding") }
        self.init(numValues: numValues, encoding: encoding)
    }

    func encode(to writer: inout CompactWriter) {
        writer.write(1, i32: numValues)
        writer.write(2, i32: encoding.rawValue)
    }
}
