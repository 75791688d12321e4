import Analysis
import Foundation
import PersonaKit
import RunFormat

/// The items to split: the audit's dataset plus, per item, the JSON object written to a split file.
///
/// What a split file keeps of each record:
/// - personas from JSONL (a file or a run directory's `personas.jsonl`): the original line, byte
///   for byte (matched by re-reading the file and checking that each line parses to the same persona);
/// - personas from a JSON array or Parquet (or JSONL whose re-read does not match): `Persona.jsonLine()`,
///   every field kept in card key order (a numeric `id` becomes its text, as the reader keeps it);
/// - JSONL with `--text-field`: the original line, byte for byte;
/// - Parquet rows read as text (a text column or a template over any columns): every column of the row;
/// - plain text and CSV: `{"text": …}`.
public struct SplitInput: Sendable {
    /// The items as the audit reads them (stored embeddings and the run log included).
    public var dataset: AuditDataset
    /// One compact JSON object per item, aligned with the dataset.
    public var records: [String]

    /// Creates an input from a dataset and its records.
    /// - Precondition: one record per item.
    public init(dataset: AuditDataset, records: [String]) {
        precondition(records.count == dataset.count, "\(records.count) records for \(dataset.count) items")
        self.dataset = dataset
        self.records = records
    }

    /// Reads `url` with the audit's reader (`AuditDataset.read`) and recovers each record's JSON.
    /// - Throws: `InputError` naming file, line and field.
    /// - Complexity: O(input size); a JSONL file is read twice.
    public static func read(_ url: URL, options: AuditDataset.ReadOptions) throws -> SplitInput {
        let dataset = try AuditDataset.read(url, options: options)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let format = isDirectory.boolValue ? InputFormat.personaJSONL : try options.format(of: url)
        if let personas = dataset.personas {
            let file = isDirectory.boolValue ? url.appendingPathComponent(RunFiles.personas) : url
            let lines = format == .personaJSONL ? originalLines(of: file, personas: personas) : nil
            return SplitInput(dataset: dataset, records: lines ?? personas.map { $0.jsonLine() })
        }
        let isJSONLines: Bool
        switch format {
        case .jsonl, .personaJSONL: isJSONLines = true
        case .parquet: return SplitInput(dataset: dataset, records: try parquetRows(of: url, format: format, options: options, count: dataset.count))
        default: isJSONLines = false
        }
        guard isJSONLines else {
            return SplitInput(dataset: dataset, records: dataset.texts.map { JSONValue.object(["text": .string($0)]).jsonText })
        }
        // Text records (a text field, or a template over any fields) are found again by their line: the ids
        // may be the records' own (`--id-field`), so the lines come from a second pass of the same reader.
        var wanted = [Int: Int]()
        _ = try options.reader(of: url, format: format).read { record in wanted[record.line] = wanted.count }
        guard wanted.count == dataset.count else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "changed while being read: \(wanted.count) records, then \(dataset.count)")
        }
        var records = [String?](repeating: nil, count: dataset.count)
        try LineReader(url: url).forEachLine { result in
            guard case let .success(line) = result, let index = wanted[line.number] else { return }
            records[index] = line.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return SplitInput(dataset: dataset, records: try records.enumerated().map { index, record in
            guard let record else { throw InputError(file: url.relativePath, line: nil, field: nil, message: "record \(dataset.ids[index]) changed while reading") }
            return record
        })
    }

    /// Every column of each row the reader keeps, as one compact JSON object per record (a second pass of the same reader).
    static func parquetRows(of url: URL, format: InputFormat, options: AuditDataset.ReadOptions, count: Int) throws -> [String] {
        var reader = options.reader(of: url, format: format)
        reader.keepsRowFields = true
        var records = [String]()
        records.reserveCapacity(count)
        _ = try reader.read { record in records.append((record.fields ?? .object(["text": .string(record.text)])).jsonText) }
        guard records.count == count else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "changed while being read: \(count) records, then \(records.count)")
        }
        return records
    }

    /// The file's lines that parse as personas, when they are exactly `personas` in order; nil otherwise
    /// (a JSON array, lines skipped for reasons a persona parse does not see).
    static func originalLines(of url: URL, personas: [Persona]) -> [String]? {
        var lines = [String]()
        var matches = true
        try? LineReader(url: url).forEachLine { result in
            guard matches, case let .success(line) = result, let persona = try? Persona(jsonText: line.text) else { return }
            if lines.count < personas.count && persona == personas[lines.count] {
                lines.append(line.text.trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                matches = false
            }
        }
        return matches && lines.count == personas.count ? lines : nil
    }

    /// Number of items.
    public var count: Int { records.count }

    /// The top-level value of `field` in each record as text (strings as they are, numbers and
    /// booleans spelled out; nil when absent, null or nested).
    /// - Complexity: parses every record once.
    public func values(of field: String) -> [String?] {
        records.map { record in
            switch (try? JSONValue.parse(record))?[field] {
            case let .string(text)?: text
            case let .number(number)?: number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case let .bool(flag)?: String(flag)
            default: nil
            }
        }
    }

    /// Each item's profession: the run's sampled components when logged, else a top-level `profession` field.
    public var professions: [String?] {
        let fromRecords = values(of: "profession")
        return (0 ..< count).map { index in
            let sampled = dataset.run.flatMap { index < $0.sampled.count ? $0.sampled[index]?.profession : nil }
            return sampled ?? fromRecords[index]
        }
    }

    /// Each item's age: the persona's, else a top-level whole-number `age` field.
    public var ages: [Int?] {
        if let personas = dataset.personas { return personas.map(\.age) }
        return values(of: "age").map { $0.flatMap { Int($0) } }
    }
}
