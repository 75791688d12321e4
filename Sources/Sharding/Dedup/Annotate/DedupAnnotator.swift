import Analysis
import Foundation
import PersonaKit
import RunFormat

/// `spb-analyze dedup --annotate`: every input record written back with ``DedupAnnotation``'s columns added,
/// nothing dropped, in the input's own form:
/// - JSONL (and a run directory's `personas.jsonl`): `annotated.jsonl`, each line the original object with
///   the keys appended, its other keys and their order untouched;
/// - a JSON array: `annotated.jsonl`, one element per line, likewise;
/// - plain text: `annotated.jsonl` of `{"id", "text", …}` (the id is the line number);
/// - CSV: `annotated.csv`, each row as written with the columns appended;
/// - Parquet: `annotated.parquet` with the file's columns and the added ones; when the file has a column the
///   writer cannot write back, `annotated.jsonl` of the other columns instead, with a note naming those left out;
/// - a `.npy` matrix or embed shards (no records): `annotated.csv` of `id` and the added columns.
///
/// When a record already has a field of an added column's name (say its own `score`), the added columns are
/// all named with a `dedup_` prefix instead, and the note says so. Records a `--skip-invalid` read left out
/// are left out here too (the note counts them).
public enum DedupAnnotator {
    /// `dedup-report.json`'s `annotated` section.
    public struct Summary: Sendable, Codable, Equatable {
        /// The file written, in the output folder.
        public var file: String
        /// Records written.
        public var records: Int
        /// The added columns.
        public var columns: [String]
        /// What differs from the plain rule, when something does.
        public var note: String?
    }

    /// Writes the annotated records of `input` into `directory`.
    /// - Parameters:
    ///   - annotations: one per record of `input` as read (``DedupAnnotation/rows(count:decision:ids:against:)``).
    ///   - ids: those records' ids.
    ///   - input: the input path as given.
    ///   - kind: ``DedupInput/kind`` (`npy`, `shards` or the dataset format).
    ///   - options: how the input was read.
    ///   - withReason: whether the `reason` column is added.
    /// - Throws: `InputError` when the input cannot be read again as it was, an I/O error when writing fails.
    public static func write(_ annotations: [DedupAnnotation], ids: [String], input: URL, kind: String, options: AuditDataset.ReadOptions,
                             withReason: Bool, to directory: URL) throws -> Summary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let columns = DedupAnnotation.columns(withReason: withReason)
        if kind == "npy" || kind == "shards" {
            return try writeIDs(annotations, ids: ids, columns: columns, withReason: withReason, to: directory.appendingPathComponent(csvFile))
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory)
        let file = isDirectory.boolValue ? input.appendingPathComponent(RunFiles.personas) : input
        let format = isDirectory.boolValue ? InputFormat.personaJSONL : try options.format(of: input)
        var records = RecordLines(annotations: annotations)
        let skipped = try options.reader(of: file, format: format).read { record in records.add(line: record.line) }.skippedCount
        guard records.count == annotations.count else {
            throw InputError(file: file.relativePath, line: nil, field: nil,
                             message: "changed while being read: \(annotations.count) records, then \(records.count)")
        }
        var result: Summary
        switch format {
        case .personaJSONL, .jsonl:
            result = try writeJSONObjects(records, source: .lines(file), columns: columns, withReason: withReason,
                                          to: directory.appendingPathComponent(jsonlFile))
        case .personaJSONArray:
            result = try writeJSONObjects(records, source: .arrayElements(file), columns: columns, withReason: withReason,
                                          to: directory.appendingPathComponent(jsonlFile))
        case .plainText:
            result = try writeTexts(records, file: file, ids: ids, columns: columns, withReason: withReason,
                                    to: directory.appendingPathComponent(jsonlFile))
        case .csv:
            result = try writeCSVRows(records, file: file, columns: columns, withReason: withReason, to: directory)
        case .parquet:
            result = try writeParquet(records, file: file, columns: columns, withReason: withReason, to: directory)
        }
        if skipped > 0 {
            result.note = [result.note, "\(skipped) record\(skipped == 1 ? "" : "s") the read skipped (--skip-invalid) \(skipped == 1 ? "is" : "are") left out"].compactMap { $0 }.joined(separator: "; ")
        }
        return result
    }

    /// Output file names by form.
    public static let jsonlFile = "annotated.jsonl", csvFile = "annotated.csv", parquetFile = "annotated.parquet"

    /// The prefix of the added columns when the input already has a field of one of their names.
    static let takenPrefix = "dedup_"

    /// `columns` prefixed with ``takenPrefix``, and the note saying why.
    static func prefixed(_ columns: [String], taken: [String]) -> (columns: [String], note: String) {
        (columns.map { takenPrefix + $0 },
         "the input has a field named \(taken.joined(separator: ", ")), so the added columns are \(columns.map { takenPrefix + $0 }.joined(separator: ", "))")
    }

    /// `"key":value` pairs, comma-separated, in order.
    static func jsonMembers(_ members: [(String, JSONValue)]) -> String {
        members.map { JSONValue.string($0.0).jsonText + ":" + $0.1.jsonText }.joined(separator: ",")
    }

    /// The annotations of the records the reader read, found again by the line (or Parquet row) each starts at.
    struct RecordLines {
        let annotations: [DedupAnnotation]
        private var indexByLine = [Int: Int]()

        init(annotations: [DedupAnnotation]) { self.annotations = annotations }

        /// Records the next record's line.
        mutating func add(line: Int) { indexByLine[line] = indexByLine.count }

        /// Records found.
        var count: Int { indexByLine.count }

        /// The record starting at `line`, with its annotation; nil for a line the reader did not read as a record.
        func record(at line: Int) -> (index: Int, annotation: DedupAnnotation)? {
            guard let index = indexByLine[line], annotations.indices.contains(index) else { return nil }
            return (index, annotations[index])
        }
    }

    /// `annotated.csv` of `id` and the added columns (inputs without records).
    private static func writeIDs(_ annotations: [DedupAnnotation], ids: [String], columns: [String], withReason: Bool, to url: URL) throws -> Summary {
        let output = try AnnotatedFile(url: url)
        try output.write((["id"] + columns).joined(separator: ","))
        for (id, annotation) in zip(ids, annotations) {
            try output.write(([id] + annotation.csvFields(withReason: withReason)).map(NotebookFiles.csvField).joined(separator: ","))
        }
        try output.close()
        return Summary(file: url.lastPathComponent, records: annotations.count, columns: columns)
    }

    /// `annotated.jsonl` of `{"id", "text", …}` for plain text.
    private static func writeTexts(_ records: RecordLines, file: URL, ids: [String], columns: [String], withReason: Bool, to url: URL) throws -> Summary {
        let output = try AnnotatedFile(url: url)
        var written = 0
        try LineReader(url: file).forEachLine { result in
            guard case let .success(line) = result, let (index, annotation) = records.record(at: line.number) else { return }
            let members = [("id", JSONValue.string(ids[index])), ("text", .string(line.text))] + Array(zip(columns, annotation.jsonValues(withReason: withReason)))
            try output.write("{" + jsonMembers(members) + "}")
            written += 1
        }
        try output.close()
        return Summary(file: url.lastPathComponent, records: written, columns: columns)
    }
}
