import Foundation
import Parquet
import PersonaKit

extension DedupAnnotator {
    /// `annotated.parquet`, one row group of the input in memory at a time; `annotated.jsonl` when a column cannot
    /// be written back (see the type).
    static func writeParquet(_ records: RecordLines, file: URL, columns: [String], withReason: Bool, to directory: URL) throws -> Summary {
        let parquet: ParquetFile
        do { parquet = try ParquetFile(url: file) } catch { throw InputError(error, file: file.relativePath) }
        let unwritable = parquet.columns.filter { if case .unsupported = $0.type { true } else { false } }
        let readable = parquet.columns.filter { column in !unwritable.contains { $0.name == column.name } }
        var added = columns, note: String?
        let taken = columns.filter { name in parquet.columns.contains { $0.name == name } }
        if !taken.isEmpty { (added, note) = prefixed(columns, taken: taken) }
        let addedColumns = zip(added, [ParquetColumnType.string, .double, .string]).map { ParquetColumn(name: $0, type: $1) }
        var written = 0
        if unwritable.isEmpty {
            let url = directory.appendingPathComponent(parquetFile)
            var options = ParquetWriter.Options()
            options.compression = .snappy
            let writer = try ParquetWriter(url: url, columns: readable + addedColumns, options: options)
            try forEachRow(of: parquet, columns: readable, records: records) { cells, annotation in
                try writer.append(values: cells + parquetValues(annotation, withReason: withReason))
                written += 1
            }
            try writer.close()
            return Summary(file: parquetFile, records: written, columns: added, note: note)
        }
        let left = unwritable.map { "\($0.name) (\($0.type))" }.joined(separator: ", ")
        note = [note, "written as \(jsonlFile), not Parquet: the column\(unwritable.count == 1 ? "" : "s") \(left) cannot be written back and "
            + "\(unwritable.count == 1 ? "is" : "are") left out"].compactMap { $0 }.joined(separator: "; ")
        let output = try AnnotatedFile(url: directory.appendingPathComponent(jsonlFile))
        try forEachRow(of: parquet, columns: readable, records: records) { cells, annotation in
            let members = zip(readable, cells).map { ($0.name, JSONValue(parquet: $1)) } + Array(zip(added, annotation.jsonValues(withReason: withReason)))
            try output.write("{" + jsonMembers(members) + "}")
            written += 1
        }
        try output.close()
        return Summary(file: jsonlFile, records: written, columns: added, note: note)
    }

    /// Calls `body` with the cells of `columns` of every row `records` holds (rows numbered from 1, as the reader
    /// numbers them), and its annotation.
    private static func forEachRow(of parquet: ParquetFile, columns: [ParquetColumn], records: RecordLines,
                                   _ body: (_ cells: [ParquetValue], _ annotation: DedupAnnotation) throws -> Void) throws {
        var number = 0
        for index in 0 ..< parquet.rowGroupCount {
            let group: ParquetRowGroup
            do { group = try parquet.readRowGroup(index, columns: columns.map(\.name)) } catch {
                throw InputError(error, file: parquet.url.relativePath)
            }
            for row in 0 ..< group.rowCount {
                number += 1
                guard let (_, annotation) = records.record(at: number) else { continue }
                try body(group.values.map { $0[row] }, annotation)
            }
        }
    }

    /// The annotation as Parquet cells, in ``DedupAnnotation/columns(withReason:)`` order.
    private static func parquetValues(_ annotation: DedupAnnotation, withReason: Bool) -> [ParquetValue] {
        [annotation.duplicateOf.map(ParquetValue.string) ?? .null, annotation.roundedScore.map(ParquetValue.double) ?? .null]
            + (withReason ? [annotation.reason.map(ParquetValue.string) ?? .null] : [])
    }
}
