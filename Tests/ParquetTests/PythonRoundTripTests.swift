import Foundation
import Testing
import TestSupport
import Parquet

/// A file written by ``ParquetWriter`` is read by the pinned pyarrow, pandas and
/// `datasets.load_dataset("parquet", …)` (Benchmarks/python/parquet) with every field of every row intact.
@Suite("Python readers read our files", .enabled(if: PythonReferences.python != nil, Comment(rawValue: PythonReferences.skipMessage)))
struct PythonRoundTripTests {
    @Test("pyarrow, pandas and datasets read every field and id", arguments: [ParquetCompression.snappy, .zstd])
    func pythonReadersAgree(compression: ParquetCompression) throws {
        let python = try #require(PythonReferences.python)
        let rows = Fixtures.personaRows
        var options = ParquetWriter.Options()
        options.compression = compression
        options.rowGroupSize = 16
        let url = Fixtures.temporaryURL("python")
        let out = url.deletingPathExtension().appendingPathExtension("json")
        defer { for file in [url, out] { try? FileManager.default.removeItem(at: file) } }
        let writer = try ParquetWriter(url: url, columns: Fixtures.personaColumns, options: options)
        for row in rows { try writer.append(row) }
        try writer.close()

        let script = SharedData.repositoryRoot.appendingPathComponent("Benchmarks/python/parquet/read_back.py")
        let status = try PythonReferences.run(python, [script.path, url.path, out.path])
        #expect(status.code == 0, "read_back.py failed: \(status.stderr.suffix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: [String: Any]])

        for reader in ["pyarrow", "pandas", "datasets"] {
            let seen = try #require(document[reader]?["rows"] as? [[String: Any]], "\(reader) wrote no rows")
            #expect(seen.count == rows.count, "\(reader) read \(seen.count) rows")
            for (index, (record, expected)) in zip(seen, rows).enumerated() {
                #expect(Set(record.keys) == Set(expected.keys), "\(reader) row \(index) has columns \(record.keys.sorted())")
                for column in Fixtures.personaColumns {
                    let cell = Fixtures.cell(record[column.name], as: column.type)
                    let want = expected[column.name] ?? .null
                    #expect(Fixtures.agree(cell, want), "\(reader) row \(index) \(column.name): \(cell) != \(want)")
                }
            }
        }
        let arrow = document["pyarrow"]?["schema"] as? [String: String] ?? [:]
        #expect(arrow["id"] == "int64" && arrow["name"] == "string" && arrow["score"] == "double" && arrow["active"] == "bool", "\(arrow)")
        #expect(arrow["traits"]?.hasPrefix("list<element: string") == true && arrow["lucky_numbers"]?.hasPrefix("list<element: int64") == true, "\(arrow)")
        let features = document["datasets"]?["schema"] as? [String: String] ?? [:]
        #expect(features["name"]?.contains("string") == true && features["traits"]?.contains("string") == true, "\(features)")
    }
}
