import Foundation
import Testing
@testable import Parquet

/// Lists in the legacy layouts (2-level, and a bare repeated field) read like 3-level lists. The
/// files are made from one of ours by relabelling the footer's schema: the levels on the pages are
/// the same in both layouts when the elements are required.
@Suite struct LegacyListTests {
    private let columns = [
        ParquetColumn(name: "id", type: .int64, isNullable: false),
        ParquetColumn(name: "tags", type: .stringList, elementsAreNullable: false),
        ParquetColumn(name: "bare", type: .stringList, isNullable: false, elementsAreNullable: false),
    ]

    private var rows: [[String: ParquetValue]] {
        (0 ..< 40).map { index in
            let tags: ParquetValue = index % 5 == 0 ? .null : .list((0 ..< index % 4).map { .string("tag \($0) of \(index)") })
            return ["id": .int(Int64(index)), "tags": tags, "bare": .list((0 ..< index % 3).map { .string("b\($0)") })]
        }
    }

    /// Writes `rows` with our writer, then rewrites the footer through `relabel`.
    private func legacyFile(relabel: (inout FileMetaData) -> Void) throws -> URL {
        let url = Fixtures.temporaryURL("legacy")
        var options = ParquetWriter.Options()
        options.rowGroupSize = 15
        let writer = try ParquetWriter(url: url, columns: columns, options: options)
        for row in rows { try writer.append(row) }
        try writer.close()
        let bytes = [UInt8](try Data(contentsOf: url))
        let length = Int(bytes[...].uint32LE(at: bytes.count - 8))
        let footerStart = bytes.count - 8 - length
        var metadata = try FileMetaData(decoding: bytes[footerStart ..< bytes.count - 8])
        relabel(&metadata)
        var footer = metadata.encoded()
        footer.appendLE(UInt32(footer.count))
        footer += Array("PAR1".utf8)
        try Data(bytes[..<footerStart] + footer).write(to: url)
        return url
    }

    /// Replaces the three elements of the 3-level list `name` with `replacement`, and its chunks' paths with `path`.
    private static func replaceList(_ name: String, with replacement: [SchemaElement], path: [String], in metadata: inout FileMetaData) {
        guard let start = metadata.schema.firstIndex(where: { $0.name == name }) else { return }
        metadata.schema.replaceSubrange(start ..< start + 3, with: replacement)
        for group in metadata.rowGroups.indices {
            for chunk in metadata.rowGroups[group].columns.indices where metadata.rowGroups[group].columns[chunk].metaData?.pathInSchema.first == name {
                metadata.rowGroups[group].columns[chunk].metaData?.pathInSchema = path
            }
        }
    }

    @Test func twoLevelAndBareRepeatedListsRead() throws {
        let url = try legacyFile { metadata in
            Self.replaceList("tags", with: [
                SchemaElement(name: "tags", repetition: .optional, numChildren: 1, convertedType: .list),
                SchemaElement(name: "array", type: .byteArray, repetition: .repeated, convertedType: .utf8),
            ], path: ["tags", "array"], in: &metadata)
            Self.replaceList("bare", with: [SchemaElement(name: "bare", type: .byteArray, repetition: .repeated, convertedType: .utf8)],
                             path: ["bare"], in: &metadata)
            metadata.schema[0].numChildren = 3
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try ParquetFile(url: url)
        #expect(file.metadata.schema.count == 5)
        #expect(file.columns == columns)
        let read = try Fixtures.allRows(of: file)
        #expect(read == rows)
    }

    @Test func repeatedGroupNamedArrayIsAListOfStructs() throws {
        let url = try legacyFile { metadata in
            if let index = metadata.schema.firstIndex(where: { $0.name == "list" }) { metadata.schema[index].name = "array" }
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try ParquetFile(url: url)
        #expect(file.columns[1].type == .unsupported(feature: "list of structs"))
        #expect(file.columns[2].type == .stringList)
        do {
            _ = try file.readRowGroup(1, columns: ["tags"])
            Issue.record("a list of structs was read")
        } catch {
            #expect(error.code == .unsupported && error.rowGroup == 1 && error.column == "tags", "\(error)")
        }
    }
}
