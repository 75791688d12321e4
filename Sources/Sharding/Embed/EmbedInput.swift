import Analysis
import Foundation
import LinearAlgebra
import PersonaKit
import RunFormat

/// An input of `spb-analyze embed`, read the way `spb-analyze audit` reads it, one shard at a time.
///
/// Reading is streamed twice: a first pass counts the good records (and, in strict mode, stops at
/// the first bad one with its file and line), a second keeps only the shard's texts and ids.
/// Memory is O(shard texts), never O(input). Ids are the audit's: a persona's `id` when present,
/// else the record's 1-based line (for a JSON array or CSV, the line the record starts on; for
/// Parquet, the row number). A Parquet file is read one row group at a time in both passes.
public struct EmbedInput: Sendable {
    /// The path as given (a file or a `spb-generate` run directory).
    public let url: URL
    /// The file whose records are read (a run directory's `personas.jsonl`).
    public let recordsURL: URL
    /// How the records are laid out.
    public let format: InputFormat
    /// Strict (a bad record stops with exit 65) or skip.
    public let mode: ErrorMode
    /// True for a `spb-generate` run directory.
    public let isRunDirectory: Bool
    /// How personas become texts (name-blind unless `--keep-names`), and the name field of JSONL texts.
    public let read: AuditDataset.ReadOptions

    /// Resolves `url` with the audit's rules: a directory is a run directory (its `personas.jsonl`);
    /// a file's format follows `AuditDataset.ReadOptions.format(of:)`.
    /// - Throws: `InputError` for a missing path or an unknown extension.
    public init(url: URL, read: AuditDataset.ReadOptions) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "no such file or directory")
        }
        self.url = url
        self.mode = read.mode
        self.read = read
        isRunDirectory = isDirectory.boolValue
        if isRunDirectory {
            recordsURL = url.appendingPathComponent(RunFiles.personas)
            guard FileManager.default.fileExists(atPath: recordsURL.path) else {
                throw InputError(file: url.relativePath, line: nil, field: nil, message: "a run directory needs personas.jsonl")
            }
            format = .personaJSONL
        } else {
            recordsURL = url
            format = try read.format(of: url)
        }
    }

    /// The size in bytes of the records file (recorded in manifests to tell inputs apart).
    /// - Throws: `InputError` when the file cannot be inspected.
    public func byteSize() throws -> Int {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: recordsURL.path)
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw InputError(file: recordsURL.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
    }

    private var reader: DatasetReader {
        read.reader(of: recordsURL, format: format)
    }

    /// Counts the good records, and those skipped with `--skip-invalid`.
    /// - Throws: `InputError` naming file and line (strict mode: the first bad record).
    /// - Complexity: O(file size) time, O(longest record) memory.
    public func countRecords() throws -> (records: Int, skipped: Int) {
        let records = try reader.makeIterator()
        var count = 0
        while try records.next() != nil { count += 1 }
        return (count, records.summary.skippedCount)
    }

    /// The texts and ids of the records in `range` (0-based record indices, in input order).
    /// - Throws: `InputError`, also for an id with a line break (the ids file holds one per line).
    /// - Complexity: O(file size up to the range's end) time, O(range texts) memory.
    public func records(in range: Range<Int>) throws -> (texts: [String], ids: [String]) {
        var texts = [String](), ids = [String]()
        texts.reserveCapacity(range.count)
        ids.reserveCapacity(range.count)
        guard !range.isEmpty else { return (texts, ids) }
        let records = try reader.makeIterator()
        var index = 0
        while index < range.upperBound, let record = try records.next() {
            defer { index += 1 }
            guard index >= range.lowerBound else { continue }
            let id = record.id ?? String(record.line)
            guard !id.contains(where: \.isNewline) else {
                throw InputError(file: recordsURL.relativePath, line: record.line, field: "id", message: "an id with a line break cannot be written to the ids file")
            }
            texts.append(record.text)
            ids.append(id)
        }
        guard texts.count == range.count else {
            throw InputError(file: recordsURL.relativePath, line: nil, field: nil,
                             message: "changed while being read: expected records up to \(range.upperBound), found \(index)")
        }
        return (texts, ids)
    }
}
