import Testing
@testable import Parquet

/// The compact protocol: our writer's output reads back, unknown fields of every type are skipped
/// (so newer writers' fields do not break the footer), and damaged input throws.
@Suite struct ThriftCompactTests {
    /// Hand-encoded unknown fields of every compact type, ids 20 to 31.
    private static func unknownFields() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes += [0x01, 40]                                // id 20 (long form, zigzag 20): bool true
        bytes += [0x13, 0x7F]                              // id 21: byte
        bytes += [0x14, 0xAC, 0x02]                        // id 22: i16 150
        bytes += [0x15, 0xFF, 0xFF, 0x03]                  // id 23: i32
        bytes += [0x16, 0x80, 0x80, 0x80, 0x80, 0x10]      // id 24: i64
        bytes += [0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F]      // id 25: double 1.0
        bytes += [0x18, 3, 0x61, 0x62, 0x63]               // id 26: binary "abc"
        bytes += [0x19, 0x2C, 0x15, 0x15, 0x00, 0x00]      // id 27: list<struct> of 2: {1: i32 -11}, {}
        bytes += [0x1A, 0x31, 1, 2, 1]                     // id 28: set<bool> of 3
        bytes += [0x1B, 2, 0x85, 1, 0x61, 6, 1, 0x62, 4]   // id 29: map<binary, i32> {"a": 3, "b": 2}
        bytes += [0x1C, 0x1C, 0x19, 0x1C, 0x00, 0x00, 0x00] // id 30: struct { struct { list<struct> of 1: {} } }
        bytes += [0x1B, 0x00]                              // id 31: empty map
        return bytes
    }

    @Test func skipsUnknownFieldsOfEveryTypeBetweenKnownOnes() throws {
        // KeyValue { 1: "k", <unknown fields 20…31>, then field 2 in long form: "v" }
        var bytes: [UInt8] = [0x18, 1, 0x6B]
        bytes += Self.unknownFields()
        bytes += [0x08, 4, 1, 0x76, 0x00]
        var reader = CompactReader(bytes[...])
        let entry = try KeyValue(from: &reader)
        #expect(entry == KeyValue(key: "k", value: "v"))
        #expect(reader.remaining == 0)
    }

    @Test func footerRoundTripsThroughOurWriter() throws {
        var chunk = ColumnChunk(fileOffset: 0, metaData: ColumnMetaData(
            type: .byteArray, encodings: [.plain, .rle, .rleDictionary], pathInSchema: ["traits", "list", "element"], codec: .snappy,
            numValues: 1_234_567_890_123, totalUncompressedSize: 99, totalCompressedSize: 77, dataPageOffset: 1 << 40, dictionaryPageOffset: 4))
        chunk.filePath = "elsewhere.parquet"
        var group = RowGroup(columns: Array(repeating: chunk, count: 20), totalByteSize: -5, numRows: 3)
        group.ordinal = 300
        var integer = SchemaElement(name: "age", type: .int32, repetition: .optional, logicalType: .integer(bitWidth: 8, isSigned: false))
        integer.fieldID = -7
        let metadata = FileMetaData(
            version: 2,
            schema: [SchemaElement(name: "schema", numChildren: 2), integer,
                     SchemaElement(name: "name", type: .byteArray, repetition: .required, convertedType: .utf8, logicalType: .string)],
            numRows: 3, rowGroups: [group, group], keyValueMetadata: [KeyValue(key: "a", value: nil), KeyValue(key: "ключ", value: "значение")],
            createdBy: "PersonaBank")
        let bytes = metadata.encoded()
        #expect(try FileMetaData(decoding: bytes[...]) == metadata)
        var header = PageHeader(type: .dataPage, uncompressedPageSize: 5, compressedPageSize: 3)
        header.crc = -1
        header.dataPageHeader = DataPageHeader(numValues: 9, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)
        var writer = CompactWriter()
        writer.writeStruct { header.encode(to: &$0) }
        var reader = CompactReader(writer.bytes[...])
        #expect(try PageHeader(from: &reader) == header)
    }

    @Test func damagedInputThrows() {
        let bytes = FileMetaData(version: 1, schema: [SchemaElement(name: "schema", numChildren: 0)], numRows: 0, rowGroups: [],
                                 keyValueMetadata: nil, createdBy: "x").encoded()
        for cut in 0 ..< bytes.count {
            #expect(throws: ParquetError.self) { _ = try FileMetaData(decoding: bytes[..<cut]) }
        }
        let cases: [[UInt8]] = [
            [0x1F],                                  // unknown field type 15
            [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // varint past 64 bits
            [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],    // i32 out of range
            [0x18, 0xFF, 0xFF, 0x03, 0x61],           // binary longer than the data
            [0x19, 0xF8, 0xFF, 0xFF, 0xFF, 0x7F],    // list of 2^31 binaries in 6 bytes
            [0x1B, 0xFF, 0xFF, 0x7F, 0x88],          // map of 2 million entries in 5 bytes
            Array(repeating: 0x1C, count: 200),      // structs nested 200 deep
            Array(repeating: 0x19, count: 1) + Array(repeating: 0x19, count: 200), // lists nested 200 deep
        ]
        for bytes in cases {
            var reader = CompactReader(bytes[...])
            #expect(throws: ParquetError.self) { try reader.skip(.struct) }
        }
    }
}
