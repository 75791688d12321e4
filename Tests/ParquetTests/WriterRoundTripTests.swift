import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Files written by ``ParquetWriter`` read back through ``ParquetFile`` with every value intact.
@Suite struct WriterRoundTripTests {
    private func write(_ rows: [[String: ParquetValue]], columns: [ParquetColumn], options: ParquetWriter.Options, to url: URL) throws {
        let writer = try ParquetWriter(url: url, columns: columns, options: options)
        for row in rows { try writer.append(row) }
        try writer.close()
    }

    @Test("persona rows round trip", arguments: [ParquetCompression.uncompressed, .snappy, .zstd, .gzip])
    func personaRowsRoundTrip(compression: ParquetCompression) throws {
        let rows = Fixtures.personaRows
        var options = ParquetWriter.Options()
        options.compression = compression
        options.rowGroupSize = 7
        options.dataPageSize = 16
        options.keyValueMetadata = ["source": "PersonaBank tests", "rows": "60"]
        let url = Fixtures.temporaryURL("personas")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(rows, columns: Fixtures.personaColumns, options: options, to: url)

        let file = try ParquetFile(url: url)
        #expect(file.columns == Fixtures.personaColumns)
        #expect(file.rowCount == rows.count)
        #expect(file.rowGroupCount == 9)
        #expect(file.createdBy == "PersonaBank")
        #expect(file.keyValueMetadata == options.keyValueMetadata)
        let read = try Fixtures.allRows(of: file)
        #expect(read.count == rows.count)
        for (index, (actual, expected)) in zip(read, rows).enumerated() {
            #expect(Fixtures.agree(actual, expected), "row \(index): \(actual) != \(expected)")
        }
        for column in ["id", "background", "traits"] {
            let pages = try pageCount(file, rowGroup: 0, column: column)
            #expect(pages > 1, "a 16-byte page size splits the \(column) chunk into pages (\(pages))")
        }
    }

    @Test func seededRandomRowsRoundTripAcrossRowGroupsAndPages() throws {
        var random = SplitMix64(seed: 0xCAFE)
        let words = ["fjord", "ледокол", "茶道", "🧭 compass", "", "quay", "lantern", "zoë", "tide table", "a\u{0}b"]
        func text() -> ParquetValue {
            let count = Int.random(in: 0 ... 6, using: &random)
            return .string((0 ..< count).map { _ in words.randomElement(using: &random) ?? "" }.joined(separator: " "))
        }
        let columns = [
            ParquetColumn(name: "id", type: .int64, isNullable: false),
            ParquetColumn(name: "text", type: .string),
            ParquetColumn(name: "required_text", type: .string, isNullable: false),
            ParquetColumn(name: "number", type: .int64),
            ParquetColumn(name: "ratio", type: .double),
            ParquetColumn(name: "flag", type: .bool),
            ParquetColumn(name: "flag_required", type: .bool, isNullable: false),
            ParquetColumn(name: "tags", type: .stringList),
            ParquetColumn(name: "dense_tags", type: .stringList, isNullable: false, elementsAreNullable: false),
            ParquetColumn(name: "counts", type: .list(.int64)),
            ParquetColumn(name: "weights", type: .list(.double)),
            ParquetColumn(name: "switches", type: .list(.bool)),
        ]
        var rows: [[String: ParquetValue]] = []
        for index in 0 ..< 2_500 {
            func maybe(_ value: ParquetValue) -> ParquetValue { Int.random(in: 0 ..< 5, using: &random) == 0 ? .null : value }
            func list(_ element: () -> ParquetValue, nullable: Bool = true) -> ParquetValue {
                .list((0 ..< Int.random(in: 0 ... 4, using: &random)).map { _ in nullable ? maybe(element()) : element() })
            }
            let long = index % 97 == 0 ? String(repeating: "long persona background ", count: 400) : nil
            rows.append([
                "id": .int(Int64(index)),
                "text": maybe(long.map(ParquetValue.string) ?? text()),
                "required_text": text(),
                "number": maybe(.int(Int64.random(in: Int64.min ... Int64.max, using: &random))),
                "ratio": maybe(.double(Double.random(in: -1e300 ... 1e300, using: &random))),
                "flag": maybe(.bool(Bool.random(using: &random))),
                "flag_required": .bool(Bool.random(using: &random)),
                "tags": maybe(list(text)),
                "dense_tags": list(text, nullable: false),
                "counts": maybe(list { .int(Int64.random(in: -5 ... 5, using: &random)) }),
                "weights": maybe(list { .double(Double.random(in: 0 ..< 1, using: &random)) }),
                "switches": maybe(list { .bool(Bool.random(using: &random)) }),
            ])
        }
        var options = ParquetWriter.Options()
        options.rowGroupSize = 1_000
        options.dataPageSize = 4_096
        let url = Fixtures.temporaryURL("random")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(rows, columns: columns, options: options, to: url)
        let file = try ParquetFile(url: url)
        #expect(file.rowGroupCount == 3)
        #expect(try file.rowsInRowGroup(2) == 500)
        let read = try Fixtures.allRows(of: file)
        #expect(read.count == rows.count)
        let mismatches = zip(read, rows).enumerated().filter { !Fixtures.agree($0.element.0, $0.element.1) }.map(\.offset)
        #expect(mismatches.isEmpty, "rows differ: \(mismatches.prefix(5))")
    }

