import Foundation
import Testing
@testable import Parquet

/// Features the reader does not decode are errors naming the file, row group, column and feature;
/// the file's other columns still read.
@Suite struct UnsupportedFeatureTests {
    @Test("unsupported column throws a named error", arguments: Fixtures.unsupportedColumns)
    func namesFileRowGroupColumnAndFeature(entry: Fixtures.Entry) throws {
        let column = try #require(entry.column)
        let feature = try #require(entry.feature)
        let file = try ParquetFile(url: Fixtures.url(entry.file))
        do {
            _ = try file.readRowGroup(0, columns: [column])
            Issue.record("\(entry): reading \(column) did not throw")
        } catch {
            #expect(error.code == .unsupported, "\(error)")
            #expect(error.file.hasSuffix(entry.file), "\(error)")
            #expect(error.rowGroup == 0, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.feature?.contains(feature) == true, "expected feature \(feature): \(error)")
            #expect(error.description.contains(entry.file) && error.description.contains(column), "\(error)")
        }
        // Reading every column fails the same way; the other columns read on their own.
        #expect(throws: ParquetError.self) { _ = try file.readRowGroup(0) }
        if let readable = entry.readable, !readable.isEmpty {
            let group = try file.readRowGroup(0, columns: readable)
            #expect(group.values.allSatisfy { $0.count == group.rowCount })
        }
    }

    @Test func schemaListsUnsupportedColumnsWithTheirReason() throws {
        let file = try ParquetFile(url: Fixtures.url("unsupported_nested.parquet"))
        let types = Dictionary(uniqueKeysWithValues: file.columns.map { ($0.name, $0.type) })
        #expect(types["id"] == .int64)
        #expect(types["name"] == .string)
        #expect(types["profile"] == .unsupported(feature: "nested struct column"))
        #expect(types["tags"] == .unsupported(feature: "map column"))
        #expect(types["nested_lists"] == .unsupported(feature: "nested list"))
        let group = try file.readRowGroup(0, columns: ["name", "id"])
        #expect(group["id"] == (0 ..< 6).map { .int(Int64($0)) })
        #expect(group["name"] == [.string("Ada"), .null, .string("Lin"), .string("Bo"), .string("Eve"), .string("Kai")])
    }

    @Test func unannotatedBytesUnsignedAndNarrowIntegersRead() throws {
        let file = try ParquetFile(url: Fixtures.url("unsupported_types.parquet"))
        let group = try file.readRowGroup(0, columns: ["raw_text", "unsigned", "narrow"])
        #expect(group.columns.map(\.type) == [.string, .int64, .int64])
        #expect(group["raw_text"] == [.string("plain"), .string("café"), .string(""), .null, .string("tide"), .string("quay")])
        #expect(group["unsigned"] == [.int(0), .int(1), .int(1 << 31), .int((1 << 32) - 1), .null, .int(7)])
        #expect(group["narrow"] == [.int(-32768), .int(32767), .null, .int(-1), .int(0), .int(1)])
    }

    @Test func emptyFileReadsAsZeroRows() throws {
        let file = try ParquetFile(url: Fixtures.url("pyarrow_empty.parquet"))
        #expect(file.rowCount == 0)
        #expect(file.columns.count == 14)
        var rows = file.rows()
        #expect(try rows.next() == nil)
        for index in 0 ..< file.rowGroupCount {
            let group = try file.readRowGroup(index)
            #expect(group.rowCount == 0)
            #expect(group.values.allSatisfy { $0.isEmpty })
        }
    }

    @Test func unknownColumnAndRowGroupAreInvalidArguments() throws {
        let file = try ParquetFile(url: Fixtures.url("pyarrow_snappy_v1_dict.parquet"))
        #expect(throws: ParquetError.self) { _ = try file.readRowGroup(file.rowGroupCount) }
        do {
            _ = try file.readRowGroup(0, columns: ["no_such_column"])
            Issue.record("an unknown column did not throw")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.column == "no_such_column")
        }
        #expect(throws: ParquetError.self) { _ = try file.rowsInRowGroup(-1) }
    }

    @Test func nonParquetFilesAreRejected() throws {
        let directory = FileManager.default.temporaryDirectory
        let short = directory.appendingPathComponent("short-\(UUID().uuidString).parquet")
        let text = directory.appendingPathComponent("text-\(UUID().uuidString).parquet")
        try Data("PAR1".utf8).write(to: short)
        try Data(String(repeating: "not parquet at all ", count: 10).utf8).write(to: text)
        defer { for url in [short, text] { try? FileManager.default.removeItem(at: url) } }
        for url in [short, text] {
            do {
                _ = try ParquetFile(url: url)
                Issue.record("\(url.lastPathComponent) opened")
            } catch {
                #expect(error.code == .notParquet, "\(error)")
            }
        }
        do {
            _ = try ParquetFile(url: directory.appendingPathComponent("missing-\(UUID().uuidString).parquet"))
            Issue.record("a missing file opened")
        } catch {
            #expect(error.code == .io, "\(error)")
        }
    }
}
