import Analysis
import Foundation
import PersonaKit

extension DedupAnnotator {
    /// `annotated.csv`: the header and every read row as written, with the added columns appended.
    static func writeCSVRows(_ records: RecordLines, file: URL, columns: [String], withReason: Bool, to directory: URL) throws -> Summary {
        let url = directory.appendingPathComponent(csvFile)
        var rows = try CSVRawRows(url: file)
        guard let header = try rows.next() else {
            throw InputError(file: file.relativePath, line: 1, field: nil, message: "no header row on a second read (changed while being read?)")
        }
        // Header names as the reader takes them: trimmed, a quoted name unquoted.
        let names = Set(header.text.split(separator: ",", omittingEmptySubsequences: false).map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            return trimmed.count >= 2 && trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"") ? String(trimmed.dropFirst().dropLast()) : trimmed
        })
        var added = columns, note: String?
        let taken = columns.filter(names.contains)
        if !taken.isEmpty { (added, note) = prefixed(columns, taken: taken) }
        let output = try AnnotatedFile(url: url)
        try output.write(header.text + "," + added.map(NotebookFiles.csvField).joined(separator: ","))
        var written = 0
        while let row = try rows.next() {
            guard let (_, annotation) = records.record(at: row.line) else { continue }
            try output.write(row.text + "," + annotation.csvFields(withReason: withReason).map(NotebookFiles.csvField).joined(separator: ","))
            written += 1
        }
        try output.close()
        return Summary(file: csvFile, records: written, columns: added, note: note)
    }
}