    @Test func stringsUseADictionaryUntilItOutgrowsTheLimit() throws {
        let rows = Fixtures.personaRows
        let small = Fixtures.temporaryURL("dictionary-small")
        let large = Fixtures.temporaryURL("dictionary-large")
        defer { for url in [small, large] { try? FileManager.default.removeItem(at: url) } }
        var limited = ParquetWriter.Options()
        limited.dictionaryPageSizeLimit = 100
        try write(rows, columns: Fixtures.personaColumns, options: ParquetWriter.Options(), to: large)
        try write(rows, columns: Fixtures.personaColumns, options: limited, to: small)
        for (url, dictionary) in [(large, true), (small, false)] {
            let file = try ParquetFile(url: url)
            for name in ["name", "background", "traits"] {
                let metadata = try #require(try chunkMetadata(file, rowGroup: 0, column: name))
                #expect(metadata.encodings.contains(.rleDictionary) == dictionary, "\(name): \(metadata.encodings)")
                #expect((metadata.dictionaryPageOffset != nil) == dictionary)
            }
            let read = try Fixtures.allRows(of: file)
            #expect(zip(read, rows).allSatisfy { Fixtures.agree($0, $1) })
        }
    }

    @Test func emptyWriterMakesASchemaOnlyFile() throws {
        let url = Fixtures.temporaryURL("empty")
        defer { try? FileManager.default.removeItem(at: url) }
        try write([], columns: Fixtures.personaColumns, options: ParquetWriter.Options(), to: url)
        let file = try ParquetFile(url: url)
        #expect(file.rowCount == 0)
        #expect(file.rowGroupCount == 0)
        #expect(file.columns == Fixtures.personaColumns)
        #expect(try Fixtures.allRows(of: file).isEmpty)
    }

    @Test func rejectsValuesThatDoNotFitAndLeavesNoPartialFile() throws {
        let url = Fixtures.temporaryURL("rejects")
        defer { try? FileManager.default.removeItem(at: url) }
        let columns = [ParquetColumn(name: "id", type: .int64, isNullable: false), ParquetColumn(name: "tags", type: .stringList, elementsAreNullable: false)]
        let writer = try ParquetWriter(url: url, columns: columns)
        let bad: [[String: ParquetValue]] = [
            ["tags": .list([])],
            ["id": .string("1")],
            ["id": .int(1), "tags": .list([.null])],
            ["id": .int(1), "tags": .string("wry")],
            ["id": .int(1), "tags": .list([.int(3)])],
            ["id": .int(1), "extra": .null],
        ]
        for row in bad {
            do {
                try writer.append(row)
                Issue.record("accepted \(row)")
            } catch {
                #expect(error.code == .invalidArgument, "\(error)")
                #expect(error.column != nil, "\(error)")
            }
        }
        #expect(writer.rowCount == 0)
        try writer.append(["id": .int(7)])
        try writer.close()
        #expect(throws: ParquetError.self) { try writer.close() }
        #expect(throws: ParquetError.self) { try writer.append(["id": .int(8)]) }
        let file = try ParquetFile(url: url)
        #expect(try Fixtures.allRows(of: file) == [["id": .int(7), "tags": .null]])
        #expect(!FileManager.default.fileExists(atPath: url.path + ".partial"))

        let abandoned = Fixtures.temporaryURL("abandoned")
        do {
            let unfinished = try ParquetWriter(url: abandoned, columns: columns)
            try unfinished.append(["id": .int(1), "tags": .list([.string("a")])])
        }
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(!FileManager.default.fileExists(atPath: abandoned.path + ".partial"))
        #expect(throws: ParquetError.self) { _ = try ParquetWriter(url: url, columns: [ParquetColumn(name: "x", type: .list(.stringList))]) }
        #expect(throws: ParquetError.self) { _ = try ParquetWriter(url: url, columns: [columns[0], columns[0]]) }
    }

    /// The column chunk metadata of `column` in `rowGroup`.
    private func chunkMetadata(_ file: ParquetFile, rowGroup: Int, column: String) throws -> ColumnMetaData? {
        let found = file.layouts.first { $0.column.name == column }
        let layout = try #require(found)
        return file.metadata.rowGroups[rowGroup].columns[layout.firstLeaf].metaData
    }

    /// The number of data pages in a column chunk (walking the page headers).
    private func pageCount(_ file: ParquetFile, rowGroup: Int, column: String) throws -> Int {
        let metadata = try #require(try chunkMetadata(file, rowGroup: rowGroup, column: column))
        let bytes = try Data(contentsOf: file.url)
        let start = Int(metadata.dictionaryPageOffset ?? metadata.dataPageOffset)
        let chunk = [UInt8](bytes)[start ..< start + Int(metadata.totalCompressedSize)]
        var position = chunk.startIndex
        var pages = 0
        while position < chunk.endIndex {
            var reader = CompactReader(chunk[position...])
            let header = try PageHeader(from: &reader)
            if header.type == .dataPage { pages += 1 }
            position = reader.position + Int(header.compressedPageSize)
        }
        return pages
    }
}
