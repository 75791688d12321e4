import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Every fixture written by pyarrow and polars reads to exactly the values of personas.jsonl.
@Suite struct FixtureReadingTests {
    @Test("fixture reads to the JSONL twin", arguments: Fixtures.personaFiles)
    func readsPersonas(entry: Fixtures.Entry) throws {
        let records = Fixtures.personaRecords
        #expect(records.count == 60)
        let file = try ParquetFile(url: Fixtures.url(entry.file))
        #expect(file.rowCount == records.count)
        #expect(file.columns.map(\.name) == ["id", "name", "username", "age", "visits", "balance", "traits", "languages", "lucky_numbers",
                                             "background", "chatting_style", "score", "height", "active"])
        var row = 0
        for index in 0 ..< file.rowGroupCount {
            let group = try file.readRowGroup(index)
            #expect(group.rowCount == (try file.rowsInRowGroup(index)))
            for (column, cells) in zip(group.columns, group.values) {
                #expect(cells.count == group.rowCount)
                for (offset, cell) in cells.enumerated() {
                    let expected = Fixtures.cell(records[row + offset][column.name], as: column.type)
                    #expect(Fixtures.agree(cell, expected), "\(entry.file) row \(row + offset) \(column.name): \(cell) != \(expected)")
                }
            }
            row += group.rowCount
        }
        #expect(row == records.count)
    }
}
